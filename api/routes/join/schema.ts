import { z } from 'zod';

export const joinParamsSchema = z.object({ token: z.string().min(10).max(200) });
export const attendeeParamsSchema = z.object({ id: z.string().min(8).max(64), attendeeId: z.string().uuid({ message: 'expected an attendee id (a UUID)' }) });
export const tokenQuerySchema = z.object({ token: z.string().min(10).max(200).optional() }).strict();
