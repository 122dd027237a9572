import { z } from 'zod';

/** A blocklist entry: kind and value, why, and until when (none: until removed). */
export const addBlockBody = z.strictObject({
  kind: z.enum(['email', 'domain', 'network']),
  value: z.string().trim().min(1).max(320),
  reason: z.string().trim().min(1).max(500).optional(),
  expiresAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)).optional(),
});

export const listBlocksQuery = z.strictObject({ all: z.enum(['true', 'false']).optional() });

export const listDecisionsQuery = z.strictObject({
  decision: z.enum(['allow', 'challenge', 'block']).optional(),
  email: z.string().trim().min(1).max(320).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(40).optional(),
});

export const appealBody = z.strictObject({ ref: z.string().min(10).max(200), message: z.string().trim().min(1).max(2000) });
