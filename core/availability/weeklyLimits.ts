/**
 * Weekly meeting limits: a host's ISO week (Monday to Sunday, in the zone of their schedule)
 * with `limit` or more counted starts is closed, every day of it. Pure.
 */
import { DateTime } from 'luxon';
import type { LocalDay } from '../time/zones.js';
import type { DailyLimit } from './types.js';

/** "2026-W48": the ISO week of a local date "YYYY-MM-DD". */
export function isoWeekOfDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).toFormat("kkkk-'W'WW");
}

/** The ISO week (in `zone`) an instant falls in. */
export function isoWeekOfInstant(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat("kkkk-'W'WW");
}

/**
 * For each of `days` (local days in `zone`), whether a weekly limit closes it: its week holds
 * `limit` or more of the limit's starts (starts outside `days` count too, so a week cut by the
 * window is still counted whole). Throws RangeError for a negative or fractional limit.
 *
 * @example closedByWeeklyLimits([{ limit: 2, starts: [mon9, tue9] }], days, 'Europe/Paris') // every day of that week true
 */
export function closedByWeeklyLimits(limits: readonly DailyLimit[], days: readonly LocalDay[], zone: string): boolean[] {
  const closed = days.map(() => false);
  if (limits.length === 0 || days.length === 0) return closed;
  const weeks = days.map((d) => isoWeekOfDate(d.date));
  for (const { limit, starts } of limits) {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`Weekly limit must be a non-negative integer, got ${String(limit)}`);
    const counts = new Map<string, number>();
    for (const start of starts) {
      const week = isoWeekOfInstant(start, zone);
      counts.set(week, (counts.get(week) ?? 0) + 1);
    }
    weeks.forEach((week, i) => {
      if ((counts.get(week) ?? 0) >= limit) closed[i] = true;
    });
  }
  return closed;
}
