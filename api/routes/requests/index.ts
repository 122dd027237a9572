import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { presentMeeting } from '../../presenters/meeting.js';
import { presentRequest } from '../../presenters/request.js';
import { parseInput } from '../../validate.js';
import { answerRequestSchema, bookRequestSchema, createRequestSchema } from './schema.js';

/**
 * Natural-language requests, the workflow the CLI and any other program share with the chat
 * bots: a request → a question or free slots → a booking. All need a signed-in user.
 */
export function requestRoutes({ services, config }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const { requests } = services;

  router.post('/api/requests', requireAuth, async (ctx) => {
    const input = parseInput(createRequestSchema, ctx.request.body);
    const request = await requests.propose({ ...input, userId: ctx.state.principal!.userId, source: 'api' });
    ctx.status = 201;
    ctx.body = presentRequest(request);
  });

  router.get('/api/requests/:id', requireAuth, async (ctx) => {
    ctx.body = presentRequest(await requests.get(ctx.params.id!, ctx.state.principal!.userId));
  });

  router.post('/api/requests/:id/answer', requireAuth, async (ctx) => {
    const input = parseInput(answerRequestSchema, ctx.request.body);
    ctx.body = presentRequest(await requests.answer({ id: ctx.params.id!, userId: ctx.state.principal!.userId, text: input.text }));
  });

  router.post('/api/requests/:id/book', requireAuth, async (ctx) => {
    const input = parseInput(bookRequestSchema, ctx.request.body);
    const result = await requests.book({ id: ctx.params.id!, userId: ctx.state.principal!.userId, ...input });
    ctx.status = result.replayed ? 200 : 201;
    ctx.body = presentMeeting(result.meeting, { publicUrl: config.publicUrl });
  });

  return router;
}
