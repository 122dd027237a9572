/**
 * Wall-clock times as people read them. On a fall-back day a local time happens twice (Berlin,
 * 31 October 2027: 02:00 CEST, then 02:00 CET an hour later); such a time is written with its
 * offset's name so the two read differently. Every other time is written as before.
 */
import type { DateTime } from 'luxon';

/** True when `t`'s local date and time also happen at another offset that day (a fall-back overlap). */
export function isRepeatedWallTime(t: DateTime): boolean {
  return t.getPossibleOffsets().length > 1;
}

/**
 * "15:00" (or "3:00 PM" with `hour12`), and "02:00 CEST" / "02:00 CET" for a repeated time.
 * The offset name is the en-GB one ("CEST", or "GMT-3" where a zone has no abbreviation).
 * @example formatWallClockTime(DateTime.fromISO('2027-10-31T01:00:00Z', { zone: 'Europe/Berlin' })) // "02:00 CET"
 */
export function formatWallClockTime(t: DateTime, hour12 = false): string {
  const time = hour12 ? t.setLocale('en-US').toFormat('h:mm a') : t.toFormat('HH:mm');
  return isRepeatedWallTime(t) ? `${time} ${t.setLocale('en-GB').offsetNameShort}` : time;
}
