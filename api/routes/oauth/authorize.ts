/**
 * Yava as an OAuth 2.0 authorization server, for account linking (Alexa): the consent page
 * `GET/POST /oauth/authorize` (sign in with email and password, then Allow or Cancel) and the
 * token endpoint `POST /oauth/token` (authorization_code and refresh_token grants, client
 * authentication by HTTP Basic or form fields). Bad clients and redirect URIs are shown an
 * error page and never redirected to; other bad requests are redirected back with `error`; token
 * errors answer RFC 6749's `{error, error_description}`.
 */
import Router from '@koa/router';
import { AuthorizeRedirectError, OAuthError, type AuthorizeRequest } from '../../../core/auth/oauthServer.js';
import { isDomainError } from '../../../core/errors.js';
import { html } from '../../../core/notify/html.js';
import type { AppContext, AppDeps, AppState } from '../../context.js';
import { httpStatusOf } from '../../middleware/errors.js';
import { signInRateLimit } from '../../middleware/rateLimit.js';
import { csrfOptionsOf, csrfToken, CSRF_FIELD, verifyCsrf } from '../pages/csrf.js';
import { CONTENT_SECURITY_POLICY, cspWithFormTarget } from '../pages/render.js';
import { errorPage, layout, notice } from '../pages/views.js';

const PASSED = ['response_type', 'client_id', 'redirect_uri', 'state', 'scope', 'code_challenge', 'code_challenge_method'] as const;
type Passed = Partial<Record<(typeof PASSED)[number], string>>;

function passedFields(source: unknown): Passed {
  const out: Passed = {};
  const record = (source ?? {}) as Record<string, unknown>;
  for (const name of PASSED) if (typeof record[name] === 'string') out[name] = record[name] as string;
  return out;
}

/** The page's CSP: as strict as every page, but the form may lead (by redirect) to the client's redirect URI. */
function sendPage(ctx: AppContext, body: string, status: number, redirectUri?: string): void {
  const origin = redirectUri ? new URL(redirectUri).origin : '';
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Content-Security-Policy', origin ? cspWithFormTarget(origin) : CONTENT_SECURITY_POLICY);
  ctx.set('X-Frame-Options', 'DENY');
  ctx.type = 'html';
  ctx.status = status;
  ctx.body = body;
}

function consentPage(request: AuthorizeRequest, fields: Passed, csrf: string, options: { email?: string; error?: string } = {}): string {
  const name = request.client.name;
  const hidden = PASSED.filter((n) => fields[n] !== undefined).map((n) => html`<input type="hidden" name="${n}" value="${fields[n] ?? ''}">`);
  return layout(
    `Link ${name}`,
    html`<h1>Link ${name} to your Yava account</h1>
${options.error ? notice('error', options.error) : ''}
<p>${name} will be able to book, move and cancel meetings and read your schedule, as you. You can unlink it at any time by signing out everywhere (<code>yava logout --all</code>).</p>
<form method="post" action="/oauth/authorize" class="card">
<input type="hidden" name="${CSRF_FIELD}" value="${csrf}">
${hidden}
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${options.email ?? ''}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit" name="decision" value="allow">Sign in and link</button> <button type="submit" name="decision" value="deny" formnovalidate class="secondary">Cancel</button></p>
</form>`,
  );
}

function redirectWith(ctx: AppContext, request: AuthorizeRequest, params: Record<string, string>): void {
  const target = new URL(request.redirectUri);
  for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
  if (request.state !== undefined) target.searchParams.set('state', request.state);
  ctx.set('Cache-Control', 'no-store');
  ctx.redirect(target.toString());
}

/**
 * A bad authorization request: sent back to the client's redirect URI when that is known to be the
 * client's (RFC 6749 §4.1.2.1), else (unknown client, unlisted redirect URI) an error page.
 */
