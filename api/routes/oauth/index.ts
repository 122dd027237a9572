import Router from '@koa/router';
import { DomainError } from '../../../core/errors.js';
import { html } from '../../../core/notify/html.js';
import type { AppDeps, AppState } from '../../context.js';
import { httpStatusOf } from '../../middleware/errors.js';
import { layout, notice } from '../pages/views.js';
import { callbackQuerySchema } from './schema.js';
import { parseInput } from '../../validate.js';

const NAMES = { google: 'Google Calendar', microsoft: 'Outlook' } as const;

/**
 * Where Google and Microsoft send the browser back after consent: a page that says what
 * happened (connected, with which calendars, or why not). The CLI waiting in `yava calendars
 * connect` sees the new connection through GET /api/calendars.
 */
export function oauthRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  for (const provider of ['google', 'microsoft'] as const) {
    router.get(`/oauth/${provider}/callback`, async (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.type = 'html';
      try {
        const query = parseInput(callbackQuerySchema, ctx.query, 'callback');
        const connection = await services.calendars.completeOAuth(provider, query);
        const names = connection.calendars.map((c) => c.name);
        ctx.body = layout(
          `${NAMES[provider]} connected`,
          html`<h1>${NAMES[provider]} connected</h1>${notice('ok', `Yava can now see ${connection.account}: ${names.join(', ')}.`)}<p>Busy times in ${names[0] ?? 'your calendar'} now block your booking slots, and new bookings are written to your destination calendar. You can close this window.</p><p class="muted">Change which calendars count with <code>yava calendars use</code>.</p>`,
        );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        ctx.status = httpStatusOf(error);
        ctx.body = layout(`${NAMES[provider]} not connected`, html`<h1>${NAMES[provider]} was not connected</h1>${notice('error', error.message)}<p>Run <code>yava calendars connect ${provider}</code> to try again.</p>`);
      }
    });
  }
  return router;
}
