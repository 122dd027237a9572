/**
 * A meeting's summary for its host (/app/meetings/:id): attendees, the time in the viewer's zone
 * and each attendee's, status history, links, the hosts' notes, and the actions — reschedule
 * (a page of free slots), cancel, mark no-show. Every form carries the meeting's version, so a
 * change made meanwhile elsewhere answers 412 instead of being overwritten; the dashboard's
 * script queues these same forms (data-offline) when the browser is offline.
 */
import type Router from '@koa/router';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { BookingDetails } from '../../../core/booking/types.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import { addDays } from '../../../core/time/units.js';
import type { AppContext, AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { csrfToken } from '../pages/csrf.js';
import { fullRange, instantIn, shortRange, statusBadge } from './format.js';
import type { Viewer } from './layout.js';
import { formErrorsOf, type FormErrors } from './forms.js';
import { paymentCard, refundForm, typedRefund } from './meetingPayment.js';
import { notice, redirectTo, render, viewerOf, type AppRouteDeps } from './shared.js';

const versionField = z.coerce.number().int().min(1).max(1_000_000_000).optional();
const cancelForm = z.object({ reason: z.string().trim().max(2000).optional(), version: versionField }).loose();
const notesForm = z.object({ hostNotes: z.string().max(10_000), version: versionField }).loose();
const versionForm = z.object({ version: versionField }).loose();
const rescheduleForm = z.object({ start: z.string().datetime({ offset: true }), version: versionField }).loose();
const DONE: Record<string, string> = { canceled: 'The meeting is canceled; everyone is told.', 'no-show': 'Marked as a no-show.', notes: 'Notes saved.', rescheduled: 'Rescheduled; everyone gets the new time.', refunded: 'Refund asked for: it counts at once, and the payer gets the money once the provider has taken it.', unchanged: 'The meeting is already at that time: nothing changed, nobody was told.' };


function hiddenFields(ctx: AppContext, deps: AppRouteDeps, m: BookingDetails): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrfToken(ctx, deps.csrf)}"><input type="hidden" name="version" value="${m.version}">`;
}

function offlineAttrs(action: string, label: string, m: BookingDetails): SafeHtml {
  return html` data-offline="${action}" data-label="${label}" data-meeting="${m.id}" data-version="${m.version}"`;
}

function actions(ctx: AppContext, deps: AppRouteDeps, m: BookingDetails): SafeHtml {
  const open = m.status === 'scheduled' || m.status === 'pending';
  const ended = new Date(m.end).getTime() <= deps.clock.now().getTime();
  return html`<section class="card" aria-labelledby="actions-h"><h2 id="actions-h">Actions</h2>
${open ? html`<p><a class="button secondary" href="/app/meetings/${m.id}/reschedule">Reschedule</a></p>
<form method="post" action="/app/meetings/${m.id}/cancel"${offlineAttrs('cancel', 'Cancel meeting', m)}>${hiddenFields(ctx, deps, m)}
<div class="field"><label for="reason">Reason for canceling (sent to everyone)</label><input id="reason" name="reason" maxlength="2000"></div>
<button type="submit" class="danger">Cancel meeting</button></form>` : html`<p class="muted">This meeting is ${m.status.replace('_', ' ')}: nothing to reschedule or cancel.</p>`}
${m.status === 'scheduled' && ended ? html`<form method="post" action="/app/meetings/${m.id}/no-show"${offlineAttrs('no-show', 'Mark no-show', m)}>${hiddenFields(ctx, deps, m)}<button type="submit" class="secondary">Mark as no-show</button></form>` : ''}
</section>`;
}

