import { z } from 'zod';
import { INSTANT_RANGE_MESSAGE, NOT_A_DATE_MESSAGE, isInstantTextInRange, isRealDateText } from '../../../core/time/instants.js';
import { isValidTimeZone } from '../../../core/time/zones.js';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const instant = z
  .string()
  .min(10)
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)), 'expected an ISO 8601 time')
  .refine(isInstantTextInRange, INSTANT_RANGE_MESSAGE)
  .refine(isRealDateText, NOT_A_DATE_MESSAGE);

/**
 * A textarea's text, trimmed (blank: null). A browser sends each line break as CRLF while its
 * maxlength counted it as one character, so line breaks become LF (and are stored so) before the
 * length is checked: a text the browser accepted is accepted here.
 */
const textareaText = (max: number) =>
  z
    .string()
    .transform((v) => v.replace(/\r\n?/g, '\n'))
    .pipe(z.string().max(max, `at most ${max} characters`))
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : null));

export const slotQuerySchema = z.object({ timezone: z.string().max(64).optional(), date: date.optional(), token: z.string().max(200).optional() }).loose();
export const bookQuerySchema = z.object({ start: instant, timezone: z.string().max(64) }).loose();
export const bookFormSchema = z.object({
  _csrf: z.string(),
  start: instant,
  // The picker's zone, sent back in a hidden field: one that is not a zone was tampered with, and is refused, not read as UTC.
  timezone: z.string().min(1).max(64).refine(isValidTimeZone, 'unknown time zone; pick yours on the booking page'),
  name: z.string().trim().min(1, 'enter your name').max(200),
  email: z.email('enter a valid email address').max(320),
  notes: textareaText(2000),
  /** Event types that allow series: repeat '' (once), weekly, every-2-weeks or monthly, for `count` meetings. */
  repeat: z.enum(['', 'weekly', 'every-2-weeks', 'monthly']).optional(),
  count: z.coerce.number().int().min(2, 'a series has at least 2 meetings').max(104).optional(),
  allowPartial: z.string().optional(),
  promoCode: z.string().max(32).optional().transform((v) => (v && v.trim() ? v.trim() : null)),
});
export const meetingQuerySchema = z.object({ token: z.string().max(200).optional(), timezone: z.string().max(64).optional(), booked: z.string().optional(), rescheduled: z.string().optional(), canceled: z.string().optional() }).loose();
export const rescheduleConfirmQuerySchema = z.object({ token: z.string().max(200), start: instant, timezone: z.string().max(64) }).loose();
export const rescheduleFormSchema = z.object({ _csrf: z.string(), token: z.string().max(200), start: instant, timezone: z.string().max(64) });
export const cancelFormSchema = z.object({ _csrf: z.string(), token: z.string().max(200), reason: textareaText(500) });
export const waitlistFormSchema = z.object({
  _csrf: z.string(),
  start: instant,
  // The picker's zone, sent back in a hidden field: one that is not a zone was tampered with, and is refused, not read as UTC.
  timezone: z.string().min(1).max(64).refine(isValidTimeZone, 'unknown time zone; pick yours on the booking page'),
  name: z.string().trim().min(1, 'enter your name').max(200),
  email: z.email('enter a valid email address').max(320),
});
export const offerTokenSchema = z.object({ token: z.string().min(10).max(200) });
