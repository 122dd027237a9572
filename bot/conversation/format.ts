import { DateTime } from 'luxon';

/** "Wed 25 Nov, 14:00–14:30" in `zone`; the date is repeated when the end falls on another day. */
export function formatRange(start: string, end: string, zone: string): string {
  const s = DateTime.fromISO(start, { zone });
  const e = DateTime.fromISO(end, { zone });
  const sameDay = s.hasSame(e, 'day');
  return `${s.toFormat('ccc d LLL, HH:mm')}–${sameDay ? e.toFormat('HH:mm') : e.toFormat('ccc d LLL, HH:mm')}`;
}

/** "Europe/Paris" → "Europe/Paris (UTC+1)" at that instant. */
export function formatZone(zone: string, at: string): string {
  return `${zone} (${DateTime.fromISO(at, { zone }).toFormat("'UTC'ZZ").replace(/:00$/, '').replace('+00', '')})`;
}
