import { z } from 'zod';
import { BOOKING_STATUSES } from '../../../core/db/models.js';
import { INSTANT_RANGE_MESSAGE, NOT_A_DATE_MESSAGE, isInstantTextInRange, isRealDateText } from '../../../core/time/instants.js';

const instant = z.string().min(10).max(40).refine(isInstantTextInRange, INSTANT_RANGE_MESSAGE).refine(isRealDateText, NOT_A_DATE_MESSAGE);
const zone = z.string().min(1).max(64);

export const scheduleMeetingSchema = z
  .object({
    user: z.string().min(1).max(64).optional(),
    team: z.string().min(1).max(64).optional(),
    eventType: z.string().min(1).max(64),
    start: instant,
    invitee: z
      .object({
        name: z.string().trim().min(1).max(200),
        email: z.string().trim().toLowerCase().max(254).email({ message: 'expected an email address' }),
        timezone: zone,
      })
      .strict(),
    notes: z.string().max(5000).nullable().optional(),
    /** Book a series (event types that allow it): see core/booking/series. */
    recurrence: z
      .object({
        frequency: z.enum(['weekly', 'monthly']),
        interval: z.number().int().min(1).max(12).optional(),
        count: z.number().int().min(2).max(104).optional(),
        until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').optional(),
      })
      .strict()
      .refine((r) => (r.count === undefined) !== (r.until === undefined), { message: 'give exactly one of count or until', path: ['count'] })
      .optional(),
    /** With recurrence: book the free meetings and list the others instead of refusing the series. */
    allowPartial: z.boolean().optional(),
    promoCode: z.string().trim().min(1).max(64).nullable().optional(),
    /** Group sessions: when the session is full, join its waitlist instead (202). */
    waitlist: z.boolean().optional(),
  })
  .strict()
  .refine((b) => b.allowPartial === undefined || b.recurrence !== undefined, { message: 'allowPartial needs recurrence', path: ['allowPartial'] })
  .refine((b) => Boolean(b.user) !== Boolean(b.team), { message: 'give exactly one of user or team', path: ['user'] })
  .refine((b) => !(b.recurrence && b.promoCode), { message: 'a promo code applies to one booking, not to a series', path: ['promoCode'] });

export const adHocMeetingSchema = z
  .object({
    usernames: z.array(z.string().min(1).max(64)).max(20).default([]),
    start: instant,
    durationMinutes: z.number().int().min(1).max(1440),
    title: z.string().trim().min(1).max(200),
    notes: z.string().max(5000).nullable().optional(),
    location: z.string().max(2000).nullable().optional(),
  })
  .strict();

/** `timezone`: the asker's zone, in which a refusal names the nearest free times (default: their profile's). */
export const rescheduleSchema = z.object({ start: instant, scope: z.enum(['this', 'following']).optional(), timezone: zone.optional() }).strict();
export const reasonSchema = z.object({ reason: z.string().trim().max(2000).nullable().optional() }).strict();
/** Cancel one meeting, or with `scope` it and the following ones of its series, or the whole series. */
export const cancelSchema = reasonSchema.extend({ scope: z.enum(['this', 'following', 'series']).optional() }).strict();

export const tokenQuerySchema = z.object({ token: z.string().min(10).max(200).optional(), timezone: zone.optional() }).strict();

export const listMeetingsQuerySchema = z
  .object({
    scope: z.enum(['upcoming', 'past']).default('upcoming'),
    from: instant.optional(),
    to: instant.optional(),
    timezone: zone.optional(),
    status: z
      .string()
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.enum(BOOKING_STATUSES)))
      .optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(500).optional(),
  })
  .strict();

export const loadQuerySchema = z
  .object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').optional(), to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').optional(), timezone: zone.optional() })
  .strict();

/** `POST /api/meetings/confirm`: the token of a challenged booking's e-mailed link. */
export const confirmBookingSchema = z.object({ token: z.string().min(10).max(200) }).strict();
/** PATCH /api/meetings/:id: the hosts' own notes (empty clears them). */
export const hostNotesSchema = z.object({ hostNotes: z.string().max(10_000) }).strict();
