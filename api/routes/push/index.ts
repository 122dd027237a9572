import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { parseInput } from '../../validate.js';
import { pushSubscriptionSchema } from './schema.js';

/** Web push: the VAPID public key browsers subscribe with, and the caller's subscriptions (one per device). */
export function pushRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const push = services.notify.push;

  router.get('/api/push/vapid-public-key', (ctx) => {
    ctx.body = { publicKey: push.vapidPublicKey() };
  });

  router.post('/api/push/subscriptions', requireAuth, async (ctx) => {
    const input = parseInput(pushSubscriptionSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = await push.subscribe(ctx.state.principal!.userId, input);
  });

  router.get('/api/push/subscriptions', requireAuth, async (ctx) => {
    ctx.body = { subscriptions: await push.list(ctx.state.principal!.userId) };
  });

  router.delete('/api/push/subscriptions/:id', requireAuth, async (ctx) => {
    await push.unsubscribe(ctx.state.principal!.userId, ctx.params.id!);
    ctx.status = 204;
  });

  return router;
}
