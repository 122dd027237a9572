/**
 * /app/hours: the weekly working hours as a form, every range of every day (09:00–12:00 and
 * 13:00–17:00 are two rows of Monday) and one empty row per day to add another; a day with no
 * range is a day off. Date overrides stay as they are (overridesPage.ts). A refused form comes
 * back with what was typed and the error beside its field.
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

const clock = z.union([z.literal(''), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:MM')]).optional();
const hoursForm = z
  .object(Object.fromEntries([['timezone', z.string().trim().max(64).optional()], ...DAYS.flatMap(([d]) => Array.from({ length: MAX_RANGES }, (_, n) => [[fieldOf(d, 'start', n), clock], [fieldOf(d, 'end', n), clock]]).flat())]))
  .loose();
type HoursForm = Record<string, string | undefined>;

/** The weekly rules a form asks for: each row with both times, in the order typed. */
function weeklyOf(f: HoursForm): WeeklyRule[] {
  return DAYS.flatMap(([day]) =>
    Array.from({ length: MAX_RANGES }, (_, n) => ({ day, start: f[fieldOf(day, 'start', n)] ?? '', end: f[fieldOf(day, 'end', n)] ?? '' })).filter((r) => r.start && r.end),
  );
}

/** The form's values for a saved schedule: each day's ranges in its rows. */
function valuesOf(schedule: { timezone: string; weekly: WeeklyRule[] }): HoursForm {
  const values: HoursForm = { timezone: schedule.timezone };
  for (const [day] of DAYS) {
    schedule.weekly.filter((r) => r.day === day).slice(0, MAX_RANGES).forEach((r, n) => {
      values[fieldOf(day, 'start', n)] = r.start;
      values[fieldOf(day, 'end', n)] = r.end;
    });
  }
  return values;
}

function dayRows(day: Weekday, label: string, values: HoursForm): SafeHtml[] {
  const filled = Array.from({ length: MAX_RANGES }, (_, n) => n).filter((n) => values[fieldOf(day, 'start', n)] || values[fieldOf(day, 'end', n)]);
  // The ranges there are, then one empty row to add another (while there is room).
  const rows = [...filled, ...Array.from({ length: MAX_RANGES }, (_, n) => n).filter((n) => !filled.includes(n)).slice(0, 1)];
  return rows.map((n, i) => {
    const [start, end] = [fieldOf(day, 'start', n), fieldOf(day, 'end', n)];
    const which = i === 0 ? label : `${label}, range ${i + 1}`;
    return html`<tr><th scope="row">${i === 0 ? label : html`<span class="sr">${which}</span>`}</th><td><label class="sr" for="${start}">${which} from</label><input id="${start}" name="${start}" type="time" value="${values[start] ?? ''}"></td><td><label class="sr" for="${end}">${which} until</label><input id="${end}" name="${end}" type="time" value="${values[end] ?? ''}"></td></tr>`;
  });
}

function hoursBody(ctx: AppContext, deps: AppRouteDeps, values: HoursForm, errors?: FormErrors): SafeHtml {
  return html`<h1>Working hours</h1>${saved(ctx)}${errorSummary(errors)}<form class="card" method="post" action="/app/hours">${csrfField(ctx, deps)}
<div class="field"><label for="timezone">Time zone</label><input id="timezone" name="timezone" value="${values.timezone ?? ''}" required${invalidAttrs(errors, 'timezone', 'timezone')}>${fieldError(errors, 'timezone', 'timezone')}</div>
${fieldError(errors, 'weekly', 'weekly')}
<div class="table-wrap"><table><thead><tr><th scope="col">Day</th><th scope="col">From</th><th scope="col">Until</th></tr></thead><tbody>${DAYS.flatMap(([day, label]) => dayRows(day, label, values))}</tbody></table></div>
<p class="muted">Leave a day empty for a day off; fill the empty row under a day to add a range (after lunch, say). A day off or other hours on one date: <a href="/app/overrides">date overrides</a> (they stay as they are when you save here).</p><button type="submit">Save hours</button></form>`;
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
    try {
      const current = await scheduling.getSchedule(uid(ctx));
      await scheduling.saveSchedule(uid(ctx), { timezone: values.timezone ?? '', weekly: weeklyOf(values), overrides: current.overrides });
    } catch (error) {
      return page(ctx, viewer, values, formErrorsOf(error));
    }
    redirectTo(ctx, '/app/hours?saved=1');
  });
}
