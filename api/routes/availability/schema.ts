import { z } from 'zod';

const hhmm = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const zone = z.string().min(1).max(64);

export const scheduleSchema = z
  .object({
    timezone: zone,
    weekly: z.array(z.object({ day: z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']), start: hhmm, end: hhmm }).strict()).max(100),
    overrides: z.array(z.object({ date, intervals: z.array(z.object({ start: hhmm, end: hhmm }).strict()).max(20) }).strict()).max(1000).default([]),
  })
  .strict();

/** Smart-times preferences: wall-clock windows in the user's zone, optionally on some ISO weekdays. */
const localWindows = z.array(z.object({ start: hhmm, end: hhmm, days: z.array(z.number().int().min(1).max(7)).max(7).optional() }).strict()).max(20);

export const settingsSchema = z
  .object({
    timezone: zone.optional(),
    name: z.string().trim().min(1).max(200).optional(),
    dailyMeetingLimit: z.number().int().min(1).max(1000).nullable().optional(),
    weeklyMeetingLimit: z.number().int().min(1).max(5000).nullable().optional(),
    preferredHours: localWindows.nullable().optional(),
    focusBlocks: localWindows.nullable().optional(),
  })
  .strict();

const csv = z
  .string()
  .max(2000)
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

export const availabilityQuerySchema = z
  .object({
    user: z.string().min(1).max(64).optional(),
    team: z.string().min(1).max(64).optional(),
    eventType: z.string().min(1).max(64).optional(),
    users: csv.pipe(z.array(z.string().min(1).max(64)).min(1, 'name at least one user').max(20)).optional(),
    durationMinutes: z.coerce.number().int().min(1).max(1440).optional(),
    from: date.optional(),
    to: date.optional(),
    timezone: zone.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(500),
    cursor: z.string().min(1).max(200).optional(),
    rank: z.enum(['smart']).optional(),
    near: z.string().datetime({ offset: true }).optional(),
    attendees: csv.pipe(z.array(z.string().min(1).max(254)).max(20)).optional(),
    inviteeTimezone: zone.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (!q.rank && (q.near || q.attendees || q.inviteeTimezone)) ctx.addIssue({ code: 'custom', path: ['rank'], message: 'near, attendees and inviteeTimezone need rank=smart' });
    if (q.users) {
      if (!q.durationMinutes) ctx.addIssue({ code: 'custom', path: ['durationMinutes'], message: 'required with users' });
    } else {
      if (!q.user && !q.team) ctx.addIssue({ code: 'custom', path: ['user'], message: 'give user (or team, or users)' });
      if (!q.eventType) ctx.addIssue({ code: 'custom', path: ['eventType'], message: 'required with user or team' });
    }
  });

/** Who is free when: several users (signed in), or the hosts of a public event type. */
export const peopleQuerySchema = z
  .object({
    users: csv.pipe(z.array(z.string().min(1).max(64)).min(1, 'name at least one user').max(20)).optional(),
    durationMinutes: z.coerce.number().int().min(1).max(1440).optional(),
    user: z.string().min(1).max(64).optional(),
    team: z.string().min(1).max(64).optional(),
    eventType: z.string().min(1).max(64).optional(),
    from: date.optional(),
    to: date.optional(),
    timezone: zone.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.users && !q.durationMinutes) ctx.addIssue({ code: 'custom', path: ['durationMinutes'], message: 'required with users' });
    if (!q.users && !q.eventType) ctx.addIssue({ code: 'custom', path: ['users'], message: 'give users (with durationMinutes), or user/team and eventType' });
  });
