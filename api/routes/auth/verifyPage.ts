/**
 * The page an e-mailed verification link opens: GET shows a button, and only the POST it
 * sends uses the token, so a mail scanner that fetches links does not spend it.
 * Server-rendered, no script needed; errors render as pages.
 */
import Router from '@koa/router';
import { html } from '../../../core/notify/html.js';
import { VERIFY_EMAIL_PAGE } from '../../../core/auth/accountEmails.js';
import type { DomainError } from '../../../core/errors.js';
import type { AppContext, AppDeps, AppState } from '../../context.js';
import { CONTENT_SECURITY_POLICY } from '../pages/index.js';
import { CSRF_FIELD, csrfOptionsOf, csrfToken, verifyCsrf } from '../pages/csrf.js';
import { errorPage, layout, notice } from '../pages/views.js';
import { parseInput } from '../../validate.js';
import { verifyEmailFormSchema } from './schema.js';

function send(ctx: AppContext, page: string, status = 200): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = page;
}

function asPage(ctx: AppContext): void {
  ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  ctx.state.renderError = (error: DomainError, status: number) => {
    const message = status >= 500 ? 'Something went wrong on our side. Please try again in a moment.' : error.message;
    send(ctx, errorPage(status, 'Email not confirmed', message), status);
  };
}

export function verifyPageRoutes({ services, config, clock }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const csrf = csrfOptionsOf({ config, clock });

  router.get(VERIFY_EMAIL_PAGE, async (ctx) => {
    asPage(ctx);
    const token = typeof ctx.query.token === 'string' ? ctx.query.token : '';
    const body = html`<h1>Confirm your email address</h1>
<p>Press the button to confirm that this address belongs to your Yava account.</p>
<form method="post" action="${VERIFY_EMAIL_PAGE}">
<input type="hidden" name="token" value="${token}">
<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken(ctx, csrf)}">
<button type="submit">Confirm my email address</button>
</form>`;
    send(ctx, layout('Confirm your email address', body));
  });

  router.post(VERIFY_EMAIL_PAGE, async (ctx) => {
    asPage(ctx);
    verifyCsrf(ctx, csrf);
    const input = parseInput(verifyEmailFormSchema, ctx.request.body);
    const user = await services.auth.verifyEmail(input.token);
    const body = html`<h1>Email address confirmed</h1>${notice('ok', `Thank you, ${user.name}: ${user.email} is confirmed. Meetings booked with this address now show up in your account.`)}`;
    send(ctx, layout('Email address confirmed', body));
  });

  return router;
}
