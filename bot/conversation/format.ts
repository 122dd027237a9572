import { DateTime } from 'luxon';
import { formatWallClockTime } from '../../core/time/wallClock.js';

/** "Wed 25 Nov, 14:00–14:30" in `zone`; the date is repeated when the end falls on another day, and a time the autumn change repeats names its offset. */
export function formatRange(start: string, end: string, zone: string): string {
  const s = DateTime.fromISO(start, { zone });
  const e = DateTime.fromISO(end, { zone });
  const sameDay = s.hasSame(e, 'day');
  return `${s.toFormat('ccc d LLL')}, ${formatWallClockTime(s)}–${sameDay ? formatWallClockTime(e) : `${e.toFormat('ccc d LLL')}, ${formatWallClockTime(e)}`}`;
}

/** "Europe/Paris" → "Europe/Paris (UTC+1)" at that instant. */
export function formatZone(zone: string, at: string): string {
  return `${zone} (${DateTime.fromISO(at, { zone }).toFormat("'UTC'ZZ").replace(/:00$/, '').replace('+00', '')})`;
}

export { clipText } from '../../core/text.js';

/**
 * The line under a meeting list cut short, for every chat door: `count` meetings left out of the
 * message, and `beyond` when more come after the page that was read (their number is not known).
 */
export function moreMeetingsText(count: number, beyond = false): string {
  const how = beyond ? (count ? `over ${count} more` : 'more') : `${count} more`;
  return `…and ${how}: run \`yava meetings\` or open /app`;
}
