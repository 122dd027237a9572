/**
 * Signing in and out of the dashboard, and linking a chat account:
 *   GET/POST /app/login     email + password (core/auth's login and its failed-login throttle); creating an account is signUp.ts
 *   POST     /app/logout    this browser, or `everywhere` (every session of the account)
 *   GET/POST /app/link      the one-time URL `/meet link` answers with: Confirm links the chat user
 */
import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { z } from 'zod';
import { isDomainError } from '../../../core/errors.js';
import { html } from '../../../core/notify/html.js';
import type { AppContext, AppState } from '../../context.js';
import { authRateLimit } from '../../middleware/rateLimit.js';
import { clearSessionCookies, refreshCookieOf, setSessionCookies } from '../../middleware/webSession.js';
import { parseInput } from '../../validate.js';
import { csrfToken, verifyCsrf } from '../pages/csrf.js';
import { appLayout } from './layout.js';
import { asAppPage, notice, redirectTo, render, safeNext, sendHtml, viewerOf, withNext, type AppRouteDeps } from './shared.js';

const loginSchema = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024), next: z.string().max(2000).optional() }).loose();
const linkSchema = z.object({ code: z.string().regex(/^yava_link_[\w-]{8,100}$/, 'not a link code') }).loose();
const PLATFORM_NAMES = { slack: 'Slack', discord: 'Discord' } as const;

function loginPage(ctx: AppContext, deps: AppRouteDeps, options: { next: string; email?: string; message?: ReturnType<typeof notice> }): string {
  const body = html`<div class="card narrow">
<h1>Sign in to Yava</h1>
${options.message ?? ''}
<form method="post" action="/app/login">
<input type="hidden" name="_csrf" value="${csrfToken(ctx, deps.csrf)}">
<input type="hidden" name="next" value="${options.next}">
<div class="field"><label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${options.email ?? ''}"></div>
<div class="field"><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required></div>
<button type="submit">Sign in</button>
</form>
<p class="muted">The same account as the <code>yava</code> command line. No account yet? <a href="${withNext('/app/signup', options.next)}">Create one</a>.</p>
</div>`;
  return appLayout('Sign in', body, { csrf: csrfToken(ctx, deps.csrf) });
}

/** The words for a refused sign-in (wrong password, throttled, suspended), never which part was wrong. */
const SIGN_IN_REFUSALS: Record<string, number> = { invalid_credentials: 401, too_many_attempts: 429, forbidden: 403, server_busy: 503, validation_failed: 400 };

export function mountSignIn(router: Router<AppState>, deps: AppRouteDeps): void {
  const { services, config } = deps;

  router.get('/app/login', (ctx) => {
    asAppPage(ctx, deps);
    const next = safeNext(ctx.query.next);
    if (ctx.state.principal) return redirectTo(ctx, next);
    const message = ctx.query.signedOut ? notice('ok', 'You are signed out.') : undefined;
    sendHtml(ctx, loginPage(ctx, deps, { next, message }));
  });

  // The per-address sign-in limit of /api/auth/* (one bucket for every sign-in door; its refusal is a page too).
  const perAddress = authRateLimit(deps);
  const asPage: Middleware<AppState> = (ctx, next) => {
    asAppPage(ctx, deps);
    return next();
  };

  router.post('/app/login', asPage, perAddress, async (ctx) => {
    verifyCsrf(ctx, deps.csrf);
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next);
    try {
      const input = parseInput(loginSchema, body);
      const session = await services.auth.login({ email: input.email, password: input.password }, { ip: ctx.ip });
      setSessionCookies(ctx, session, config.REFRESH_TOKEN_TTL_DAYS);
      redirectTo(ctx, next);
    } catch (error) {
      const status = isDomainError(error) ? SIGN_IN_REFUSALS[error.code] : undefined;
      if (!status || !isDomainError(error)) throw error;
      const email = typeof body.email === 'string' ? body.email : '';
      sendHtml(ctx, loginPage(ctx, deps, { next, email, message: notice('error', error.message) }), status);
    }
  });

  router.post('/app/logout', async (ctx) => {
    asAppPage(ctx, deps);
    verifyCsrf(ctx, deps.csrf);
    const everywhere = (ctx.request.body as Record<string, unknown> | undefined)?.everywhere === 'on';
    if (ctx.state.principal) await services.auth.logout(ctx.state.principal, everywhere ? undefined : refreshCookieOf(ctx));
    clearSessionCookies(ctx);
    redirectTo(ctx, '/app/login?signedOut=1');
  });

  router.get('/app/link', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (!viewer) return;
    const code = typeof ctx.query.code === 'string' ? ctx.query.code : '';
    const found = linkSchema.safeParse({ code }).success ? await services.chatAccounts.peekLinkCode(code) : null;
    if (!found) {
      render(ctx, deps, viewer, 'Link chat account', html`<h1>Link a chat account</h1>${notice('error', 'This link is unknown, used or expired: run /meet link again.')}`, undefined, 410);
      return;
    }
    const platform = PLATFORM_NAMES[found.platform];
    render(
      ctx,
      deps,
      viewer,
      `Link ${platform}`,
      html`<div class="card narrow"><h1>Link your ${platform} account</h1>
<p>Press Confirm to let the ${platform} user who ran <code>/meet link</code> act as <strong>@${viewer.username}</strong> (${viewer.name}). Only confirm if that was you.</p>
<form method="post" action="/app/link"><input type="hidden" name="_csrf" value="${csrfToken(ctx, deps.csrf)}"><input type="hidden" name="code" value="${code}">
<div class="actions"><button type="submit">Confirm</button><a class="button secondary" href="/app">Not me</a></div></form></div>`,
    );
  });

  router.post('/app/link', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (!viewer) return;
    const { code } = parseInput(linkSchema, ctx.request.body);
    const identity = await services.chatAccounts.redeemLinkCode(code, ctx.state.principal!.userId);
    const platform = PLATFORM_NAMES[identity.platform];
    render(ctx, deps, viewer, `${platform} linked`, html`<div class="card narrow"><h1>${platform} account linked</h1>${notice('ok', `Your ${platform} account now acts as @${viewer.username}. Go back to ${platform} and run /meet again.`)}<p><a href="/app">Your meetings</a></p></div>`);
  });

  router.get('/app/csrf', (ctx) => {
    // The offline queue's scripts fetch a fresh token before they send what waited.
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { token: csrfToken(ctx, deps.csrf) };
  });
}
