/**
 * Meeting summaries: a host posts the transcript (`POST /api/meetings/:id/transcript`), hosts and
 * attendees read the summary, attendees opt in to receive it by e-mail. Hosts sign in; attendees
 * use their manage token (`?token=`).
 */
import Router from '@koa/router';
import type { BookingActor } from '../../../core/booking/types.js';
import type { AppContext, AppDeps, AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { tokenQuerySchema } from '../meetings/schema.js';
import { optInSchema, transcriptSchema } from './schema.js';

function actorOf(ctx: AppContext): BookingActor {
  const q = parseInput(tokenQuerySchema, ctx.query, 'query');
  return { userId: ctx.state.principal?.userId, manageToken: q.token };
}

export function meetingSummaryRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const { summaries } = services;

  router.post('/api/meetings/:id/transcript', async (ctx) => {
    const input = parseInput(transcriptSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = await summaries.attachTranscript(ctx.params.id!, actorOf(ctx), input);
  });

  router.get('/api/meetings/:id/summary', async (ctx) => {
    ctx.body = await summaries.getSummary(ctx.params.id!, actorOf(ctx));
  });

  router.put('/api/meetings/:id/summary-subscription', async (ctx) => {
    const { subscribed } = parseInput(optInSchema, ctx.request.body);
    ctx.body = await summaries.setOptIn(ctx.params.id!, actorOf(ctx), subscribed);
  });

  return router;
}
