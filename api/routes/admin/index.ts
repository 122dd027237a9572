import Router from '@koa/router';
import { z } from 'zod';
import type { AppDeps, AppState } from '../../context.js';
import { requireRole } from '../../middleware/auth.js';
import { presentUser } from '../../presenters/user.js';
import { parseInput } from '../../validate.js';

const listUsersQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export function adminRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  router.use('/api/admin', requireRole('admin'));

  router.get('/api/admin/users', async (ctx) => {
    const query = parseInput(listUsersQuery, ctx.query, 'query');
    const page = await services.auth.listUsers(query);
    ctx.body = { users: page.users.map(presentUser), nextCursor: page.nextCursor };
  });

  return router;
}
