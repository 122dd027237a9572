import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { parseInput } from '../../validate.js';
import { linkChatSchema } from './schema.js';

/** `POST /api/chat/link` {code}: links the chat account that asked for the code (`/meet link`) to the caller. */
export function chatRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  router.post('/api/chat/link', requireAuth, async (ctx) => {
    const { code } = parseInput(linkChatSchema, ctx.request.body);
    const identity = await services.chatAccounts.redeemLinkCode(code, ctx.state.principal!.userId);
    ctx.body = { linked: true, platform: identity.platform };
  });
  return router;
}
