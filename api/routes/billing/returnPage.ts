/**
 * The page Stripe sends a plan buyer back to. It changes nothing: the plan changes when Stripe's
 * signed webhook says the subscription is paid (seconds later), never on a URL anyone can open.
 */
import Router from '@koa/router';
import { html } from '../../../core/notify/html.js';
import type { AppDeps, AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { page, send } from '../pages/render.js';
import { layout, notice } from '../pages/views.js';
import { planReturnQuerySchema } from './schema.js';

export function planReturnRoutes(_deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  router.get(
    '/billing/return',
    page(async (ctx) => {
      const q = parseInput(planReturnQuerySchema, ctx.query, 'query');
      const [title, kind, text] = q.canceled
        ? (['Checkout canceled', 'info', 'You left the checkout without subscribing; your plan is unchanged.'] as const)
        : (['Thank you', 'ok', 'Your plan changes as soon as Stripe confirms the payment, usually within seconds. Run "yava billing" to see it.'] as const);
      send(ctx, layout(title, html`<h1>${title}</h1>${notice(kind, text)}`));
    }),
  );
  return router;
}
