import { z } from 'zod';

export const listOutboxQuerySchema = z.strictObject({
  status: z.enum(['pending', 'sent', 'dead']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const listMailQuerySchema = z.strictObject({
  all: z.enum(['true', 'false', '1', '0']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
