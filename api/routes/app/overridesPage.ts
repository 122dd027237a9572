/**
 * /app/overrides: date overrides over core/booking/dateOverrides.ts — the upcoming ones in the
 * schedule's zone, a form to add one (closed all day, or one to three time ranges) and a button
 * to delete each. A refused form comes back with what was typed and the error beside its field.
 */
import type Router from '@koa/router';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { DateOverride } from '../../../core/availability/types.js';
import type { UpcomingDateOverrides } from '../../../core/booking/dateOverrides.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import type { AppContext, AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { csrfField, errorSummary, fieldError, formErrorsOf, invalidAttrs, type FormErrors } from './forms.js';
import type { Viewer } from './layout.js';
import { notice, redirectTo, render, viewerOf, type AppRouteDeps } from './shared.js';

/** Time-range rows on the form; more ranges on one date: `yava hours set --date`. */
const ROWS = 3;
const text = z.string().max(100).optional();
const overrideForm = z.object(Object.fromEntries([['date', text], ['mode', z.enum(['closed', 'hours']).optional()], ...Array.from({ length: ROWS }, (_, i) => [[`start_${i}`, text], [`end_${i}`, text]]).flat()])).loose();
type OverrideForm = Record<string, string | undefined>;

const dateLabel = (date: string) => DateTime.fromISO(date).setLocale('en-GB').toFormat('cccc d LLLL yyyy');
const hoursLabel = (o: DateOverride) => (o.intervals.length ? o.intervals.map((i) => `${i.start}–${i.end}`).join(', ') : 'Closed all day');

/** The override the form asks for, or the form's own errors (a choice that contradicts what was typed). */
function overrideOf(f: OverrideForm): { override: DateOverride; errors: FormErrors } {
  const intervals = Array.from({ length: ROWS }, (_, i) => ({ start: (f[`start_${i}`] ?? '').trim(), end: (f[`end_${i}`] ?? '').trim() })).filter((r) => r.start || r.end);
  const mode = f.mode ?? (intervals.length ? 'hours' : 'closed');
  const errors: FormErrors = new Map();
  if (mode === 'closed' && intervals.length) errors.set('mode', 'You chose “Closed all day” but typed hours: choose “Different hours”, or clear the hours.');
  if (mode === 'hours' && !intervals.length) errors.set('intervals.0.start', 'Give at least one range (from and until), or choose “Closed all day”.');
  return { override: { date: (f.date ?? '').trim(), intervals }, errors };
}

function listSection(ctx: AppContext, deps: AppRouteDeps, upcoming: UpcomingDateOverrides): SafeHtml {
  if (!upcoming.overrides.length) return html`<section class="card" aria-labelledby="upcoming"><h2 id="upcoming">Upcoming</h2><p class="muted">No date overrides from today on: every day follows your <a href="/app/hours">weekly hours</a>.</p></section>`;
  const rows = upcoming.overrides.map(
    (o) => html`<tr><th scope="row">${dateLabel(o.date)}</th><td>${hoursLabel(o)}</td><td><form method="post" action="/app/overrides/${o.date}/delete">${csrfField(ctx, deps)}<button type="submit" class="secondary">Delete<span class="sr"> the override on ${dateLabel(o.date)}</span></button></form></td></tr>`,
  );
  return html`<section class="card" aria-labelledby="upcoming"><h2 id="upcoming">Upcoming</h2><div class="table-wrap"><table><thead><tr><th scope="col">Date</th><th scope="col">Hours</th><th scope="col"><span class="sr">Actions</span></th></tr></thead><tbody>${rows}</tbody></table></div></section>`;
}

function rangeRow(f: OverrideForm, errors: FormErrors | undefined, i: number): SafeHtml {
  const cell = (side: 'start' | 'end', label: string) => {
    const id = `${side}_${i}`;
    const field = `intervals.${i}.${side}`;
    return html`<td><label class="sr" for="${id}">Range ${i + 1} ${label}</label><input id="${id}" name="${id}" type="time" value="${f[id] ?? ''}"${invalidAttrs(errors, field, id)}>${fieldError(errors, field, id)}</td>`;
  };
  return html`<tr><th scope="row">Range ${i + 1}</th>${cell('start', 'from')}${cell('end', 'until')}</tr>`;
}

