import Router from '@koa/router';
import { OAUTH_FLOW_TTL_MS, type OAuthProvider } from '../../../core/calendars/oauth.js';
import { DomainError } from '../../../core/errors.js';
import { html } from '../../../core/notify/html.js';
import type { AppContext, AppDeps, AppState } from '../../context.js';
import { httpStatusOf } from '../../middleware/errors.js';
import { cookieOptions } from '../../middleware/webSession.js';
import { CSRF_FIELD, csrfOptionsOf, csrfToken, verifyCsrf, type CsrfOptions } from '../pages/csrf.js';
import { cspWithFormTarget } from '../pages/render.js';
import { layout, notice } from '../pages/views.js';
import { callbackQuerySchema, startQuerySchema } from './schema.js';
import { parseInput } from '../../validate.js';

const NAMES = { google: 'Google Calendar', microsoft: 'Outlook' } as const;

/** The cookie that ties connect flows to the browser that opened their start links (only there): a key per attempt still open, dot-separated. */
const browserCookie = (provider: OAuthProvider) => ({ name: `yava_oauth_${provider}`, path: `/oauth/${provider}` });
type BrowserCookie = ReturnType<typeof browserCookie>;

/** The keys the browser's cookie holds, oldest first (keys are base64url: never a dot). */
const heldKeysOf = (ctx: AppContext, cookie: BrowserCookie) => (ctx.cookies.get(cookie.name) ?? '').split('.').filter(Boolean);

/** Keeps `keys` in the browser's cookie for a flow's lifetime, or clears it when none is left. */
function keepKeys(ctx: AppContext, cookie: BrowserCookie, keys: readonly string[]): void {
  if (keys.length) ctx.cookies.set(cookie.name, keys.join('.'), cookieOptions(ctx, OAUTH_FLOW_TTL_MS, cookie.path));
  else ctx.cookies.set(cookie.name, '', { ...cookieOptions(ctx, undefined, cookie.path), maxAge: 0 });
}

const startAgain = (provider: OAuthProvider) =>
  html`<p>To try again, start from Yava: <a href="/app/calendars">Calendars</a> on your dashboard, or <code>yava calendars connect ${provider}</code> in a terminal.</p>`;

/** Runs `step`; a DomainError becomes a page saying why nothing was connected and how to start again (or, signed in as someone else, how to sign out). */
async function orNotConnected(ctx: AppContext, provider: OAuthProvider, csrf: CsrfOptions, step: () => Promise<void>): Promise<void> {
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'html';
  try {
    await step();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const otherAccount = error.details.reason === 'other_account';
    ctx.status = httpStatusOf(error);
    ctx.type = 'html';
    ctx.body = layout(
      `${NAMES[provider]} not connected`,
      html`<h1>${NAMES[provider]} was not connected</h1>${notice('error', error.message)}${
        otherAccount
          ? html`<p>To connect a calendar to your own account, start from it: <a href="/app/calendars">Calendars</a> on your dashboard. If you did not ask for this link, close this page.</p>
<p>If the link is for another Yava account of yours, sign out here, then open the link again.</p>
<form method="post" action="/app/logout"><input type="hidden" name="${CSRF_FIELD}" value="${csrfToken(ctx, csrf)}"><button type="submit" class="secondary">Sign out of Yava</button></form>`
          : startAgain(provider)
      }`,
      { meta: { noindex: true } },
    );
  }
}

/** The page a start link shows a browser not signed in as its user: whose account the calendar goes to, and Continue. */
function confirmPage(provider: OAuthProvider, token: string, csrf: string, account: { username: string; maskedEmail: string }): string {
  return layout(
    `Connect ${NAMES[provider]}`,
    html`<h1>Connect ${NAMES[provider]} to Yava</h1>
<div class="card">
<p>Your ${NAMES[provider]} will be connected to the Yava account <strong>@${account.username}</strong> (${account.maskedEmail}), which will then see its busy times and events and add its bookings to it.</p>
${notice('error', 'If you did not start this in Yava yourself, close this page: someone may be trying to read your calendar.')}
<form method="post" action="/oauth/${provider}/start"><input type="hidden" name="${CSRF_FIELD}" value="${csrf}"><input type="hidden" name="token" value="${token}">
<button type="submit">Continue to ${NAMES[provider]}</button></form>
</div>
<p class="muted">Not your account? Close this page; nothing has been connected.</p>`,
    { meta: { noindex: true } },
  );
}

