/**
 * /app/hours: the weekly working hours as a form, every range of every day (09:00–12:00 and
 * 13:00–17:00 are two rows of Monday) and one empty row per day to add another; a day with no
 * range is a day off. Date overrides stay as they are (overridesPage.ts). A refused form comes
 * back with what was typed and the error beside its field; a row with only one of its times is
 * refused, not dropped. A range until midnight ("24:00" in core) shows as an end of 00:00, since
 * a time input discards 24:00; either is accepted as an end.
 */
import type Router from '@koa/router';
import { z } from 'zod';
import type { Weekday, WeeklyRule } from '../../../core/availability/types.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import type { AppContext, AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { csrfField, errorSummary, fieldError, formErrorsOf, invalidAttrs, saved, type FormErrors } from './forms.js';
import type { Viewer } from './layout.js';
import { redirectTo, render, viewerOf, type AppRouteDeps } from './shared.js';

const DAYS: Array<[Weekday, string]> = [['mon', 'Monday'], ['tue', 'Tuesday'], ['wed', 'Wednesday'], ['thu', 'Thursday'], ['fri', 'Friday'], ['sat', 'Saturday'], ['sun', 'Sunday']];
/** Ranges one day may have on the form: more than anyone's day has, so a save never drops one it did not show. */
const MAX_RANGES = 24;

/** Form field names of a day's n-th range: `mon_start`/`mon_end` for the first (as before), `mon_start_2`… after. */
const fieldOf = (day: Weekday, side: 'start' | 'end', n: number) => (n === 0 ? `${day}_${side}` : `${day}_${side}_${n + 1}`);

const START = /^([01]\d|2[0-3]):[0-5]\d$/;
/** An end may also be midnight: 24:00 (the API's and core's way) or 00:00 (a time input's, which refuses 24:00). */
const END = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const text = z.string().max(100).optional();
const hoursForm = z
  .object(Object.fromEntries([['timezone', z.string().trim().max(64).optional()], ...DAYS.flatMap(([d]) => Array.from({ length: MAX_RANGES }, (_, n) => [[fieldOf(d, 'start', n), text], [fieldOf(d, 'end', n), text]]).flat())]))
  .loose();
type HoursForm = Record<string, string | undefined>;

/** A row's two times as typed, trimmed ('' for an empty field). */
const rowOf = (f: HoursForm, day: Weekday, n: number) => ({ start: (f[fieldOf(day, 'start', n)] ?? '').trim(), end: (f[fieldOf(day, 'end', n)] ?? '').trim() });

/** What is wrong with one side of a row, or undefined: a malformed time, or the missing half of a range. */
function timeError(row: { start: string; end: string }, side: 'start' | 'end'): string | undefined {
  const [mine, other] = side === 'start' ? [row.start, row.end] : [row.end, row.start];
  const label = side === 'start' ? '“From”' : '“Until”';
  if (!mine) return other ? `${label} is missing (${side === 'start' ? 'until' : 'from'} ${other}); give both times, or clear both for no hours then` : undefined;
  if (!(side === 'start' ? START : END).test(mine)) return `${label} is not a time: expected HH:MM${side === 'end' ? ' (00:00 or 24:00 for midnight)' : ''}`;
  return undefined;
}

/**
 * The weekly rules a form asks for (each filled row, in the order typed), and the form's own errors:
 * a row with one time is refused, never dropped, so a half-typed day does not become a day off.
 * An empty row is no hours. An end of 00:00 is midnight, saved as 24:00.
 */
function weeklyOf(f: HoursForm): { weekly: WeeklyRule[]; errors: FormErrors } {
  const errors: FormErrors = new Map();
  const weekly: WeeklyRule[] = [];
  for (const [day, label] of DAYS) {
    for (let n = 0; n < MAX_RANGES; n++) {
      const row = rowOf(f, day, n);
      for (const side of ['start', 'end'] as const) {
        const error = timeError(row, side);
        if (error) errors.set(fieldOf(day, side, n), `${n === 0 ? label : `${label}, range ${n + 1}`}: ${error}`);
      }
      if (row.start && row.end) weekly.push({ day, start: row.start, end: row.end === '00:00' ? '24:00' : row.end });
    }
  }
  return { weekly, errors };
}

