import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireRole } from '../../middleware/auth.js';
import { presentAdminUser } from '../../presenters/admin.js';
import { parseInput } from '../../validate.js';
import { auditContext } from './audit.js';
import { addAdminCatalogRoutes } from './catalog.js';
import { addAdminMeetingRoutes } from './meetings.js';
import { addAdminSpamRoutes } from './spam.js';
import { listUsersQuery, resetThrottleBody, setRoleBody, suspendBody } from './schema.js';

/** The admin panel's API: every route under /api/admin needs the admin role. */
export function adminRoutes(deps: AppDeps): Router<AppState> {
  const { services } = deps;
  const router = new Router<AppState>();
  router.use('/api/admin', requireRole('admin'));

  router.get('/api/admin/users', async (ctx) => {
    const query = parseInput(listUsersQuery, ctx.query, 'query');
    const page = await services.admin.searchUsers(query);
    ctx.body = { users: page.users.map(presentAdminUser), nextCursor: page.nextCursor };
  });

  router.put('/api/admin/users/:user/role', async (ctx) => {
    const { role } = parseInput(setRoleBody, ctx.request.body);
    ctx.body = presentAdminUser(await services.admin.setUserRole(auditContext(ctx), ctx.params.user!, role));
  });

  router.post('/api/admin/users/:user/suspend', async (ctx) => {
    const { reason } = parseInput(suspendBody, ctx.request.body);
    ctx.body = presentAdminUser(await services.admin.suspendUser(auditContext(ctx), ctx.params.user!, reason));
  });

  router.post('/api/admin/users/:user/restore', async (ctx) => {
    ctx.body = presentAdminUser(await services.admin.restoreUser(auditContext(ctx), ctx.params.user!));
  });

  router.post('/api/admin/users/:user/reset-throttle', async (ctx) => {
    const { address } = parseInput(resetThrottleBody, ctx.request.body ?? {});
    const { user, cleared } = await services.admin.resetLoginThrottle(auditContext(ctx), ctx.params.user!, address);
    ctx.body = { user: presentAdminUser(user), address: address ?? null, cleared };
  });

  addAdminMeetingRoutes(router, deps);
  addAdminCatalogRoutes(router, deps);
  addAdminSpamRoutes(router, deps);
  return router;
}
