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
      const matched = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
      const route = typeof matched === 'string' ? matched : 'unmatched';
      const status = ctx.status;
      metrics.observeRequest(ctx.method, route, status, (performance.now() - started) / 1000);
      const via = BOOKING_ROUTES[`${ctx.method} ${route}`];
      if (via) metrics.countBooking(outcomeOf(status), via);
    }
  };
}
