/** What every dashboard page shares: HTML with the strict CSP, errors as pages, the signed-in viewer. */
import type { DomainError } from '../../../core/errors.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import type { AppContext, AppDeps } from '../../context.js';
import { CONTENT_SECURITY_POLICY } from '../pages/render.js';
import { csrfToken, verifyCsrf, type CsrfOptions } from '../pages/csrf.js';
import { appLayout, type Viewer } from './layout.js';

export interface AppRouteDeps {
  services: AppDeps['services'];
  config: AppDeps['config'];
  clock: AppDeps['clock'];
  runtime: AppDeps['runtime'];
  csrf: CsrfOptions;
}

export function sendHtml(ctx: AppContext, page: string, status = 200): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  ctx.body = page;
}

export function notice(kind: 'info' | 'error' | 'ok', text: string | SafeHtml): SafeHtml {
  return html`<div class="notice ${kind === 'info' ? '' : kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</div>`;
}

/** A dashboard path to return to after signing in: only our own `/app…` paths, never another site. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/app(?:[/?#]|$)/.test(value) && !value.startsWith('//') ? value : '/app';
}

/** `path` carrying where to go afterwards (`?next=`), unless that is the dashboard itself. */
export function withNext(path: string, next: string): string {
  return next === '/app' ? path : `${path}?${new URLSearchParams({ next }).toString()}`;
}

/** What a page tells the person of an error: its message, but only a generic line for a fault of ours. */
export function messageOf(error: DomainError, status: number): string {
  // "not configured: set X" (501) is for the person; other server errors stay generic.
  return status >= 500 && status !== 501 ? 'Something went wrong on our side. Please try again in a moment.' : error.message;
}

/** Makes the handler's errors render as dashboard pages instead of problem+json. */
export function asAppPage(ctx: AppContext, deps: AppRouteDeps, viewer?: Viewer): void {
  ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  ctx.state.renderError = (error: DomainError, status: number) => {
    const message = messageOf(error, status);
    sendHtml(ctx, appLayout('Error', html`<h1>Not possible</h1>${notice('error', message)}<p><a href="/app">Back to your meetings</a></p>`, { csrf: csrfToken(ctx, deps.csrf), viewer }), status);
  };
}

/**
 * The signed-in viewer, or null after sending a signed-out visitor to the sign-in page (GET)
 * or answering 401 (anything else). Forms (POST) are checked against CSRF here.
 */
export async function viewerOf(ctx: AppContext, deps: AppRouteDeps): Promise<Viewer | null> {
  asAppPage(ctx, deps);
  const principal = ctx.state.principal;
  if (!principal) {
    if (ctx.method === 'GET') {
      ctx.status = 303;
      ctx.redirect(`/app/login?${new URLSearchParams({ next: ctx.url }).toString()}`);
    } else {
      sendHtml(ctx, appLayout('Sign in', html`<h1>Signed out</h1>${notice('error', 'Your session ended. Sign in again.')}<p><a href="/app/login">Sign in</a></p>`, { csrf: csrfToken(ctx, deps.csrf) }), 401);
    }
    return null;
  }
  if (ctx.method === 'POST') verifyCsrf(ctx, deps.csrf);
  const user = await deps.services.auth.getUser(principal.userId);
  const viewer: Viewer = { username: user.username, name: user.name, timezone: user.timezone, role: principal.role };
  asAppPage(ctx, deps, viewer);
  return viewer;
}

/** Renders a page for the viewer. */
export function render(ctx: AppContext, deps: AppRouteDeps, viewer: Viewer, title: string, body: SafeHtml, current?: string, status = 200): void {
  ctx.set('Vary', 'Cookie');
  sendHtml(ctx, appLayout(title, body, { csrf: csrfToken(ctx, deps.csrf), viewer, current }), status);
}

/** After a form: back to a page (303, so a reload does not post again). */
export function redirectTo(ctx: AppContext, path: string): void {
  ctx.status = 303;
  ctx.redirect(path);
}
