/**
 * A host's time laid out for looking at it: a week of days with their meetings and the free
 * working time between them, and a heatmap of busy versus free minutes per weekday and hour.
 * Working hours come from the host's schedule (core/availability), in its own zone; what a page
 * shows is in the viewer's `timezone`. Intervals are half-open `[start, end)`.
 */
import { DateTime } from 'luxon';
import { listWorkingIntervals } from '../availability/workingHours.js';
import { intersectIntervals, mergeIntervals, subtractIntervals, type Interval } from '../time/intervals.js';
import { addDays } from '../time/units.js';
import { listLocalDays } from '../time/zones.js';
import { loadBookings } from './bookingRepository.js';
import type { BookingContext } from './context.js';
import { requireTimeZone, resolveDateRange } from './inputs.js';
import { loadExternalBusy, loadHostRows } from './loader.js';
import { requireUserById } from './records.js';
import type { BookingDetails } from './types.js';

export interface WeekViewDay {
  date: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  meetings: BookingDetails[];
  /** Working time from now on with no meeting and no calendar event, in ISO instants. */
  free: Array<{ start: string; end: string }>;
  /** Busy time of the host's calendars that check conflicts (not Yava meetings), in ISO instants. */
  calendarBusy: Array<{ start: string; end: string }>;
}

export interface HeatmapCell {
  busyMinutes: number;
  /** Working minutes with no meeting. */
  freeMinutes: number;
}

/** Statuses that take time on a calendar (a pending request holds its slot only as a proposal). */
const SHOWN = ['scheduled', 'pending', 'completed', 'no_show'];
const BUSY = new Set(['scheduled', 'completed', 'no_show']);

async function hostTime(ctx: BookingContext, userId: string, range: Interval) {
  const rows: Array<{ id: string }> = await ctx.db('bookings as b')
    .join('booking_hosts as h', 'h.booking_id', 'b.id')
    .where('h.user_id', userId)
    .whereIn('b.status', SHOWN)
    .where('b.start_at', '<', new Date(range.end))
    .where('b.end_at', '>', new Date(range.start))
    .orderBy([{ column: 'b.start_at' }, { column: 'b.id' }])
    .distinct('b.id', 'b.start_at');
  const meetings = await loadBookings(ctx.db, rows.map((r) => r.id));
  const [host] = await loadHostRows(ctx.db, [userId]);
  const working = host ? listWorkingIntervals(host.schedule, range) : [];
  const busy = mergeIntervals(meetings.filter((m) => BUSY.has(m.status)).map((m) => ({ start: Date.parse(m.start), end: Date.parse(m.end) })));
  return { meetings, busy, free: subtractIntervals(working, busy) };
}

/**
 * Free working time from now on: working time with no meeting, no event of a calendar that
 * checks conflicts, and not already past. What the week shows as free is what could be booked.
 */
async function freeFromNow(ctx: BookingContext, userId: string, range: Interval, free: Interval[]): Promise<{ free: Interval[]; calendarBusy: Interval[] }> {
  const calendarBusy = (await loadExternalBusy(ctx.db, [userId], range)).get(userId) ?? [];
  const now = ctx.clock.now().getTime();
  const past = now > range.start ? [{ start: range.start, end: now }] : [];
  return { free: subtractIntervals(free, mergeIntervals([...calendarBusy, ...past])), calendarBusy: intersectIntervals(calendarBusy, [range]) };
}

const iso = (i: Interval) => ({ start: new Date(i.start).toISOString(), end: new Date(i.end).toISOString() });

/**
 * Seven days from `from` (default: today in `timezone`, default the user's zone): each day's
 * meetings (as host) and free working time. Throws user_not_found, validation_failed (bad date or zone).
 * @example await getWeekView(ctx, userId, { from: '2026-11-23', timezone: 'Europe/Berlin' })
 */
export async function getWeekView(ctx: BookingContext, userId: string, input: { from?: string; timezone?: string } = {}): Promise<{ timezone: string; from: string; days: WeekViewDay[] }> {
  const user = await requireUserById(ctx.db, userId);
  const timezone = requireTimeZone(input.timezone ?? user.timezone);
  const range = resolveDateRange({ from: input.from, timezone }, ctx.clock.now().getTime(), 7);
  const time = await hostTime(ctx, userId, range);
  const { free, calendarBusy } = await freeFromNow(ctx, userId, range, time.free);
  const days = listLocalDays(range, timezone).map((day): WeekViewDay => {
    const bounds = [{ start: day.start, end: day.end }];
    return {
      date: day.date,
      weekday: day.weekday,
      meetings: time.meetings.filter((m) => Date.parse(m.start) < day.end && Date.parse(m.end) > day.start),
      free: intersectIntervals(free, bounds).map(iso),
      calendarBusy: intersectIntervals(calendarBusy, bounds).map(iso),
    };
  });
  return { timezone, from: range.from, days };
}

/** Adds each interval's minutes to the cell of its local weekday and hour (split at hour boundaries, DST-safe). */
function addByHour(cells: HeatmapCell[][], intervals: readonly Interval[], zone: string, key: keyof HeatmapCell): void {
  for (const interval of intervals) {
    for (let t = interval.start; t < interval.end; ) {
      const local = DateTime.fromMillis(t, { zone });
      const next = Math.min(interval.end, local.startOf('hour').plus({ hours: 1 }).toMillis());
      cells[local.weekday - 1]![local.hour]![key] += Math.round((next - t) / 60_000);
      t = next;
    }
  }
}

/**
 * Busy and free working minutes per weekday (0 = Monday) and local hour over `weeks` weeks
 * ending with the one that holds `to` (default: 4 weeks up to 13 days from today).
 * Throws user_not_found, validation_failed.
 */
export async function getBusyHeatmap(ctx: BookingContext, userId: string, input: { timezone?: string; weeks?: number } = {}): Promise<{ timezone: string; from: string; to: string; cells: HeatmapCell[][] }> {
  const user = await requireUserById(ctx.db, userId);
  const timezone = requireTimeZone(input.timezone ?? user.timezone);
  const today = DateTime.fromJSDate(ctx.clock.now(), { zone: timezone }).toISODate()!;
  const days = Math.min(Math.max(input.weeks ?? 4, 1), 8) * 7;
  const from = addDays(today, -(days / 2));
  const range = resolveDateRange({ from, to: addDays(from, days - 1), timezone }, ctx.clock.now().getTime());
  const { busy, free } = await hostTime(ctx, userId, range);
  const cells: HeatmapCell[][] = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => ({ busyMinutes: 0, freeMinutes: 0 })));
  const clip = (list: Interval[]) => intersectIntervals(list, [range]);
  addByHour(cells, clip(busy), timezone, 'busyMinutes');
  addByHour(cells, clip(free), timezone, 'freeMinutes');
  return { timezone, from: range.from, to: range.to, cells };
}
