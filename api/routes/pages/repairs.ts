/**
 * Conflict repair's one-click page: /repairs/:id/accept?choice=&sig= (the link e-mailed to the
 * invitee) moves the meeting to that alternative, once; a second click shows the same result.
 */
import type Router from '@koa/router';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { html } from '../../../core/notify/html.js';
import { type PageRouteDeps, page, send } from './render.js';
import { layout, notice } from './views.js';

const acceptQuery = z.object({ choice: z.coerce.number().int().min(0).max(20), sig: z.string().min(10).max(200) });

export function mountRepairPages(router: Router<AppState>, deps: PageRouteDeps): void {
  router.get(
    '/repairs/:id/accept',
    page(async (ctx) => {
      const { choice, sig } = parseInput(acceptQuery, ctx.query, 'query');
      const result = await deps.services.repairs.acceptRepair(ctx.params.id!, choice, sig);
      const zone = result.booking.attendees[0]?.timezone ?? 'UTC';
      const when = `${DateTime.fromISO(result.booking.start, { zone }).toFormat('cccc d LLLL yyyy, HH:mm')} (${zone})`;
      const text = result.outcome === 'accepted' ? `Done: "${result.booking.title}" is now on ${when}.` : `Already done: "${result.booking.title}" is on ${when}.`;
      send(ctx, layout('Meeting moved', html`<h1>Meeting moved</h1>${notice('ok', text)}`));
    }),
  );
}
