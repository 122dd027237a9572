/**
 * Fixed lengths of time and calendar-date arithmetic, defined once for the whole core.
 * `DAY_MS` is 24 hours of elapsed time, not a local day (those are 23–25 hours around DST:
 * use `localDayRange` for those).
 */

/** One minute in milliseconds. */
export const MINUTE_MS = 60_000;
/** One hour in milliseconds. */
export const HOUR_MS = 3_600_000;
/** 24 hours in milliseconds (elapsed time, not a local calendar day). */
export const DAY_MS = 86_400_000;

/**
 * The calendar date `days` after `date` (both YYYY-MM-DD; negative goes back). Dates have no
 * zone, so no DST applies. Throws RangeError for a malformed date.
 *
 * @example addDays('2026-02-27', 2) // '2026-03-01'
 */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(d.getTime())) throw new RangeError(`expected a date YYYY-MM-DD, got "${date}"`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