function summaryBody(ctx: AppContext, deps: AppRouteDeps, m: BookingDetails, viewer: Viewer, done?: string, payment?: SafeHtml): SafeHtml {
  const zones = [...new Set(m.attendees.map((a) => a.timezone).filter((z) => z && z !== viewer.timezone))];
  return html`<p><a href="/app">← Meetings</a></p>
<h1>${m.title} ${statusBadge(m.status)}</h1>
${done && DONE[done] ? notice('ok', DONE[done]!) : ''}
<div id="conflicts"></div>
<div class="grid">
<section class="card" aria-labelledby="when-h"><h2 id="when-h">When</h2><dl class="facts">
<dt>Your time</dt><dd>${fullRange(m, viewer.timezone)}</dd>
${zones.map((z) => html`<dt>Attendee’s time</dt><dd>${fullRange(m, z)}</dd>`)}
<dt>Duration</dt><dd>${m.durationMinutes} min</dd>
${m.location ? html`<dt>Where</dt><dd>${m.location}</dd>` : ''}
${m.eventType ? html`<dt>Event type</dt><dd>${m.eventType.title}</dd>` : ''}
</dl></section>
<section class="card" aria-labelledby="who-h"><h2 id="who-h">People</h2><dl class="facts">
<dt>Hosts</dt><dd>${m.hosts.map((h) => h.name).join(', ')}</dd>
<dt>Attendees</dt><dd>${m.attendees.length ? html`<ul class="plain">${m.attendees.map((a) => html`<li>${a.name} &lt;<a href="mailto:${a.email}">${a.email}</a>&gt; <span class="muted">${a.timezone}</span></li>`)}</ul>` : 'None'}</dd>
${m.notes ? html`<dt>Their notes</dt><dd>${m.notes}</dd>` : ''}
</dl></section>
</div>
${actions(ctx, deps, m)}
${payment ?? ''}
<section class="card" aria-labelledby="notes-h"><h2 id="notes-h">Your notes</h2>
<form method="post" action="/app/meetings/${m.id}/notes"${offlineAttrs('notes', 'Save notes', m)}>${hiddenFields(ctx, deps, m)}
<div class="field"><label for="hostNotes">Only hosts see these</label><textarea id="hostNotes" name="hostNotes" maxlength="10000">${m.hostNotes ?? ''}</textarea></div>
<button type="submit" class="secondary">Save notes</button></form></section>
<section class="card" aria-labelledby="history-h"><h2 id="history-h">Status history</h2>
<ol class="history">${m.statusHistory.map((h) => html`<li>${instantIn(h.at, viewer.timezone)}: ${h.from ?? 'new'} → ${h.to} <span class="muted">by ${h.actor}${h.reason ? html`: ${h.reason}` : ''}</span></li>`)}</ol>
<h2>Links</h2><ul><li><a href="/api/meetings/${m.id}">This meeting in the API (JSON)</a></li>${m.eventType ? html`<li><a href="/${m.hosts[0]?.username ?? ''}/${m.eventType.slug}">Its booking page</a></li>` : ''}<li><a href="/app/week">Your week</a></li></ul>
<p class="muted">Version ${m.version}</p></section>`;
}

/**
 * The first day of the week of times the picker shows: `?from=` (a date, not before today), else
 * the week around the meeting (from three days before it), else today.
 */
function pickerStart(asked: unknown, today: string, meetingDay: string): string {
  const wanted = typeof asked === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(asked) && DateTime.fromISO(asked).isValid ? asked : addDays(meetingDay, -3);
  return notBefore(wanted, today);
}

/** `day`, or `first` when `day` is earlier (ISO dates compare as strings). */
function notBefore(day: string, first: string): string {
  if (day < first) return first;
  return day;
}

async function reschedulePage(ctx: AppContext, deps: AppRouteDeps, viewer: Viewer, m: BookingDetails): Promise<SafeHtml> {
  const { scheduling, bookingPage } = deps.services;
  const ref = await bookingPage.rescheduleSource(m);
  const today = DateTime.fromJSDate(deps.clock.now(), { zone: viewer.timezone }).toISODate()!;
  const from = pickerStart(ctx.query.from, today, DateTime.fromISO(m.start, { zone: viewer.timezone }).toISODate()!);
  const to = addDays(from, 6);
  const list = await scheduling.listSlots({ ...ref, from, to, timezone: viewer.timezone });
  const slots = list.slots.filter((s) => s.start !== m.start).slice(0, 60);
  const token = csrfToken(ctx, deps.csrf);
  const span = `${DateTime.fromISO(from).setLocale('en-GB').toFormat('d LLL')}–${DateTime.fromISO(to).setLocale('en-GB').toFormat('d LLL yyyy')}`;
  const week = (start: string, label: string) => html`<a class="button secondary" href="/app/meetings/${m.id}/reschedule?from=${start}">${label}</a>`;
  return html`<p><a href="/app/meetings/${m.id}">← ${m.title}</a></p><h1>Reschedule: ${m.title}</h1>
<p>Now: ${fullRange(m, viewer.timezone)}. Pick a new time (${span}, times in ${viewer.timezone}):</p>
<nav class="actions" aria-label="Weeks">${from > today ? week(notBefore(addDays(from, -7), today), '← Earlier') : ''}${week(addDays(from, 7), 'Later →')}</nav>
${slots.length ? html`<ul class="meetings">${slots.map((s) => html`<li><span class="when">${shortRange(s, viewer.timezone)}</span><form method="post" action="/app/meetings/${m.id}/reschedule"><input type="hidden" name="_csrf" value="${token}"><input type="hidden" name="version" value="${m.version}"><input type="hidden" name="start" value="${s.start}"><button type="submit" class="secondary">Move to ${shortRange(s, viewer.timezone)}</button></form></li>`)}</ul>` : html`<p class="muted">No free times from ${span}: try a later week.</p>`}`;
}

