/**
 * GET /app: today's agenda, requests waiting for approval, and upcoming or past meetings with
 * status filters (`?scope=past&status=canceled`). Approve and decline are forms.
 */
import type Router from '@koa/router';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { BookingDetails } from '../../../core/booking/types.js';
import type { BookingStatus } from '../../../core/db/models.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import type { AppContext, AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { csrfToken } from '../pages/csrf.js';
import type { Viewer } from './layout.js';
import { STATUSES, STATUS_LABELS, shortRange, statusBadge } from './format.js';
import { notice, redirectTo, render, viewerOf, type AppRouteDeps } from './shared.js';
import { LISTED_BY_DEFAULT } from '../../../core/booking/listedStatuses.js';

const homeQuerySchema = z.object({ scope: z.enum(['upcoming', 'past']).optional(), status: z.enum(STATUSES).optional(), done: z.string().max(40).optional() }).loose();

/** The line shown after a form sent here (`?done=`). */
const DONE_NOTICES: Record<string, string> = {
  approved: 'Request approved: the invitee is told.',
  declined: 'Request declined.',
  // Straight after /app/signup: the dashboard works at once, the address counts once confirmed.
  welcome: 'Welcome to Yava. Check your email: we sent a link to confirm your address, so that meetings booked with it show up here.',
};

/** Without SMTP_URL no e-mail leaves the server: the new account is told where its link is instead. */
const WELCOME_WITHOUT_SMTP =
  'Welcome to Yava. This server sends no e-mail (SMTP_URL is not set), so the link to confirm your address is in its dev mailbox: an admin reads it with yava mail --all. Meetings booked with your address show up here once it is confirmed.';

function doneNotice(done: string, mailTransport: string): string {
  if (done === 'welcome' && mailTransport === 'dev_mailbox') return WELCOME_WITHOUT_SMTP;
  return DONE_NOTICES[done] ?? 'Done.';
}

function meetingItem(m: BookingDetails, zone: string): SafeHtml {
  const who = m.attendees.map((a) => a.name).join(', ') || m.hosts.map((h) => h.name).join(', ');
  return html`<li><span class="when">${shortRange(m, zone)}</span><a class="title" href="/app/meetings/${m.id}">${m.title}</a><span class="muted">${who}</span>${statusBadge(m.status)}</li>`;
}

const list = (items: BookingDetails[], zone: string, empty: string) => (items.length ? html`<ul class="meetings">${items.map((m) => meetingItem(m, zone))}</ul>` : html`<p class="muted">${empty}</p>`);

function requestItem(ctx: AppContext, deps: AppRouteDeps, m: BookingDetails, zone: string): SafeHtml {
  const token = csrfToken(ctx, deps.csrf);
  return html`<li><span class="when">${shortRange(m, zone)}</span><a class="title" href="/app/meetings/${m.id}">${m.title}</a><span class="muted">${m.attendees.map((a) => a.name).join(', ')}</span>
<span class="actions"><form method="post" action="/app/meetings/${m.id}/approve"><input type="hidden" name="_csrf" value="${token}"><button type="submit" aria-label="Approve ${m.title} with ${m.attendees[0]?.name ?? ''}">Approve</button></form>
<form method="post" action="/app/meetings/${m.id}/decline"><input type="hidden" name="_csrf" value="${token}"><button type="submit" class="secondary" aria-label="Decline ${m.title} with ${m.attendees[0]?.name ?? ''}">Decline</button></form></span></li>`;
}

function filters(scope: string, status: string | undefined): SafeHtml {
  const link = (label: string, s: string, st?: string) => {
    const query = new URLSearchParams({ scope: s, ...(st ? { status: st } : {}) }).toString();
    const current = s === scope && st === status;
    return html`<li><a href="/app?${query}#meetings" aria-current="${current ? 'true' : 'false'}">${label}</a></li>`;
  };
  return html`<ul class="filters" aria-label="Filter meetings">${link('Upcoming', 'upcoming')}${link('Past', 'past')}${STATUSES.map((st) => link(STATUS_LABELS[st]!, scope, st))}</ul>`;
}

async function homePage(ctx: AppContext, deps: AppRouteDeps, viewer: Viewer): Promise<void> {
  const { booking } = deps.services;
  const userId = ctx.state.principal!.userId;
  const q = parseInput(homeQuerySchema, ctx.query, 'query');
  const scope = q.scope ?? 'upcoming';
  const zone = viewer.timezone;
  const today = DateTime.fromJSDate(deps.clock.now(), { zone }).toISODate()!;
  const [agenda, pending, page] = await Promise.all([
    booking.listBookings(userId, { from: today, to: today, timezone: zone, status: ['scheduled', 'pending'] as BookingStatus[], limit: 50 }),
    booking.listPendingRequests(userId),
    // Without a status filter, core's default list: canceled and declined ones have their own filters.
    booking.listBookings(userId, { scope, timezone: zone, status: q.status ? [q.status as BookingStatus] : [...LISTED_BY_DEFAULT[scope]], limit: 50 }),
  ]);
  const done = q.done ? notice('ok', doneNotice(q.done, deps.services.notify.mailTransport)) : '';
  const body = html`<h1>Hello, ${viewer.name}</h1>${done}
<div id="conflicts"></div>
<div class="grid">
<section class="card" aria-labelledby="today"><h2 id="today">Today</h2>${list(agenda.bookings, zone, 'Nothing on your calendar today.')}</section>
<section class="card" aria-labelledby="requests"><h2 id="requests">Requests to approve</h2>${pending.length ? html`<ul class="meetings">${pending.map((p) => requestItem(ctx, deps, p.booking, zone))}</ul>` : html`<p class="muted">No requests waiting.</p>`}</section>
</div>
<section class="card" aria-labelledby="meetings"><h2 id="meetings">${scope === 'past' ? 'Past meetings' : 'Upcoming meetings'}</h2>
${filters(scope, q.status)}
${list(page.bookings, zone, 'No meetings here.')}
<p class="muted">Times in ${zone.replace(/_/g, ' ')}.</p></section>`;
  render(ctx, deps, viewer, 'Meetings', body, '/app');
}

export function mountDashboard(router: Router<AppState>, deps: AppRouteDeps): void {
  const { booking } = deps.services;
  router.get('/app', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (viewer) await homePage(ctx, deps, viewer);
  });
  router.post('/app/meetings/:id/approve', async (ctx) => {
    if (!(await viewerOf(ctx, deps))) return;
    await booking.approveBooking(ctx.params.id!, { userId: ctx.state.principal!.userId });
    redirectTo(ctx, '/app?done=approved');
  });
  router.post('/app/meetings/:id/decline', async (ctx) => {
    if (!(await viewerOf(ctx, deps))) return;
    await booking.declineBooking(ctx.params.id!, { reason: null }, { userId: ctx.state.principal!.userId });
    redirectTo(ctx, '/app?done=declined');
  });
}
