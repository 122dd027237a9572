import { z } from 'zod';

export const createTokenSchema = z
  .object({
    name: z.string().trim().min(1, 'expected a name for the token').max(100),
    expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
    password: z.string().min(1, 'expected your current password').max(1024).optional(),
  })
  .strict();

export const tokenIdSchema = z.string().uuid({ message: 'expected a token id (uuid)' });

/** `DELETE /api/tokens/:id`'s path: a refused id is named `id`, where it was given, not "(body)". */
export const tokenParamsSchema = z.object({ id: tokenIdSchema });
