import { z } from 'zod';

export const connectSchema = z
  .object({
    provider: z.enum(['google', 'microsoft', 'caldav'], { message: 'expected google, microsoft or caldav' }),
    url: z.string().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
  })
  .strict();

export const updateCalendarSchema = z
  .object({
    checkConflicts: z.boolean({ message: 'expected true or false' }).optional(),
    isDestination: z.boolean({ message: 'expected true or false' }).optional(),
  })
  .strict()
  .refine((v) => v.checkConflicts !== undefined || v.isDestination !== undefined, {
    message: 'send checkConflicts, isDestination or both',
  });

export const idSchema = z.string().uuid({ message: 'expected an id (uuid) from GET /api/calendars' });

export const eventTypeDestinationSchema = z.object({ calendarId: z.string().uuid({ message: 'expected a calendar id from GET /api/calendars, or null' }).nullable() }).strict();
export const slugSchema = z.string().min(1).max(100);
