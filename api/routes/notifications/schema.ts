import { z } from 'zod';
import { NOT_A_DATE_MESSAGE, isRealDateText } from '../../../core/time/instants.js';

const flag = z.enum(['', 'true', 'false', '1', '0']).transform((v) => v === '' || v === 'true' || v === '1');

export const listNotificationsQuerySchema = z.strictObject({
  /** `?unread` alone counts as true. */
  unread: flag.optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const markReadSchema = z.union([
  z.strictObject({ ids: z.array(z.union([z.string(), z.number().int()]).transform(String)).min(1, 'expected at least one id').max(1000) }),
  z.strictObject({ all: z.literal(true) }),
]);

const instant = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'expected an ISO 8601 instant').refine(isRealDateText, NOT_A_DATE_MESSAGE);

export const notificationLogQuerySchema = z.strictObject({
  channel: z.string().min(1).max(40).optional(),
  status: z.enum(['pending', 'sent', 'dead']).optional(),
  bookingId: z.string().uuid({ message: 'expected a booking id (uuid)' }).optional(),
  since: instant.optional(),
  until: instant.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().min(1).max(500).optional(),
  all: flag.optional(),
});

/** Last-Event-ID: a notification id. */
export const lastEventIdSchema = z.string().regex(/^\d{1,18}$/, 'expected a notification id');
