import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

/** `?scope=me|team:<slug>|all&from&to&timezone&groupBy=day|week|month` */
export const analyticsQuery = z.strictObject({
  scope: z.string().regex(/^(me|all|team:[A-Za-z0-9_-]{1,64})$/, 'expected me, team:<slug> or all').default('me'),
  from: day.optional(),
  to: day.optional(),
  timezone: z.string().min(1).max(64).optional(),
  groupBy: z.enum(['day', 'week', 'month']).default('day'),
});