/**
 * The browser side of connecting Google and Microsoft calendars. The start link that
 * `POST /api/calendars/connect` hands out leads a browser signed in to Yava as its user straight
 * on; any other browser first gets a page naming that account with a Continue button (a POST
 * with a CSRF token), since a link can be sent to someone else to connect their calendar to the
 * sender's account, and a browser signed in as another user is refused. Going on sets a
 * short-lived cookie and sends the browser to the provider's consent; the provider sends it
 * back to the callback, which connects only for the browser holding that cookie and shows a
 * page that says what happened (connected, with which calendars, or why not). The CLI waiting
 * in `yava calendars connect` sees the new connection through GET /api/calendars.
 */
export function oauthRoutes(deps: AppDeps): Router<AppState> {
  const { services } = deps;
  const csrf = csrfOptionsOf(deps);
  const router = new Router<AppState>();
  for (const provider of ['google', 'microsoft'] as const) {
    const cookie = browserCookie(provider);

    /** Opens the start link `token` for this browser: on to the provider (setting its cookie), or the page that asks first. */
    const open = async (ctx: AppContext, token: string | undefined, confirmed: boolean) => {
      const opened = await services.calendars.openOAuth(provider, token, { heldKeys: heldKeysOf(ctx, cookie), viewerId: ctx.state.principal?.userId, confirmed });
      if (opened.next === 'provider') {
        keepKeys(ctx, cookie, opened.browserKeys);
        ctx.redirect(opened.providerUrl);
        // After Continue's POST: the provider's page is fetched with GET.
        if (ctx.method === 'POST') ctx.status = 303;
        return;
      }
      ctx.set('Content-Security-Policy', cspWithFormTarget(opened.providerOrigin));
      ctx.body = confirmPage(provider, token!, csrfToken(ctx, csrf), opened.account);
    };

    router.get(`/oauth/${provider}/start`, (ctx) =>
      orNotConnected(ctx, provider, csrf, async () => {
        const { token } = parseInput(startQuerySchema, ctx.query, 'start');
        await open(ctx, token, false);
      }),
    );

    router.post(`/oauth/${provider}/start`, (ctx) =>
      orNotConnected(ctx, provider, csrf, async () => {
        verifyCsrf(ctx, csrf);
        const { token } = parseInput(startQuerySchema, ctx.request.body ?? {}, 'start');
        await open(ctx, token, true);
      }),
    );

    router.get(`/oauth/${provider}/callback`, (ctx) =>
      orNotConnected(ctx, provider, csrf, async () => {
        const heldKeys = heldKeysOf(ctx, cookie);
        try {
          const query = parseInput(callbackQuerySchema, ctx.query, 'callback');
          const connection = await services.calendars.completeOAuth(provider, query, heldKeys);
          const names = connection.calendars.map((c) => c.name);
          ctx.body = layout(
            `${NAMES[provider]} connected`,
            html`<h1>${NAMES[provider]} connected</h1>${notice('ok', `Yava can now see ${connection.account}: ${names.join(', ')}.`)}<p>Busy times in ${names[0] ?? 'your calendar'} now block your booking slots, and new bookings are written to your destination calendar. You can close this window.</p><p class="muted">Change which calendars count with <code>yava calendars use</code>.</p>`,
          );
        } finally {
          // The key of an attempt claimed here is spent, whatever came of it (a retry starts from Yava with a new one); keys of attempts still open stay.
          if (heldKeys.length) keepKeys(ctx, cookie, await services.calendars.openAttemptKeys(provider, heldKeys));
        }
      }),
    );
  }
  return router;
}