export function mountMeetingPages(router: Router<AppState>, deps: AppRouteDeps): void {
  const { booking, payments } = deps.services;
  const actor = (ctx: AppContext, version?: number) => ({ userId: ctx.state.principal!.userId, ifVersion: version });

  /** The summary page; a refund refused for what was typed comes back with the typed amount and why (400). */
  const summary = async (ctx: AppContext, viewer: Viewer, refund?: { errors: FormErrors; typed?: string }) => {
    const m = await booking.getBooking(ctx.params.id!, actor(ctx));
    const payment = await payments.paymentOfMeeting(m.id, m.viewer);
    const card = payment ? paymentCard(ctx, deps, m.id, payment, { zone: viewer.timezone, host: m.viewer !== 'attendee', ...refund }) : undefined;
    ctx.set('ETag', `"${m.version}"`);
    render(ctx, deps, viewer, m.title, summaryBody(ctx, deps, m, viewer, typeof ctx.query.done === 'string' ? ctx.query.done : undefined, card), '/app', refund ? 400 : 200);
  };

  router.get('/app/meetings/:id', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (viewer) await summary(ctx, viewer);
  });
  router.post('/app/meetings/:id/refund', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (!viewer) return;
    const form = parseInput(refundForm, ctx.request.body);
    const who = { userId: ctx.state.principal!.userId };
    let meetingId: string;
    try {
      const payment = await payments.getMeetingPayment(ctx.params.id!, who);
      ({ meetingId } = await payments.refundMeetingPayment(payment.meetingId, { amount: typedRefund(form.amount, payment) }, who));
    } catch (error) {
      await summary(ctx, viewer, { errors: formErrorsOf(error), typed: form.amount });
      return;
    }
    redirectTo(ctx, `/app/meetings/${meetingId}?done=refunded`);
  });
  router.get('/app/meetings/:id/reschedule', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (!viewer) return;
    const m = await booking.getBooking(ctx.params.id!, actor(ctx));
    render(ctx, deps, viewer, `Reschedule ${m.title}`, await reschedulePage(ctx, deps, viewer, m), '/app');
  });
  router.post('/app/meetings/:id/reschedule', async (ctx) => {
    if (!(await viewerOf(ctx, deps))) return;
    const form = parseInput(rescheduleForm, ctx.request.body);
    const m = await booking.rescheduleBooking(ctx.params.id!, { start: form.start }, actor(ctx, form.version));
    // The version moves with every change: the same one back means the meeting was already there (a form sent twice).
    redirectTo(ctx, `/app/meetings/${m.id}?done=${m.version === form.version ? 'unchanged' : 'rescheduled'}`);
  });
  router.post('/app/meetings/:id/cancel', async (ctx) => {
    if (!(await viewerOf(ctx, deps))) return;
    const form = parseInput(cancelForm, ctx.request.body);
    const m = await booking.cancelBooking(ctx.params.id!, { reason: form.reason || null }, actor(ctx, form.version));
    redirectTo(ctx, `/app/meetings/${m.id}?done=canceled`);
  });
  router.post('/app/meetings/:id/no-show', async (ctx) => {
    if (!(await viewerOf(ctx, deps))) return;
    const form = parseInput(versionForm, ctx.request.body);
    const m = await booking.markNoShow(ctx.params.id!, actor(ctx, form.version));
    redirectTo(ctx, `/app/meetings/${m.id}?done=no-show`);
  });
  router.post('/app/meetings/:id/notes', async (ctx) => {
    if (!(await viewerOf(ctx, deps))) return;
    const form = parseInput(notesForm, ctx.request.body);
    const m = await booking.updateHostNotes(ctx.params.id!, { hostNotes: form.hostNotes }, actor(ctx, form.version));
    redirectTo(ctx, `/app/meetings/${m.id}?done=notes`);
  });
}