function addForm(ctx: AppContext, deps: AppRouteDeps, today: string, f: OverrideForm = {}, errors?: FormErrors): SafeHtml {
  const closed = (f.mode ?? 'closed') === 'closed';
  return html`<form class="card" method="post" action="/app/overrides" aria-labelledby="add">${csrfField(ctx, deps)}<h2 id="add">Add a date override</h2>${errorSummary(errors)}
<div class="field"><label for="date">Date</label><input id="date" name="date" type="date" required min="${today}" value="${f.date ?? ''}"${invalidAttrs(errors, 'date', 'date')}>${fieldError(errors, 'date', 'date')}</div>
<fieldset><legend>On that date</legend>
<p class="choices"><label><input type="radio" name="mode" value="closed"${closed ? html` checked` : ''}${invalidAttrs(errors, 'mode', 'mode')}> Closed all day</label> <label><input type="radio" name="mode" value="hours"${closed ? '' : html` checked`}${invalidAttrs(errors, 'mode', 'mode')}> Different hours</label></p>${fieldError(errors, 'mode', 'mode')}</fieldset>
<fieldset><legend>Hours (with “Different hours”)</legend><div class="table-wrap"><table><thead><tr><th scope="col"><span class="sr">Range</span></th><th scope="col">From</th><th scope="col">Until</th></tr></thead><tbody>${Array.from({ length: ROWS }, (_, i) => rangeRow(f, errors, i))}</tbody></table></div>
<p class="muted">Leave rows you do not need empty. A date that already has an override gets the new one.</p></fieldset>
<button type="submit">Add override</button></form>`;
}

function page(ctx: AppContext, deps: AppRouteDeps, viewer: Viewer, upcoming: UpcomingDateOverrides, form?: { values: OverrideForm; errors: FormErrors }): void {
  const done = ctx.query.done === 'deleted' ? notice('ok', 'Override deleted.') : ctx.query.done === 'added' ? notice('ok', 'Override saved.') : '';
  const zone = upcoming.timezone === viewer.timezone ? '' : html` (your account’s zone is ${viewer.timezone})`;
  const body = html`<h1>Date overrides</h1>${done}<p class="muted">A day off, or other hours on one date, instead of your <a href="/app/hours">weekly hours</a>. Dates and hours are in ${upcoming.timezone}, the zone of your working hours${zone}; there it is ${dateLabel(upcoming.today)} today.</p>
${listSection(ctx, deps, upcoming)}${addForm(ctx, deps, upcoming.today, form?.values, form?.errors)}`;
  render(ctx, deps, viewer, 'Date overrides', body, '/app/overrides', form ? 400 : 200);
}

export function mountOverridesPage(router: Router<AppState>, deps: AppRouteDeps): void {
  const { scheduling } = deps.services;
  const uid = (ctx: AppContext) => ctx.state.principal!.userId;

  router.get('/app/overrides', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (viewer) page(ctx, deps, viewer, await scheduling.listUpcomingDateOverrides(uid(ctx)));
  });
  router.post('/app/overrides', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (!viewer) return;
    const values = parseInput(overrideForm, ctx.request.body) as OverrideForm;
    const { override, errors } = overrideOf(values);
    try {
      if (errors.size) return page(ctx, deps, viewer, await scheduling.listUpcomingDateOverrides(uid(ctx)), { values, errors });
      await scheduling.setDateOverride(uid(ctx), override);
    } catch (error) {
      return page(ctx, deps, viewer, await scheduling.listUpcomingDateOverrides(uid(ctx)), { values, errors: formErrorsOf(error) });
    }
    redirectTo(ctx, '/app/overrides?done=added');
  });
  router.post('/app/overrides/:date/delete', async (ctx) => {
    if (!(await viewerOf(ctx, deps))) return;
    await scheduling.removeDateOverride(uid(ctx), ctx.params.date!);
    redirectTo(ctx, '/app/overrides?done=deleted');
  });
}