/** The form's values for a saved schedule: each day's ranges in its rows, an end at midnight as 00:00. */
function valuesOf(schedule: { timezone: string; weekly: WeeklyRule[] }): HoursForm {
  const values: HoursForm = { timezone: schedule.timezone };
  for (const [day] of DAYS) {
    schedule.weekly.filter((r) => r.day === day).slice(0, MAX_RANGES).forEach((r, n) => {
      values[fieldOf(day, 'start', n)] = r.start;
      // A time input refuses 24:00 (a browser would send the field empty): midnight shows as 00:00.
      values[fieldOf(day, 'end', n)] = r.end === '24:00' ? '00:00' : r.end;
    });
  }
  return values;
}

function dayRows(day: Weekday, label: string, values: HoursForm, errors?: FormErrors): SafeHtml[] {
  const filled = Array.from({ length: MAX_RANGES }, (_, n) => n).filter((n) => values[fieldOf(day, 'start', n)] || values[fieldOf(day, 'end', n)]);
  // The ranges there are, then one empty row to add another (while there is room).
  const rows = [...filled, ...Array.from({ length: MAX_RANGES }, (_, n) => n).filter((n) => !filled.includes(n)).slice(0, 1)];
  return rows.map((n, i) => {
    const [start, end] = [fieldOf(day, 'start', n), fieldOf(day, 'end', n)];
    const which = i === 0 ? label : `${label}, range ${i + 1}`;
    const input = (name: string, what: string) => html`<label class="sr" for="${name}">${which} ${what}</label><input id="${name}" name="${name}" type="time" value="${values[name] ?? ''}"${invalidAttrs(errors, name, name)}>${fieldError(errors, name, name)}`;
    return html`<tr><th scope="row">${i === 0 ? label : html`<span class="sr">${which}</span>`}</th><td>${input(start, 'from')}</td><td>${input(end, 'until')}</td></tr>`;
  });
}

function hoursBody(ctx: AppContext, deps: AppRouteDeps, values: HoursForm, errors?: FormErrors): SafeHtml {
  return html`<h1>Working hours</h1>${saved(ctx)}${errorSummary(errors)}<form class="card" method="post" action="/app/hours">${csrfField(ctx, deps)}
<div class="field"><label for="timezone">Time zone</label><input id="timezone" name="timezone" value="${values.timezone ?? ''}" required${invalidAttrs(errors, 'timezone', 'timezone')}>${fieldError(errors, 'timezone', 'timezone')}</div>
${fieldError(errors, 'weekly', 'weekly')}
<div class="table-wrap"><table><thead><tr><th scope="col">Day</th><th scope="col">From</th><th scope="col">Until</th></tr></thead><tbody>${DAYS.flatMap(([day, label]) => dayRows(day, label, values, errors))}</tbody></table></div>
<p class="muted">Until 00:00 is until midnight, the end of the day. Leave a day empty for a day off; fill the empty row under a day to add a range (after lunch, say). A day off or other hours on one date: <a href="/app/overrides">date overrides</a> (they stay as they are when you save here).</p><button type="submit">Save hours</button></form>`;
}

export function mountHoursPage(router: Router<AppState>, deps: AppRouteDeps): void {
  const { scheduling } = deps.services;
  const uid = (ctx: AppContext) => ctx.state.principal!.userId;
  const page = (ctx: AppContext, viewer: Viewer, values: HoursForm, errors?: FormErrors) => render(ctx, deps, viewer, 'Working hours', hoursBody(ctx, deps, values, errors), '/app/hours', errors ? 400 : 200);

  router.get('/app/hours', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (viewer) page(ctx, viewer, valuesOf(await scheduling.getSchedule(uid(ctx))));
  });
  router.post('/app/hours', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (!viewer) return;
    const values = parseInput(hoursForm, ctx.request.body) as HoursForm;
    const { weekly, errors } = weeklyOf(values);
    if (errors.size) return page(ctx, viewer, values, errors);
    try {
      const current = await scheduling.getSchedule(uid(ctx));
      await scheduling.saveSchedule(uid(ctx), { timezone: values.timezone ?? '', weekly, overrides: current.overrides });
    } catch (error) {
      return page(ctx, viewer, values, formErrorsOf(error));
    }
    redirectTo(ctx, '/app/hours?saved=1');
  });
}
