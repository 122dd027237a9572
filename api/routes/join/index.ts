/**
 * Join links of group sessions: `GET /j/:token` leads an attendee to the meeting place (a
 * redirect for a URL, a page for an address; a revoked link gets a friendly 410 page), and
 * `POST /api/meetings/:id/attendees/:attendeeId/revoke-join` revokes one attendee's link.
 */
import Router from '@koa/router';
import { html } from '../../../core/notify/html.js';
import type { AppDeps, AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { page, send } from '../pages/render.js';
import { formatRange, layout } from '../pages/views.js';
import { attendeeParamsSchema, joinParamsSchema, tokenQuerySchema } from './schema.js';

export function joinRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();

  router.get(
    '/j/:token',
    page(async (ctx) => {
      const { token } = parseInput(joinParamsSchema, ctx.params, 'path');
      const target = await services.booking.resolveJoinLink(token);
      if (target.isUrl) {
        ctx.status = 302;
        ctx.set('Cache-Control', 'no-store');
        return ctx.redirect(target.location);
      }
      send(ctx, layout(`Join: ${target.title}`, html`<h1>${target.title}</h1><p>${formatRange(target.start, target.end, 'UTC')} (UTC)</p><div class="card"><p>Where: <strong>${target.location}</strong></p></div>`));
    }),
  );

  router.post('/api/meetings/:id/attendees/:attendeeId/revoke-join', async (ctx) => {
    const { id, attendeeId } = parseInput(attendeeParamsSchema, ctx.params, 'path');
    const { token } = parseInput(tokenQuerySchema, ctx.query, 'query');
    ctx.body = await services.booking.revokeJoinLink(id, attendeeId, { userId: ctx.state.principal?.userId, manageToken: token });
  });

  return router;
}
