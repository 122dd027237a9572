import { z } from 'zod';
import { BOOKING_STATUSES } from '../../../core/db/models.js';

const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const reason = z.string().trim().min(1).max(500);

export const listUsersQuery = z.strictObject({
  q: z.string().trim().min(1).max(200).optional(),
  role: z.enum(['admin', 'user']).optional(),
  status: z.enum(['active', 'suspended']).optional(),
  limit: limit(100, 20),
  cursor: z.string().max(200).optional(),
});

export const setRoleBody = z.strictObject({ role: z.enum(['admin', 'user']) });
export const suspendBody = z.strictObject({ reason });
export const resetThrottleBody = z.strictObject({ address: z.string().trim().min(1).max(100).optional() });

export const listMeetingsQuery = z.strictObject({
  person: z.string().trim().min(1).max(200).optional(),
  /** One status or several, comma-separated. */
  status: z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.enum(BOOKING_STATUSES)).min(1))
    .optional(),
  from: instant.optional(),
  to: instant.optional(),
  limit: limit(200, 50),
  cursor: z.string().max(200).optional(),
});

export const cancelMeetingBody = z.strictObject({ reason });

export const listEventTypesQuery = z.strictObject({
  q: z.string().trim().min(1).max(200).optional(),
  archived: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: limit(500, 100),
});

export const listTeamsQuery = z.strictObject({ q: z.string().trim().min(1).max(200).optional(), limit: limit(500, 100) });

export const listOutboxQuery = z.strictObject({ status: z.enum(['pending', 'sent', 'dead']).optional(), limit: limit(500, 50) });

export const listAuditQuery = z.strictObject({
  actor: z.string().trim().min(1).max(200).optional(),
  action: z.string().trim().min(1).max(100).optional(),
  target: z.string().trim().min(1).max(100).optional(),
  from: instant.optional(),
  to: instant.optional(),
  limit: limit(500, 50),
  cursor: z.string().max(40).optional(),
});
