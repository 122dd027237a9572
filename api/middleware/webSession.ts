/**
 * Web sign-in for the dashboard: the same login as `POST /api/auth/login` (core/auth), kept in
 * two cookies — the access token and its refresh token — both HttpOnly, SameSite=Lax, and
 * Secure whenever the request came over TLS (X-Forwarded-Proto counts only with TRUST_PROXY,
 * as Koa's `proxy` setting decides). Signing out revokes the login (or, "everywhere", bumps the
 * session generation), so a copied cookie stops working at once.
 *
 * The cookies count only on `/app…` pages, on `/api/…`, and on a calendar connect's start link
 * (`/oauth/{google,microsoft}/start`, which asks who is signed in); on the API, a request that changes
 * something must also carry the page's CSRF token in `X-CSRF-Token` (a cross-site page can send
 * the cookie with a simple form but can neither read the token nor set a custom header).
 */
import type { Middleware } from 'koa';
import { isDomainError } from '../../core/errors.js';
import type { Services } from '../../core/services.js';
import type { AppContext, AppState } from '../context.js';
import { CSRF_HEADER, verifyCsrf, type CsrfOptions } from '../routes/pages/csrf.js';

export const SESSION_COOKIE = 'yava_session';
export const REFRESH_COOKIE = 'yava_refresh';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isAppPath = (path: string) => path === '/app' || path.startsWith('/app/');
/** The pages that read the session cookie: the dashboard, and the start links that lead a browser to a calendar provider. */
const isSessionPage = (path: string) => isAppPath(path) || /^\/oauth\/(google|microsoft)\/start$/.test(path);

/** HttpOnly, SameSite=Lax, Secure over TLS: how Yava's own browser cookies are set (on `path`). */
export function cookieOptions(ctx: AppContext, maxAgeMs?: number, path = '/') {
  return { httpOnly: true, sameSite: 'lax' as const, secure: ctx.protocol === 'https', path, overwrite: true, ...(maxAgeMs ? { maxAge: maxAgeMs } : {}) };
}

/** Stores a login in the session cookies (for as long as its refresh token lives). */
export function setSessionCookies(ctx: AppContext, session: { accessToken: string; refreshToken: string }, refreshTokenTtlDays: number): void {
  const maxAge = refreshTokenTtlDays * 86_400_000;
  ctx.cookies.set(SESSION_COOKIE, session.accessToken, cookieOptions(ctx, maxAge));
  ctx.cookies.set(REFRESH_COOKIE, session.refreshToken, cookieOptions(ctx, maxAge));
}

export function clearSessionCookies(ctx: AppContext): void {
  ctx.cookies.set(SESSION_COOKIE, '', { ...cookieOptions(ctx), maxAge: 0 });
  ctx.cookies.set(REFRESH_COOKIE, '', { ...cookieOptions(ctx), maxAge: 0 });
}

export interface WebSessionOptions {
  services: Services;
  csrf: CsrfOptions;
  refreshTokenTtlDays: number;
}

/**
 * Resolves the session cookie into `ctx.state.principal` when no Authorization header did. An
 * expired access token is renewed with the refresh cookie on a dashboard page load (one request
 * at a time: scripts that get a 401 reload the page); a signed-out one clears the cookies.
 */
export function webSession({ services, csrf, refreshTokenTtlDays }: WebSessionOptions): Middleware<AppState> {
  return async (ctx, next) => {
    const onPage = isSessionPage(ctx.path);
    const onApi = ctx.path.startsWith('/api/');
    const access = ctx.cookies.get(SESSION_COOKIE);
    if (ctx.state.principal || ctx.get('authorization') || !access || !(onPage || onApi)) return next();
    if (onApi && !SAFE_METHODS.has(ctx.method)) {
      // Without the header the cookie is ignored (the route answers 401); a wrong one is a 403.
      if (!ctx.get(CSRF_HEADER)) return next();
      verifyCsrf(ctx, csrf);
    }
    try {
      ctx.state.principal = await services.auth.authenticate(access);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      const refresh = ctx.cookies.get(REFRESH_COOKIE);
      if (error.code === 'token_expired' && refresh && onPage && ctx.method === 'GET') {
        const session = await services.auth.refresh(refresh).catch(() => null);
        if (session) {
          setSessionCookies(ctx, session, refreshTokenTtlDays);
          ctx.state.principal = await services.auth.authenticate(session.accessToken);
          return next();
        }
      }
      if (error.code !== 'token_expired' || onPage) clearSessionCookies(ctx);
    }
    await next();
  };
}

/** The refresh token of this browser's login, for signing out of just this one. */
export const refreshCookieOf = (ctx: AppContext) => ctx.cookies.get(REFRESH_COOKIE) || undefined;
