import { z } from 'zod';
import { INSTANT_RANGE_MESSAGE, isInstantTextInRange } from '../../../core/time/instants.js';

const instant = z.string().min(10).max(40).refine(isInstantTextInRange, INSTANT_RANGE_MESSAGE);
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
  })
  .strict()
  .refine((b) => Boolean(b.user) !== Boolean(b.team), { message: 'give exactly one of user or team', path: ['user'] });

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

export const rescheduleSchema = z.object({ start: instant }).strict();
export const reasonSchema = z.object({ reason: z.string().trim().max(2000).nullable().optional() }).strict();

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
      .pipe(z.array(z.enum(['pending', 'scheduled', 'canceled', 'rejected', 'completed', 'no_show'])))
      .optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(500).optional(),
  })
  .strict();

export const loadQuerySchema = z
  .object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').optional(), to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').optional(), timezone: zone.optional() })
  .strict();
