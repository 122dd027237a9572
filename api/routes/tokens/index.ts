import Router from '@koa/router';
import type { PersonalTokenRow } from '../../../core/auth/service.js';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { parseInput } from '../../validate.js';
import { createTokenSchema, tokenParamsSchema } from './schema.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const presentToken = (t: PersonalTokenRow) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: iso(t.created_at),
  lastUsedAt: iso(t.last_used_at),
  expiresAt: iso(t.expires_at),
});

/** Personal access tokens for the CLI and bots: shown once, stored hashed, revocable. */
export function tokenRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  router.use('/api/tokens', requireAuth);

  router.post('/api/tokens', async (ctx) => {
    const input = parseInput(createTokenSchema, ctx.request.body);
    const { token, record } = await services.auth.createPersonalToken(ctx.state.principal!, input, { ip: ctx.ip });
    ctx.status = 201;
    ctx.body = { ...presentToken(record), token };
  });

  router.get('/api/tokens', async (ctx) => {
    ctx.body = { tokens: (await services.auth.listPersonalTokens(ctx.state.principal!.userId)).map(presentToken) };
  });

  router.delete('/api/tokens/:id', async (ctx) => {
    const { id } = parseInput(tokenParamsSchema, ctx.params, 'path');
    await services.auth.revokePersonalToken(ctx.state.principal!.userId, id);
    ctx.status = 204;
  });

  return router;
}
