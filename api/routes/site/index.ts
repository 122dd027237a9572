/**
 * A host's public-site settings: the origins allowed to frame their booking pages (embed.js).
 *   GET /api/me/embed-origins      → { origins }
 *   PUT /api/me/embed-origins      { origins: ["https://example.com"] } → { origins }
 */
import Router from '@koa/router';
import { getEmbedOrigins, setEmbedOrigins } from '../../../core/site/embedOrigins.js';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { parseInput } from '../../validate.js';
import { embedOriginsSchema } from './schema.js';

export function siteSettingsRoutes({ db }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/api/me/embed-origins', requireAuth, async (ctx) => {
    ctx.body = { origins: await getEmbedOrigins(db, ctx.state.principal!.userId) };
  });
  router.put('/api/me/embed-origins', requireAuth, async (ctx) => {
    const input = parseInput(embedOriginsSchema, ctx.request.body);
    ctx.body = { origins: await setEmbedOrigins(db, ctx.state.principal!.userId, input.origins) };
  });
  return router;
}
