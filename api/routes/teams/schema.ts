import { z } from 'zod';

export const createTeamSchema = z
  .object({
    slug: z.string().trim().min(1).max(64),
    name: z.string().trim().min(1).max(200),
    members: z
      .array(
        z
          .object({
            username: z.string().min(1).max(64),
            priority: z.number().int().min(-1000).max(1000).optional(),
            weight: z.number().int().min(1).max(100_000).optional(),
            role: z.enum(['owner', 'admin', 'member']).optional(),
          })
          .strict(),
      )
      .max(200)
      .default([]),
  })
  .strict();
