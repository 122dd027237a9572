/**
 * Conflict repair's link pages. GET /repairs/:id/accept?choice=&sig= (the link e-mailed or sent
 * by direct message to the invitee) only shows what would change, with a button; the POST of that
 * form (the same signed choice) moves the meeting, once; a second click shows the same result.
 * A GET never changes anything, so a mail scanner that pre-fetches links cannot accept one.
 */
import type Router from '@koa/router';
import { z } from 'zod';
import type { BookingDetails } from '../../../core/booking/types.js';
import { html } from '../../../core/notify/html.js';
import type { RepairChoicePreview } from '../../../core/repair/previewRepair.js';
import type { AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { CSRF_FIELD, csrfToken, verifyCsrf } from './csrf.js';
import { type PageRouteDeps, page, send } from './render.js';
import { formatRange, layout, notice } from './views.js';

const acceptQuery = z.object({ choice: z.coerce.number().int().min(0).max(20), sig: z.string().min(10).max(200) });
const acceptForm = acceptQuery.extend({ [CSRF_FIELD]: z.string().max(200).optional() });
const PRIVATE = { meta: { noindex: true } };

/** The invitee's zone: the times on these pages are theirs, as in the e-mail. */
const zoneOf = (booking: BookingDetails) => booking.attendees[0]?.timezone ?? 'UTC';
const when = (start: string, end: string, zone: string) => `${formatRange(start, end, zone)} (${zone.replace(/_/g, ' ')})`;

const STATE_NOTICE: Record<Exclude<RepairChoicePreview['state'], 'open'>, string> = {
  accepted: 'Already done: you chose this time before.',
  taken: 'Another time was already chosen for this meeting.',
  closed: 'This proposal is no longer open.',
};

function confirmPage({ state, alternative, booking }: RepairChoicePreview, action: string, fields: { choice: number; sig: string; csrf: string }): string {
  const zone = zoneOf(booking);
  const hostNames = booking.hosts.map((h) => h.name).join(', ');
  const now = html`<dt>Now</dt><dd>${when(booking.start, booking.end, zone)} with ${hostNames}</dd>`;
  const rows = [
    now,
    html`<dt>New</dt><dd>${when(alternative.start, alternative.end, zone)}${alternative.kind === 'other_host' ? ` with ${alternative.hosts.join(', ')} instead of ${hostNames}` : ''}</dd>`,
  ];
  const body =
    state === 'open'
      ? html`<h1>Move "${booking.title}"?</h1><dl class="card">${rows}</dl>
<form class="card" method="post" action="${action}">
<input type="hidden" name="${CSRF_FIELD}" value="${fields.csrf}">
<input type="hidden" name="choice" value="${String(fields.choice)}">
<input type="hidden" name="sig" value="${fields.sig}">
<button type="submit">Confirm the new time</button>
</form>`
      : html`<h1>${booking.title}</h1>${notice(state === 'accepted' ? 'ok' : 'error', STATE_NOTICE[state])}<dl class="card">${now}</dl>`;
  return layout(`Move "${booking.title}"`, body, PRIVATE);
}

export function mountRepairPages(router: Router<AppState>, deps: PageRouteDeps): void {
  const { repairs } = deps.services;
  router.get(
    '/repairs/:id/accept',
    page(async (ctx) => {
      const { choice, sig } = parseInput(acceptQuery, ctx.query, 'query');
      const preview = await repairs.previewRepairChoice(ctx.params.id!, choice, sig);
      send(ctx, confirmPage(preview, `/repairs/${encodeURIComponent(ctx.params.id!)}/accept`, { choice, sig, csrf: csrfToken(ctx, deps.csrf) }));
    }),
  );

  router.post(
    '/repairs/:id/accept',
    page(async (ctx) => {
      verifyCsrf(ctx, deps.csrf);
      const { choice, sig } = parseInput(acceptForm, ctx.request.body ?? {}, 'form');
      const result = await repairs.acceptRepair(ctx.params.id!, choice, sig);
      const zone = zoneOf(result.booking);
      const at = when(result.booking.start, result.booking.end, zone);
      const text = result.outcome === 'accepted' ? `Done: "${result.booking.title}" is now on ${at}.` : `Already done: "${result.booking.title}" is on ${at}.`;
      send(ctx, layout('Meeting moved', html`<h1>Meeting moved</h1>${notice('ok', text)}`, PRIVATE));
    }),
  );
}
