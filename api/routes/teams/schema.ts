import { z } from 'zod';
import { TEAM_ROLES } from '../../../core/teams/policy.js';

const role = z.enum(TEAM_ROLES);
const priority = z.number().int().min(-1000).max(1000);
const weight = z.number().int().min(1).max(100_000);

export const createTeamSchema = z
  .object({
    slug: z.string().trim().min(1).max(64),
    name: z.string().trim().min(1).max(200),
    members: z
      .array(z.object({ username: z.string().min(1).max(64), priority: priority.optional(), weight: weight.optional(), role: role.optional() }).strict())
      .max(200)
      .default([]),
  })
  .strict();

export const addMemberSchema = z
  .object({ username: z.string().min(1).max(64), role: role.optional(), priority: priority.optional(), weight: weight.optional() })
  .strict();

export const updateMemberSchema = z
  .object({ role: role.optional(), priority: priority.optional(), weight: weight.optional() })
  .strict()
  .refine((v) => v.role !== undefined || v.priority !== undefined || v.weight !== undefined, { message: 'give role, priority or weight' });

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const scheduleQuerySchema = z.object({ from: date.optional(), to: date.optional(), timezone: z.string().min(1).max(64).optional() }).strict();
