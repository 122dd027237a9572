/**
 * Quiet hours: a daily window of local wall-clock time in the user's zone during which
 * nothing is delivered; a message due inside it waits until the window ends. Pure.
 */
import { DateTime } from 'luxon';

export interface QuietHours {
  /** Minutes after local midnight, 0–1439. */
  startMinute: number;
  endMinute: number;
}

const minuteOfDay = (t: DateTime) => t.hour * 60 + t.minute;

/** Whether the local minute falls in the window; a window whose start is after its end wraps past midnight. */
export function isInQuietHours(minute: number, quiet: QuietHours): boolean {
  const { startMinute: s, endMinute: e } = quiet;
  if (s === e) return false;
  return s < e ? minute >= s && minute < e : minute >= s || minute < e;
}

/**
 * The instant a message due at `at` may go out for someone in `zone`: `at` itself outside
 * quiet hours, otherwise the first instant the window ends (the end's wall-clock time on the
 * right local day; a time skipped by a DST change moves forward, as luxon does).
 * Example: quiet 22:00–07:00 Europe/Berlin, due 23:30 local → 07:00 local the next day.
 */
export function deferPastQuietHours(at: Date, zone: string, quiet: QuietHours | null): Date {
  if (!quiet) return at;
  const local = DateTime.fromJSDate(at, { zone });
  if (!local.isValid || !isInQuietHours(minuteOfDay(local), quiet)) return at;
  let end = local.startOf('day').set({ hour: Math.floor(quiet.endMinute / 60), minute: quiet.endMinute % 60 });
  if (end.toMillis() <= local.toMillis()) end = end.plus({ days: 1 }).set({ hour: Math.floor(quiet.endMinute / 60), minute: quiet.endMinute % 60 });
  return end.toJSDate();
}

/** "22:00" → 1320; throws on anything else. */
export function parseClockTime(value: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!m) throw new RangeError(`expected HH:MM (00:00–23:59), got ${JSON.stringify(value)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** 1320 → "22:00". */
export { formatHHMM as formatClockTime } from '../../time/zones.js';
