import { z } from 'zod';
import { MAX_PENDING } from '../../../core/booking/pendingRequests.js';

export const decideSchema = z
  .object({
    ids: z.array(z.string().min(1).max(64)).min(1).max(MAX_PENDING),
    reason: z.string().max(2000).nullable().optional(),
  })
  .strict();

export const assignSchema = z
  .object({
    username: z.string().min(1).max(64),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict();
