/**
 * /app/week: seven columns of meetings and free working time (arrow keys move between days,
 * n/p change the week); /app/heatmap: busy against free minutes by weekday and hour.
 */
import type Router from '@koa/router';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { HeatmapCell, WeekViewDay } from '../../../core/booking/weekView.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import { addDays } from '../../../core/time/units.js';
import type { AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { statusBadge } from './format.js';
import { render, viewerOf, type AppRouteDeps } from './shared.js';

const weekQuery = z.object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).loose();
const hm = (isoText: string, zone: string) => DateTime.fromISO(isoText, { zone }).toFormat('HH:mm');

function dayColumn(day: WeekViewDay, zone: string, today: string): SafeHtml {
  const label = DateTime.fromISO(day.date, { zone }).setLocale('en-GB').toFormat('cccc d LLL');
  // Meetings, calendar events and free time in the order they happen.
  const blocks = [
    ...day.meetings.map((m) => ({ at: m.start, node: html`<a class="block meeting" href="/app/meetings/${m.id}"><strong>${hm(m.start, zone)}–${hm(m.end, zone)}</strong> ${m.title} ${m.status === 'scheduled' ? '' : statusBadge(m.status)}</a>` })),
    ...day.calendarBusy.map((b) => ({ at: b.start, node: html`<span class="block busy">Busy in your calendar ${hm(b.start, zone)}–${hm(b.end, zone)}</span>` })),
    ...day.free.map((f) => ({ at: f.start, node: html`<span class="block free">Free ${hm(f.start, zone)}–${hm(f.end, zone)}</span>` })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const summary = `${label}: ${day.meetings.length} meeting${day.meetings.length === 1 ? '' : 's'}, ${day.free.length ? 'free time' : 'no free time'}`;
  const empty = blocks.length ? '' : html`<p class="muted">${day.date < today ? 'Past' : day.date === today ? 'Nothing more today' : 'Off'}</p>`;
  return html`<section class="day${day.date === today ? ' today' : ''}" tabindex="0" aria-label="${summary}"><h2>${label}</h2>${blocks.map((b) => b.node)}${empty}</section>`;
}

function heatClass(cell: HeatmapCell): string {
  const total = cell.busyMinutes + cell.freeMinutes;
  if (!total) return 'heat-0';
  const share = cell.busyMinutes / total;
  return share === 0 ? 'heat-0' : share < 0.34 ? 'heat-1' : share < 0.67 ? 'heat-2' : 'heat-3';
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function heatmapTable(cells: HeatmapCell[][]): SafeHtml {
  // Only the hours anyone works or meets in, so the table fits a phone.
  const hours = [...Array(24).keys()].filter((h) => cells.some((row) => row[h]!.busyMinutes + row[h]!.freeMinutes > 0));
  const shown = hours.length ? hours : [9, 10, 11, 12, 13, 14, 15, 16];
  return html`<div class="table-wrap"><table class="heatmap"><caption class="muted">Busy share of working time by weekday and hour</caption>
<thead><tr><th scope="col">Day</th>${shown.map((h) => html`<th scope="col">${String(h).padStart(2, '0')}</th>`)}</tr></thead>
<tbody>${cells.map(
    (row, d) =>
      html`<tr><th scope="row">${WEEKDAYS[d]!}</th>${shown.map((h) => {
        const c = row[h]!;
        return html`<td class="${heatClass(c)}" title="${WEEKDAYS[d]!} ${h}:00 — busy ${c.busyMinutes} min, free ${c.freeMinutes} min"><span class="sr">${c.busyMinutes}/${c.busyMinutes + c.freeMinutes}</span></td>`;
      })}</tr>`,
  )}</tbody></table></div>`;
}

export function mountWeekPages(router: Router<AppState>, deps: AppRouteDeps): void {
  const { booking } = deps.services;

  router.get('/app/week', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (!viewer) return;
    const q = parseInput(weekQuery, ctx.query, 'query');
    const week = await booking.getWeekView(ctx.state.principal!.userId, { from: q.from, timezone: viewer.timezone });
    const today = DateTime.fromJSDate(deps.clock.now(), { zone: week.timezone }).toISODate()!;
    const body = html`<h1>Week of ${DateTime.fromISO(week.from).setLocale('en-GB').toFormat('d LLLL yyyy')}</h1>
<nav class="actions" aria-label="Weeks"><a class="button secondary" data-key="prev" href="/app/week?from=${addDays(week.from, -7)}">← Previous week</a><a class="button secondary" href="/app/week">Today</a><a class="button secondary" data-key="next" href="/app/week?from=${addDays(week.from, 7)}">Next week →</a></nav>
<p class="muted">Times in ${week.timezone.replace(/_/g, ' ')}. Arrow keys move between days; <kbd>n</kbd> and <kbd>p</kbd> change the week.</p>
<div class="week">${week.days.map((d) => dayColumn(d, week.timezone, today))}</div>`;
    render(ctx, deps, viewer, 'Week', body, '/app/week');
  });

  router.get('/app/heatmap', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (!viewer) return;
    const map = await booking.getBusyHeatmap(ctx.state.principal!.userId, { timezone: viewer.timezone });
    const busy = map.cells.flat().reduce((n, c) => n + c.busyMinutes, 0);
    const free = map.cells.flat().reduce((n, c) => n + c.freeMinutes, 0);
    const body = html`<h1>Busy and free hours</h1>
<p>${map.from} to ${map.to}: <strong>${Math.round(busy / 60)} h</strong> in meetings, <strong>${Math.round(free / 60)} h</strong> of working time free. <span class="muted">(${map.timezone.replace(/_/g, ' ')})</span></p>
<div class="legend" aria-hidden="true"><span><i class="heat-0"></i>free</span><span><i class="heat-1"></i>some</span><span><i class="heat-2"></i>busy</span><span><i class="heat-3"></i>full</span></div>
${heatmapTable(map.cells)}`;
    render(ctx, deps, viewer, 'Heatmap', body, '/app/heatmap');
  });
}
