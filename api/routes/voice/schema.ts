import { z } from 'zod';

export const voiceTextSchema = z
  .object({
    text: z.string().trim().min(1, 'expected what was said, e.g. "put meeting with alice for tomorrow ten am"').max(2000),
    timezone: z.string().min(1).max(64).optional(),
  })
  .strict();
