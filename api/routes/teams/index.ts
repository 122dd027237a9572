import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { presentTeam } from '../../presenters/scheduling.js';
import { parseInput } from '../../validate.js';
import { createTeamSchema } from './schema.js';

/** Teams: create, list mine, read one. */
export function teamRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  router.use('/api/teams', requireAuth);

  router.post('/api/teams', async (ctx) => {
    const input = parseInput(createTeamSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = presentTeam(await services.scheduling.createTeam(ctx.state.principal!.userId, input));
  });

  router.get('/api/teams', async (ctx) => {
    ctx.body = { teams: (await services.scheduling.listTeams(ctx.state.principal!.userId)).map(presentTeam) };
  });

  router.get('/api/teams/:slug', async (ctx) => {
    ctx.body = presentTeam(await services.scheduling.getTeam(ctx.state.principal!.userId, ctx.params.slug!));
  });

  return router;
}
