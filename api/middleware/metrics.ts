import type { Middleware } from 'koa';
import type { BookingOutcome, Metrics } from '../../core/metrics/index.js';
import type { AppState } from '../context.js';

/** Routes that create a booking, by matched route template, and what they are counted as. */
const BOOKING_ROUTES: Record<string, string> = {
  'POST /api/meetings/schedule': 'api',
  'POST /api/meetings': 'api',
  'POST /:username/:slug/book': 'page',
};

function outcomeOf(status: number): BookingOutcome {
  if (status === 201 || (status >= 200 && status < 400)) return 'created';
  if (status === 409) return 'conflict';
  return status >= 500 ? 'error' : 'rejected';
}

interface RouterLayer {
  path: string | RegExp;
  methods: string[];
}

/**
 * The template of the route a request matched (`/api/admin/users/:user/suspend`), as
 * @koa/router picks it: the last layer matching path and method that is a route, not a
 * `router.use()` prefix. `_matchedRoute` alone names the layer that ran last, so a request
 * refused by a prefix's middleware (the admin role check) would carry the prefix.
 */
function routeTemplateOf(ctx: { method: string }): string {
  const { matched = [], _matchedRoute } = ctx as { matched?: RouterLayer[]; _matchedRoute?: string | RegExp };
  const route = matched.findLast((layer) => layer.methods.includes(ctx.method));
  const path = route?.path ?? _matchedRoute;
  return typeof path === 'string' ? path : 'unmatched';
}

/**
 * Times every request by its route template (`/api/meetings/:id`, never the raw path, so
 * label values stay few) and counts booking outcomes. Sits outside the error middleware, so
 * it sees the status an error was mapped to.
 */
export function metricsMiddleware(metrics: Metrics): Middleware<AppState> {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const route = routeTemplateOf(ctx);
      const status = ctx.status;
      metrics.observeRequest(ctx.method, route, status, (performance.now() - started) / 1000);
      const via = BOOKING_ROUTES[`${ctx.method} ${route}`];
      if (via) metrics.countBooking(outcomeOf(status), via);
    }
  };
}
