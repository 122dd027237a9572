import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { authRateLimit } from '../../middleware/rateLimit.js';
import { presentUser } from '../../presenters/user.js';
import { parseInput } from '../../validate.js';
import { PASSWORD_RESET_TTL_MINUTES } from '../../../core/auth/accountEmails.js';
import type { Session } from '../../../core/auth/service.js';
import { loginSchema, logoutSchema, passwordResetConfirmSchema, passwordResetSchema, refreshSchema, registerSchema, verifyEmailSchema } from './schema.js';

const presentSession = (session: Session) => ({
  user: presentUser(session.user),
  accessToken: session.accessToken,
  refreshToken: session.refreshToken,
  tokenType: 'Bearer',
  expiresIn: session.expiresIn,
});

export function authRoutes({ services, config, clock, runtime }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const perAddress = authRateLimit({ config, clock, runtime });

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

  router.post('/api/auth/verify-email', perAddress, async (ctx) => {
    const input = parseInput(verifyEmailSchema, ctx.request.body);
    ctx.body = { verified: true, user: presentUser(await services.auth.verifyEmail(input.token)) };
  });

  router.post('/api/auth/verify-email/send', requireAuth, perAddress, async (ctx) => {
    const { alreadyVerified } = await services.auth.resendVerification(ctx.state.principal!.userId);
    ctx.status = 202;
    ctx.body = { sent: !alreadyVerified, alreadyVerified };
  });

  // Always 202, whether or not an account has the address: nothing is revealed.
  router.post('/api/auth/password-reset', perAddress, async (ctx) => {
    const input = parseInput(passwordResetSchema, ctx.request.body);
    await services.auth.requestPasswordReset(input.email);
    ctx.status = 202;
    ctx.body = { message: `If an account has this address, a reset code is on its way. It works once and expires in ${PASSWORD_RESET_TTL_MINUTES} minutes.` };
  });

  router.post('/api/auth/password-reset/confirm', perAddress, async (ctx) => {
    const input = parseInput(passwordResetConfirmSchema, ctx.request.body);
    await services.auth.confirmPasswordReset(input);
    ctx.status = 204;
  });

  router.get('/api/me', requireAuth, async (ctx) => {
    ctx.body = presentUser(await services.auth.getUser(ctx.state.principal!.userId));
  });

  return router;
}
