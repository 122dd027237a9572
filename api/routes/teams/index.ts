import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { presentTeam } from '../../presenters/scheduling.js';
import { parseInput } from '../../validate.js';
import { addMemberSchema, createTeamSchema, scheduleQuerySchema, updateMemberSchema } from './schema.js';

/** Teams: create, list mine, read one, manage members (admins; core/teams/policy.ts decides). */
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

  router.get('/api/teams/:slug/schedule', async (ctx) => {
    const q = parseInput(scheduleQuerySchema, ctx.query, 'query');
    ctx.body = await services.scheduling.getTeamSchedule(ctx.state.principal!.userId, ctx.params.slug!, q);
  });

  router.post('/api/teams/:slug/members', async (ctx) => {
    const input = parseInput(addMemberSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = presentTeam(await services.scheduling.addTeamMember(ctx.state.principal!.userId, ctx.params.slug!, input));
  });

  router.patch('/api/teams/:slug/members/:username', async (ctx) => {
    const patch = parseInput(updateMemberSchema, ctx.request.body);
    ctx.body = presentTeam(await services.scheduling.updateTeamMember(ctx.state.principal!.userId, ctx.params.slug!, ctx.params.username!, patch));
  });

  router.delete('/api/teams/:slug/members/:username', async (ctx) => {
    await services.scheduling.removeTeamMember(ctx.state.principal!.userId, ctx.params.slug!, ctx.params.username!);
    ctx.status = 204;
  });

  return router;
}
