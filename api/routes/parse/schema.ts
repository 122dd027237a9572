import { z } from 'zod';

export const parseSchema = z
  .object({
    text: z.string().trim().min(1, 'expected the request text').max(2000),
    timezone: z.string().min(1).max(64).optional(),
    now: z.string().datetime({ offset: true, message: 'expected an ISO 8601 instant such as 2026-11-24T09:00:00Z' }).optional(),
    locale: z.string().max(20).optional(),
  })
  .strict();