function refuseRequest(ctx: AppContext, error: unknown): void {
  if (error instanceof AuthorizeRedirectError) {
    redirectWith(ctx, error.request, { error: error.code, error_description: error.message });
    return;
  }
  if (!isDomainError(error)) throw error;
  ctx.set('X-Robots-Tag', 'noindex, nofollow');
  sendPage(ctx, errorPage(httpStatusOf(error), 'Account linking failed', error.message), httpStatusOf(error));
}

/** HTTP Basic (RFC 6749 §2.3.1: id and secret URL-encoded) or the form fields. A malformed Basic header is invalid_client, as wrong credentials are. */
function clientCredentials(ctx: AppContext, body: Record<string, string>): { clientId?: string; clientSecret?: string } {
  const basic = /^Basic\s+(.+)$/i.exec(ctx.get('authorization'));
  if (!basic) return { clientId: body.client_id, clientSecret: body.client_secret };
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  try {
    if (colon > 0) return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    // A malformed percent-escape: answered below like any other unreadable credentials.
  }
  throw new OAuthError('invalid_client', 'The HTTP Basic client credentials are malformed');
}

export function oauthServerRoutes(deps: AppDeps): Router<AppState> {
  const { services } = deps;
  const oauth = services.auth.oauth;
  const csrf = csrfOptionsOf(deps);
  const router = new Router<AppState>();
  const perAddress = signInRateLimit(deps, 'account-linking requests per address', 'oauth');

  router.get('/oauth/authorize', perAddress, async (ctx) => {
    const fields = passedFields(ctx.query);
    let request: AuthorizeRequest;
    try {
      request = oauth.checkRequest(fields);
    } catch (error) {
      return refuseRequest(ctx, error);
    }
    sendPage(ctx, consentPage(request, fields, csrfToken(ctx, csrf)), 200, request.redirectUri);
  });

  router.post('/oauth/authorize', perAddress, async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, string>;
    const fields = passedFields(body);
    let request: AuthorizeRequest;
    try {
      request = oauth.checkRequest(fields);
      verifyCsrf(ctx, csrf);
    } catch (error) {
      return refuseRequest(ctx, error);
    }
    if (body.decision === 'deny') return redirectWith(ctx, request, { error: 'access_denied', error_description: 'The user did not link the account' });
    try {
      const user = await services.auth.verifyCredentials({ email: String(body.email ?? ''), password: String(body.password ?? '') }, { ip: ctx.ip });
      redirectWith(ctx, request, { code: await oauth.issueCode(user.id, request) });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      const status = error.code === 'too_many_attempts' || error.code === 'server_busy' ? httpStatusOf(error) : 200;
      sendPage(ctx, consentPage(request, fields, csrfToken(ctx, csrf), { email: String(body.email ?? ''), error: error.message }), status, request.redirectUri);
    }
  });

  router.post('/oauth/token', perAddress, async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, string>;
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Pragma', 'no-cache');
    try {
      const client = clientCredentials(ctx, body);
      const grant = body.grant_type;
      if (grant !== 'authorization_code' && grant !== 'refresh_token') throw new OAuthError('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
      const session =
        grant === 'authorization_code'
          ? await oauth.exchangeCode({ ...client, code: body.code, redirectUri: body.redirect_uri, codeVerifier: body.code_verifier })
          : await oauth.refresh({ ...client, refreshToken: body.refresh_token });
      ctx.body = { access_token: session.accessToken, token_type: 'Bearer', expires_in: session.expiresIn, refresh_token: session.refreshToken };
    } catch (failure) {
      if (!(failure instanceof OAuthError)) throw failure;
      // RFC 6749 §5.2: a client that failed to authenticate is 401 with a challenge; the rest 400.
      const unauthenticatedClient = failure.code === 'invalid_client';
      ctx.status = unauthenticatedClient ? 401 : 400;
      if (unauthenticatedClient) ctx.set('WWW-Authenticate', 'Basic realm="yava-oauth"');
      ctx.body = { error: failure.code, error_description: failure.message };
    }
  });

  return router;
}
