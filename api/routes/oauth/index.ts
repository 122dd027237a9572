import Router from '@koa/router';
import { OAUTH_FLOW_TTL_MS, type OAuthProvider } from '../../../core/calendars/oauth.js';
import { DomainError } from '../../../core/errors.js';
import { html } from '../../../core/notify/html.js';
import type { AppContext, AppDeps, AppState } from '../../context.js';
import { httpStatusOf } from '../../middleware/errors.js';
import { cookieOptions } from '../../middleware/webSession.js';
import { layout, notice } from '../pages/views.js';
import { callbackQuerySchema, startQuerySchema } from './schema.js';
import { parseInput } from '../../validate.js';

const NAMES = { google: 'Google Calendar', microsoft: 'Outlook' } as const;

/** The cookie that ties a connect flow to the browser that opened its start link (only there). */
const browserCookie = (provider: OAuthProvider) => ({ name: `yava_oauth_${provider}`, path: `/oauth/${provider}` });

/** Runs `step`; a DomainError becomes a page saying why nothing was connected and how to start again. */
async function orNotConnected(ctx: AppContext, provider: OAuthProvider, step: () => Promise<void>): Promise<void> {
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'html';
  try {
    await step();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    ctx.status = httpStatusOf(error);
    ctx.type = 'html';
    ctx.body = layout(
      `${NAMES[provider]} not connected`,
      html`<h1>${NAMES[provider]} was not connected</h1>${notice('error', error.message)}<p>To try again, start from Yava: <a href="/app/calendars">Calendars</a> on your dashboard, or <code>yava calendars connect ${provider}</code> in a terminal.</p>`,
    );
  }
}

/**
 * The browser side of connecting Google and Microsoft calendars. The start link that
 * `POST /api/calendars/connect` hands out sets a short-lived cookie and sends the browser on to
 * the provider's consent; the provider sends it back to the callback, which connects only for
 * the browser holding that cookie and shows a page that says what happened (connected, with
 * which calendars, or why not). The CLI waiting in `yava calendars connect` sees the new
 * connection through GET /api/calendars.
 */
export function oauthRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  for (const provider of ['google', 'microsoft'] as const) {
    const cookie = browserCookie(provider);

    router.get(`/oauth/${provider}/start`, (ctx) =>
      orNotConnected(ctx, provider, async () => {
        const { token } = parseInput(startQuerySchema, ctx.query, 'start');
        const { providerUrl, browserKey } = await services.calendars.openOAuth(provider, token, ctx.cookies.get(cookie.name));
        ctx.cookies.set(cookie.name, browserKey, cookieOptions(ctx, OAUTH_FLOW_TTL_MS, cookie.path));
        ctx.redirect(providerUrl);
      }),
    );

    router.get(`/oauth/${provider}/callback`, (ctx) =>
      orNotConnected(ctx, provider, async () => {
        const browserKey = ctx.cookies.get(cookie.name);
        // The key is spent whatever happens: a retry starts from Yava with a new one.
        if (browserKey) ctx.cookies.set(cookie.name, '', { ...cookieOptions(ctx, undefined, cookie.path), maxAge: 0 });
        const query = parseInput(callbackQuerySchema, ctx.query, 'callback');
        const connection = await services.calendars.completeOAuth(provider, query, browserKey);
        const names = connection.calendars.map((c) => c.name);
        ctx.body = layout(
          `${NAMES[provider]} connected`,
          html`<h1>${NAMES[provider]} connected</h1>${notice('ok', `Yava can now see ${connection.account}: ${names.join(', ')}.`)}<p>Busy times in ${names[0] ?? 'your calendar'} now block your booking slots, and new bookings are written to your destination calendar. You can close this window.</p><p class="muted">Change which calendars count with <code>yava calendars use</code>.</p>`,
        );
      }),
    );
  }
  return router;
}
