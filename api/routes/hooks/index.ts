import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { parseInput, parsePathParam } from '../../validate.js';
import { createWebhookSchema, patchWebhookSchema, restHookSampleQuerySchema, restHookSubscribeSchema, subscriptionIdSchema } from './schema.js';

/**
 * Outgoing webhook subscriptions (POST/GET/DELETE /api/webhooks) and the same in the shape
 * Zapier's REST hooks expect: subscribe answers `{id}`, unsubscribe by that id, and a
 * perform-list of sample events.
 */
export function hookRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  router.use(['/api/webhooks', '/api/hooks'], requireAuth);

  router.post('/api/webhooks', async (ctx) => {
    const input = parseInput(createWebhookSchema, ctx.request.body);
    const { subscription, secret } = await services.webhooks.createSubscription(ctx.state.principal!.userId, input);
    ctx.status = 201;
    ctx.body = { ...subscription, secret };
  });

  router.get('/api/webhooks', async (ctx) => {
    ctx.body = { subscriptions: await services.webhooks.listSubscriptions(ctx.state.principal!.userId) };
  });

  router.patch('/api/webhooks/:id', async (ctx) => {
    const { active } = parseInput(patchWebhookSchema, ctx.request.body);
    ctx.body = await services.webhooks.setSubscriptionActive(ctx.state.principal!.userId, parsePathParam(subscriptionIdSchema, ctx.params, 'id'), active);
  });

  router.delete('/api/webhooks/:id', async (ctx) => {
    await services.webhooks.deleteSubscription(ctx.state.principal!.userId, parsePathParam(subscriptionIdSchema, ctx.params, 'id'));
    ctx.status = 204;
  });

  router.post('/api/hooks', async (ctx) => {
    const input = parseInput(restHookSubscribeSchema, ctx.request.body);
    const url = (input.hookUrl ?? input.target_url ?? input.url)!;
    const events = input.events?.length ? input.events : [input.event!];
    const { subscription, secret } = await services.webhooks.createSubscription(ctx.state.principal!.userId, { url, events, source: 'rest_hook' });
    ctx.status = 201;
    ctx.body = { id: subscription.id, url: subscription.url, events: subscription.events, secret };
  });

  router.delete('/api/hooks/:id', async (ctx) => {
    await services.webhooks.deleteSubscription(ctx.state.principal!.userId, parsePathParam(subscriptionIdSchema, ctx.params, 'id'));
    ctx.status = 204;
  });

  router.get('/api/hooks/sample', async (ctx) => {
    const { event } = parseInput(restHookSampleQuerySchema, ctx.query, 'query');
    ctx.body = await services.webhooks.samples(ctx.state.principal!.userId, event);
  });

  return router;
}
