import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { rateLimit } from '../../middleware/rateLimit.js';
import { presentUser } from '../../presenters/user.js';
import { parseInput } from '../../validate.js';
import type { Session } from '../../../core/auth/service.js';
import { loginSchema, logoutSchema, refreshSchema, registerSchema } from './schema.js';

const presentSession = (session: Session) => ({
  user: presentUser(session.user),
  accessToken: session.accessToken,
  refreshToken: session.refreshToken,
  tokenType: 'Bearer',
  expiresIn: session.expiresIn,
});

export function authRoutes({ services, config, clock }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const perAddress = rateLimit({
    enabled: config.RATE_LIMIT,
    limit: Math.max(10, Math.floor(config.RATE_LIMIT_PER_IP_PER_MINUTE / 10)),
    windowMs: 60_000,
    clock,
    name: 'sign-in requests per address',
    key: (ctx) => `auth:${ctx.ip}`,
  });

  router.post('/api/auth/register', perAddress, async (ctx) => {
    const input = parseInput(registerSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = presentSession(await services.auth.register(input));
  });

  router.post('/api/auth/login', perAddress, async (ctx) => {
    const input = parseInput(loginSchema, ctx.request.body);
    ctx.body = presentSession(await services.auth.login(input, { ip: ctx.ip }));
  });

  router.post('/api/auth/refresh', perAddress, async (ctx) => {
    const input = parseInput(refreshSchema, ctx.request.body);
    ctx.body = presentSession(await services.auth.refresh(input.refreshToken));
  });

  router.post('/api/auth/logout', async (ctx) => {
    const input = parseInput(logoutSchema, ctx.request.body ?? {});
    if (!input.refreshToken) await requireAuth(ctx, async () => {});
    await services.auth.logout(ctx.state.principal ?? null, input.refreshToken);
    ctx.status = 204;
  });

  router.get('/api/me', requireAuth, async (ctx) => {
    ctx.body = presentUser(await services.auth.getUser(ctx.state.principal!.userId));
  });

  return router;
}
