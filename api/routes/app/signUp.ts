/**
 * Creating an account on the web, GET/POST /app/signup: the registration of
 * `POST /api/auth/register` (its schema, core's checks, its per-address limit, the verification
 * e-mail), then signed in with the session cookies as /app/login does. An address that already
 * has an account is answered like a new one (core/auth/users.ts): its owner gets an e-mail.
 */
import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { MIN_PASSWORD_LENGTH } from '../../../core/auth/passwords.js';
import { html } from '../../../core/notify/html.js';
import type { AppContext, AppState } from '../../context.js';
import { authRateLimit } from '../../middleware/rateLimit.js';
import { setSessionCookies } from '../../middleware/webSession.js';
import { parseInput } from '../../validate.js';
import { registerSchema } from '../auth/schema.js';
import { csrfToken, verifyCsrf } from '../pages/csrf.js';
import { timezoneSelect } from '../pages/views.js';
import { csrfField, errorSummary, fieldError, fieldErrorsOf, invalidAttrs, type FormErrors } from './forms.js';
import { appLayout } from './layout.js';
import { asAppPage, messageOf, redirectTo, safeNext, sendHtml, withNext, type AppRouteDeps } from './shared.js';

/** What was typed into a refused form, shown again (never the password). */
interface SignUpValues {
  name: string;
  email: string;
  username: string;
  timezone: string;
}

interface SignUpPageOptions {
  next: string;
  values?: SignUpValues;
  errors?: FormErrors;
}

/** Without a zone from the browser (no script), core's default. */
const DEFAULT_ZONE = 'UTC';

function typedValues(body: Record<string, unknown>): SignUpValues {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return { name: text(body.name), email: text(body.email), username: text(body.username), timezone: text(body.timezone) || DEFAULT_ZONE };
}

/** The form as the API's body; an empty username or zone is one left out (core makes a username from the e-mail). */
function registrationOf(body: Record<string, unknown>) {
  const given = (v: unknown) => (v === '' ? undefined : v);
  return parseInput(registerSchema, { email: body.email, password: body.password, name: body.name, username: given(body.username), timezone: given(body.timezone) });
}

function signUpPage(ctx: AppContext, deps: AppRouteDeps, options: SignUpPageOptions): string {
  const { next, errors } = options;
  const v = options.values ?? { name: '', email: '', username: '', timezone: DEFAULT_ZONE };
  const marks = (field: string) => invalidAttrs(errors, field, field);
  // A fresh form starts on the browser's zone (dashboard.js); a refused one keeps the zone chosen.
  const zoneAttrs = html`${marks('timezone')}${options.values ? '' : html` data-detect-timezone`}`;
  const body = html`<div class="card narrow">
<h1>Create your Yava account</h1>
${errorSummary(errors, 'No account was made')}
<form method="post" action="/app/signup">
${csrfField(ctx, deps)}
<input type="hidden" name="next" value="${next}">
<div class="field"><label for="name">Name</label><input id="name" name="name" autocomplete="name" required maxlength="200" value="${v.name}"${marks('name')}>${fieldError(errors, 'name', 'name')}</div>
<div class="field"><label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required maxlength="254" value="${v.email}"${marks('email')}>${fieldError(errors, 'email', 'email')}</div>
<div class="field"><label for="username">Username <span class="muted">(optional)</span></label><input id="username" name="username" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="40" value="${v.username}"${marks('username')}>${fieldError(errors, 'username', 'username')}
<p class="muted">Your booking page will be ${deps.config.publicUrl}/<em>username</em>. Left empty, the username is made from your email.</p></div>
<div class="field"><label for="password">Password <span class="muted">(at least ${MIN_PASSWORD_LENGTH} characters)</span></label><input id="password" name="password" type="password" autocomplete="new-password" required${marks('password')}>${fieldError(errors, 'password', 'password')}</div>
<div class="field"><label for="timezone">Time zone</label>${timezoneSelect(v.timezone, 'timezone', zoneAttrs)}${fieldError(errors, 'timezone', 'timezone')}</div>
<button type="submit">Create account</button>
</form>
<p class="muted">The same account works with the <code>yava</code> command line. Already have one? <a href="${withNext('/app/login', next)}">Sign in</a>.</p>
</div>`;
  return appLayout('Create an account', body, { csrf: csrfToken(ctx, deps.csrf) });
}

export function mountSignUp(router: Router<AppState>, deps: AppRouteDeps): void {
  // The per-address limit of /api/auth/register, as /app/login takes it: both doors count in one bucket.
  const perAddress = authRateLimit(deps);
  router.get('/app/signup', (ctx) => {
    asAppPage(ctx, deps);
    const next = safeNext(ctx.query.next);
    if (ctx.state.principal) return redirectTo(ctx, next);
    sendHtml(ctx, signUpPage(ctx, deps, { next }));
  });

  // CSRF as /app/login checks it, before the limit: a forged post is the error page and spends nothing.
  const asSignUpForm: Middleware<AppState> = async (ctx, next) => {
    asAppPage(ctx, deps);
    verifyCsrf(ctx, deps.csrf);
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const page = { next: safeNext(body.next), values: typedValues(body) };
    // From here every refusal (the limit, a taken username, a weak password, a fault) is the form again, as typed.
    ctx.state.renderError = (error, status) => {
      const errors = status >= 500 ? new Map([['', messageOf(error, status)]]) : fieldErrorsOf(error);
      sendHtml(ctx, signUpPage(ctx, deps, { ...page, errors }), status);
    };
    await next();
  };

  router.post('/app/signup', asSignUpForm, perAddress, async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const session = await deps.services.auth.register(registrationOf(body));
    setSessionCookies(ctx, session, deps.config.REFRESH_TOKEN_TTL_DAYS);
    const next = safeNext(body.next);
    redirectTo(ctx, next === '/app' ? '/app?done=welcome' : next);
  });
}
