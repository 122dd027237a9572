import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { parseInput } from '../../validate.js';
import { analyticsQuery } from './schema.js';

/** Figures for a user, a team or (admins) everyone: `GET /api/analytics/<metric>`. */
export function analyticsRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();

  router.get('/api/analytics/:metric', requireAuth, async (ctx) => {
    const query = parseInput(analyticsQuery, ctx.query, 'query');
    const { userId, role } = ctx.state.principal!;
    ctx.body = await services.analytics.metric(ctx.params.metric!, { userId, role }, query);
  });

  return router;
}
