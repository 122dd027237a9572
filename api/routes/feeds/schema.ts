import { z } from 'zod';

export const feedTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'not a feed token');
export const meetingIcsQuerySchema = z.object({ token: z.string().min(1).max(200).optional() }).loose();
/** `?upcoming=1` leaves out cancelled and past meetings. */
export const feedQuerySchema = z.object({ upcoming: z.enum(['1', 'true', '0', 'false']).optional().transform((v) => v === '1' || v === 'true') }).loose();
