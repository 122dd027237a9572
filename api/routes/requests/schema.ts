import { z } from 'zod';

const text = z.string().trim().min(1, 'expected the request text, e.g. "30 min with alice tomorrow 3pm"').max(2000);

export const createRequestSchema = z
  .object({
    text,
    timezone: z.string().min(1).max(64).optional(),
    title: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export const answerRequestSchema = z.object({ text }).strict();

export const bookRequestSchema = z
  .object({
    start: z.string().datetime({ offset: true, message: 'expected an ISO 8601 instant such as 2026-11-25T14:00:00Z' }),
    notes: z.string().max(2000).optional(),
  })
  .strict();
