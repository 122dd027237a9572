/**
 * Spam defence over HTTP: each host's own blocklist (`/api/blocklist`), and the appeal a
 * blocked booker sends from the link in the refusal (`POST /api/spam/appeals`, no login).
 * The global blocklist and the decision log are admin routes (api/routes/admin/spam.ts).
 */
import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { bookingRateLimit } from '../../middleware/rateLimit.js';
import { parseInput } from '../../validate.js';
import { addBlockBody, appealBody, listBlocksQuery } from './schema.js';

export function spamRoutes({ services, config, clock, runtime }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const { spam } = services;

  router.get('/api/blocklist', requireAuth, async (ctx) => {
    const { all } = parseInput(listBlocksQuery, ctx.query, 'query');
    ctx.body = { entries: await spam.listOwnBlocks(ctx.state.principal!.userId, all === 'true') };
  });

  router.post('/api/blocklist', requireAuth, async (ctx) => {
    const entry = parseInput(addBlockBody, ctx.request.body);
    ctx.status = 201;
    ctx.body = await spam.addOwnBlock(ctx.state.principal!.userId, entry);
  });

  router.delete('/api/blocklist/:id', requireAuth, async (ctx) => {
    await spam.removeOwnBlock(ctx.state.principal!.userId, ctx.params.id!);
    ctx.status = 204;
  });

  router.post('/api/spam/appeals', bookingRateLimit({ config, clock, runtime }, 'appeal'), async (ctx) => {
    const { ref, message } = parseInput(appealBody, ctx.request.body);
    await spam.appeal(ref, message);
    ctx.status = 202;
    ctx.body = { status: 'received', message: 'Thank you: an administrator will read your message.' };
  });

  return router;
}
