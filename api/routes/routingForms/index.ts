/**
 * Routing forms: the owner manages them and reads/exports the responses; anyone answers one
 * (`POST /api/routing-forms/:username/:slug/responses`, or the page /:username/forms/:slug).
 */
import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { bookingRateLimit } from '../../middleware/rateLimit.js';
import { parseInput } from '../../validate.js';
import { presentRoutingOutcome } from '../../presenters/routing.js';
import { answersSchema, createFormSchema, updateFormSchema } from './schema.js';

export function routingFormRoutes({ services, config, clock, runtime }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const { routing } = services;
  const limit = bookingRateLimit({ config, clock, runtime }, 'routing-form');

  router.get('/api/routing-forms', requireAuth, async (ctx) => {
    ctx.body = { forms: await routing.listForms(ctx.state.principal!.userId) };
  });

  router.post('/api/routing-forms', requireAuth, async (ctx) => {
    const { slug, title, ...definition } = parseInput(createFormSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = await routing.createForm(ctx.state.principal!.userId, { slug, title, definition });
  });

  router.get('/api/routing-forms/:id', requireAuth, async (ctx) => {
    ctx.body = await routing.getForm(ctx.state.principal!.userId, ctx.params.id!);
  });

  router.patch('/api/routing-forms/:id', requireAuth, async (ctx) => {
    const { title, ...patch } = parseInput(updateFormSchema, ctx.request.body);
    const userId = ctx.state.principal!.userId;
    // A definition is replaced whole: missing parts keep their current value.
    const current = Object.keys(patch).length ? await routing.getForm(userId, ctx.params.id!) : null;
    const definition = current ? { questions: current.questions, rules: current.rules, fallback: current.fallback, scoring: current.scoring, ...patch } : undefined;
    ctx.body = await routing.updateForm(userId, ctx.params.id!, { title, definition });
  });

  router.delete('/api/routing-forms/:id', requireAuth, async (ctx) => {
    await routing.deleteForm(ctx.state.principal!.userId, ctx.params.id!);
    ctx.status = 204;
  });

  router.get('/api/routing-forms/:id/responses', requireAuth, async (ctx) => {
    ctx.body = { responses: (await routing.listResponses(ctx.state.principal!.userId, ctx.params.id!)).responses };
  });

  router.get('/api/routing-forms/:id/responses.csv', requireAuth, async (ctx) => {
    const { csv, rows } = await routing.exportCsv(ctx.state.principal!.userId, ctx.params.id!);
    ctx.set('X-Total-Count', String(rows));
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', `attachment; filename="routing-${ctx.params.id!.replace(/[^\w-]/g, '')}.csv"`);
    ctx.body = csv;
  });

  router.post('/api/routing-forms/:username/:slug/responses', limit, async (ctx) => {
    const { answers } = parseInput(answersSchema, ctx.request.body);
    const outcome = await routing.submitResponse(ctx.params.username!, ctx.params.slug!, answers);
    ctx.status = 201;
    ctx.body = presentRoutingOutcome(outcome, config.publicUrl);
  });

  return router;
}
