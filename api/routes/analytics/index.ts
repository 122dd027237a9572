import Router from '@koa/router';
import { chartOf } from '../../../core/analytics/charts.js';
import type { AppDeps, AppState } from '../../context.js';
import { renderSvg } from '../../charts/svg.js';
import { requireAuth } from '../../middleware/auth.js';
import { parseInput } from '../../validate.js';
import { analyticsQuery } from './schema.js';

/** Figures for a user, a team or (admins) everyone: `GET /api/analytics/<metric>`. */
export function analyticsRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();

  router.get('/api/analytics/:metric', requireAuth, async (ctx) => {
    const query = parseInput(analyticsQuery, ctx.query, 'query');
    const { userId, role } = ctx.state.principal!;
    // `/api/analytics/<metric>.svg` is the same figure drawn as an accessible chart.
    const name = ctx.params.metric!;
    const svg = name.endsWith('.svg');
    const result = await services.analytics.metric(svg ? name.slice(0, -4) : name, { userId, role }, query);
    if (!svg) {
      ctx.body = result;
      return;
    }
    ctx.type = 'image/svg+xml; charset=utf-8';
    ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    ctx.body = renderSvg(chartOf(result));
  });

  return router;
}
