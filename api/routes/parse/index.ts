import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { parseSchema } from './schema.js';

/** `POST /api/parse` {text, timezone?, now?} → Intent. The zone defaults to the caller's own, else UTC. */
export function parseRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  router.post('/api/parse', async (ctx) => {
    const input = parseInput(parseSchema, ctx.request.body);
    let timezone = input.timezone;
    if (!timezone && ctx.state.principal) timezone = (await services.auth.getUser(ctx.state.principal.userId)).timezone;
    ctx.body = await services.nlp.parse(input.text, { timezone: timezone ?? 'UTC', now: input.now, locale: input.locale });
  });
  return router;
}
