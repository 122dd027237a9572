import { DateTime } from 'luxon';
import { usageError } from './errors.js';
import { systemZone } from './systemZone.js';
import type { Painter } from './terminal.js';
import { formatWallClockTime } from '../core/time/wallClock.js';


export const isValidZone = (zone: string): boolean => DateTime.local().setZone(zone).isValid;

/** The zone `--tz` names, else the system zone; a usage error for a name that is not an IANA zone. */
export function zoneFromFlag(tz: string | undefined): string {
  if (!tz) return systemZone();
  if (!isValidZone(tz)) throw usageError(`Unknown time zone "${tz}" for --tz; use an IANA name such as Europe/Berlin`);
  return tz;
}

/** "Tue 24 Nov 2026 15:00" in the given zone ("02:00 CEST" for a time the autumn change repeats). */
export function formatInstant(iso: string, zone: string): string {
  const t = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  return `${t.toFormat('ccc dd LLL yyyy')} ${formatWallClockTime(t)}`;
}

/** "Tue 24 Nov 2026 15:00–15:30" (same day) or a full range; a repeated time names its offset. */
export function formatRange(startIso: string, endIso: string, zone: string): string {
  const start = DateTime.fromISO(startIso, { zone: 'utc' }).setZone(zone);
  const end = DateTime.fromISO(endIso, { zone: 'utc' }).setZone(zone);
  if (start.hasSame(end, 'day')) return `${start.toFormat('ccc dd LLL yyyy')} ${formatWallClockTime(start)}–${formatWallClockTime(end)}`;
  return `${formatInstant(startIso, zone)} – ${formatInstant(endIso, zone)}`;
}

const visibleLength = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;

/** A plain text table: a header row, then one row per item, columns padded. */
export function renderTable(headers: string[], rows: string[][], paint?: Painter): string {
  const widths = headers.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - visibleLength(c))))
      .join('  ')
      .trimEnd();
  const head = line(headers);
  return [paint ? paint('bold', head) : head, ...rows.map(line)].join('\n');
}

/** "1 h 30 min", "45 min". */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h && m) return `${h} h ${m} min`;
  if (h) return `${h} h`;
  return `${m} min`;
}
