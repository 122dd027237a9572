/**
 * Wall-clock time in IANA zones. Every conversion between a local date/time and an instant
 * goes through here, so DST days are handled in one place, with the rules of Temporal's
 * "compatible" disambiguation:
 * - a nonexistent local time (spring-forward gap) moves forward by the length of the gap
 *   (02:30 → 03:30 in Berlin on 2026-03-29);
 * - an ambiguous local time (fall-back overlap) is its earlier occurrence (02:30 → 02:30+02:00
 *   in Berlin on 2026-10-25);
 * - days are as long as they really are (23, 24, 25 hours; 23.5 or 24.5 on Lord Howe).
 *
 * Offsets come from luxon's `IANAZone`. Luxon's own `DateTime.fromObject` is not used for
 * local → instant: it resolves ambiguous times with a guess based on the current time, which
 * would make the result depend on the day the code runs.
 */
import { IANAZone } from 'luxon';
import type { Interval } from './intervals.js';
import { DAY_MS, MINUTE_MS } from './units.js';


/** Minutes in a day; `parseHHMM('24:00')` returns this ("end of day"). */
export const MINUTES_PER_DAY = 1440;

/** True when `zone` is an IANA zone name luxon can use ("Europe/Berlin", "UTC"). */
export function isValidTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.length === 0) return false;
  if (knownZones.has(zone)) return true;
  // Checking builds an Intl.DateTimeFormat (slow), so valid names are remembered; there are only
  // a few hundred. Invalid ones are not, so arbitrary input cannot grow the set.
  if (!IANAZone.isValidZone(zone)) return false;
  knownZones.add(zone);
  return true;
}

const knownZones = new Set<string>();

/**
 * Current IANA names that this ICU lists under an older one (Intl.supportedValuesOf gives
 * Asia/Calcutta, not Asia/Kolkata): their spelling is not learnt from ICU, so it is written here.
 */
const RENAMED_ZONES = [
  'America/Argentina/Buenos_Aires', 'America/Argentina/Catamarca', 'America/Argentina/Cordoba', 'America/Argentina/Jujuy', 'America/Argentina/Mendoza',
  'America/Atikokan', 'America/Indiana/Indianapolis', 'America/Kentucky/Louisville', 'America/Nuuk', 'Africa/Asmara', 'Asia/Ho_Chi_Minh', 'Asia/Kathmandu',
  'Asia/Kolkata', 'Asia/Yangon', 'Atlantic/Faroe', 'Europe/Kyiv', 'Pacific/Chuuk', 'Pacific/Kanton', 'Pacific/Pohnpei',
];

let zoneSpellings: Map<string, string> | undefined;

/**
 * A valid zone name as the tz database spells it ("europe/berlin" → "Europe/Berlin", "utc" →
 * "UTC"), so what is stored and shown reads the same whoever typed it. Only the letters' case
 * changes: an alias stays the alias it is (Asia/Calcutta is not turned into Asia/Kolkata, nor
 * the other way round). A name whose spelling is unknown is returned as given.
 *
 * @example canonicalTimeZone('america/new_york') // 'America/New_York'
 */
export function canonicalTimeZone(zone: string): string {
  zoneSpellings ??= new Map([...Intl.supportedValuesOf('timeZone'), ...RENAMED_ZONES, 'UTC'].map((name) => [name.toLowerCase(), name]));
  const known = zoneSpellings.get(zone.toLowerCase());
  if (known) return known;
  try {
    const resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
    return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
  } catch {
    return zone;
  }
}

function requireZone(zone: string): IANAZone {
  if (!isValidTimeZone(zone)) throw new RangeError(`Unknown time zone "${zone}"; use an IANA name such as "Europe/Berlin"`);
  return IANAZone.create(zone);
}

const HHMM = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/**
 * Minutes after local midnight for a strict "HH:MM" (00:00–23:59, plus "24:00" = end of day = 1440).
 *
 * Throws `RangeError` for anything else ("9:30", "24:30", "12:60").
 *
 * @example parseHHMM('09:30') // 570
 */
export function parseHHMM(text: string): number {
  const match = typeof text === 'string' ? HHMM.exec(text) : null;
  if (match === null) throw new RangeError(`Invalid time "${String(text)}"; expected HH:MM between 00:00 and 24:00`);
  if (match[3] !== undefined) return MINUTES_PER_DAY;
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * Minutes after midnight as "HH:MM", the inverse of parseHHMM (1440 gives "24:00").
 *
 * @example formatHHMM(1320) // "22:00"
 */
export function formatHHMM(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Splits and validates "YYYY-MM-DD" (a real calendar date). Throws `RangeError` otherwise. */
export function parseLocalDate(date: string): { year: number; month: number; day: number } {
  const match = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  if (match !== null) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day) {
      return { year, month, day };
    }
  }
  throw new RangeError(`Invalid date "${String(date)}"; expected YYYY-MM-DD`);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "YYYY-MM-DD" for a day counted as whole days since 1970-01-01 (a pure calendar number, no zone). */
function formatEpochDay(epochDay: number): string {
  const d = new Date(epochDay * DAY_MS);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/**
 * A zone's UTC offset over [from, to), as spans between its changes: each span's first instant
 * and its offset in minutes. Probes each day and narrows a change to the millisecond, so a
 * year costs a few hundred offset lookups (zones change at most a few times a year).
 *
 * @example offsetSpans('Europe/Berlin', Date.parse('2026-03-01Z'), Date.parse('2026-04-01Z'))
 * // [{ start: 2026-03-01T00:00Z, offsetMinutes: 60 }, { start: 2026-03-29T01:00Z, offsetMinutes: 120 }]
 */
export function offsetSpans(zone: string, from: number, to: number): Array<{ start: number; offsetMinutes: number }> {
  const tz = requireZone(zone);
  const spans = [{ start: from, offsetMinutes: tz.offset(from) }];
  for (let day = from; day < to; day += DAY_MS) {
    const current = spans.at(-1)!.offsetMinutes;
    let [lo, hi] = [day, Math.min(day + DAY_MS, to)];
    if (tz.offset(hi) === current) continue;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (tz.offset(mid) === current) lo = mid;
      else hi = mid;
    }
    spans.push({ start: hi, offsetMinutes: tz.offset(hi) });
  }
  return spans;
}

/** The local calendar date ("YYYY-MM-DD") of an instant in a zone. */
export function localDateOf(instant: number, zone: string): string {
  const offsetMinutes = requireZone(zone).offset(instant);
  return formatEpochDay(Math.floor((instant + offsetMinutes * MINUTE_MS) / DAY_MS));
}

/**
 * The instant of a local wall-clock time on a local date: `minutes` after midnight,
 * 0..1440 (1440 = the next day's midnight). A time in a gap moves forward
 * by the gap; an ambiguous time is its earlier occurrence.
 *
 * @example localTimeToInstant('2026-03-29', 150, 'Europe/Berlin') // 03:30+02:00 (02:30 does not exist)
 * @example localTimeToInstant('2026-10-25', 150, 'Europe/Berlin') // 02:30+02:00 (the first 02:30)
 */
export function localTimeToInstant(date: string, minutes: number, zone: string): number {
  requireZone(zone);
  const { year, month, day } = parseLocalDate(date);
  if (!(minutes >= 0 && minutes <= MINUTES_PER_DAY)) throw new RangeError(`Minutes ${minutes} outside 0..1440`);
  return wallTimeToInstant(year, month, day, minutes, zone);
}

function wallTimeToInstant(year: number, month: number, day: number, minutes: number, zone: string): number {
  return wallClockToInstant(Date.UTC(year, month - 1, day) + minutes * MINUTE_MS, IANAZone.create(zone));
}

/**
 * The instant shown as `wall` (a local date-time written as if it were UTC milliseconds).
 * Assumes at most one offset change within a day either side, which the tz database satisfies.
 */
function wallClockToInstant(wall: number, zone: IANAZone): number {
  const offsetBefore = zone.offset(wall - DAY_MS);
  const offsetAfter = zone.offset(wall + DAY_MS);
  const early = wall - offsetBefore * MINUTE_MS;
  const earlyValid = zone.offset(early) === offsetBefore;
  if (offsetBefore === offsetAfter && earlyValid) return early;
  const late = wall - offsetAfter * MINUTE_MS;
  const lateValid = zone.offset(late) === offsetAfter;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (earlyValid) return early;
  if (lateValid) return late;
  // In a gap: read the wall time with the offset from before the change, which lands after the
  // change, i.e. the wall time moved forward by the gap.
  return early;
}

/** A local calendar day and the instants it spans. */
export interface LocalDay {
  /** "YYYY-MM-DD" in the zone. */
  date: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** First instant of the day (local midnight, or the first instant after it when midnight is skipped). */
  start: number;
  /** First instant of the next day: `[start, end)` is the day, e.g. 23, 24 or 25 hours long. */
  end: number;
  /**
   * True when the day is 24 hours from one real local midnight to the next with one offset
   * throughout, so a wall time is simply `start + minutes`. False on DST-change days.
   */
  regular: boolean;
}

/**
 * `[start of date, start of the next date)` in the zone.
 *
 * @example localDayRange('2026-03-29', 'Europe/Berlin') // 23 hours: 2026-03-28T23:00Z … 2026-03-29T22:00Z
 */
export function localDayRange(date: string, zone: string): Interval {
  requireZone(zone);
  const { year, month, day } = parseLocalDate(date);
  return { start: wallTimeToInstant(year, month, day, 0, zone), end: wallTimeToInstant(year, month, day, MINUTES_PER_DAY, zone) };
}

/**
 * Every local day in the zone that shares an instant with the half-open `range`, in order.
 * An empty range yields no days.
 */
export function listLocalDays(range: Interval, zone: string): LocalDay[] {
  const days: LocalDay[] = [];
  if (!(range.end > range.start)) return days;
  for (const day of iterateLocalDays(range.start, zone)) {
    if (day.start >= range.end) break;
    days.push(day);
  }
  return days;
}

interface DayStart {
  instant: number;
  /** Offset (minutes) in force at `instant`. */
  offset: number;
}

/** A local day and the offset in force at its end (the next day's first instant). */
interface KnownDay {
  day: LocalDay;
  endOffset: number;
}

/**
 * Local days already worked out, per zone and day number. A zone's days never change within a
 * process (the tz data is fixed), and a slot query walks the same month for every host, so each
 * day's boundaries are worked out once. Bounded: a zone's table starts over past MAX_KNOWN_DAYS.
 */
const knownDays = new Map<string, Map<number, KnownDay>>();
const MAX_KNOWN_DAYS = 4096;

function knownDaysOf(zone: string): Map<number, KnownDay> {
  let days = knownDays.get(zone);
  if (!days || days.size >= MAX_KNOWN_DAYS) {
    days = new Map();
    knownDays.set(zone, days);
  }
  return days;
}

/**
 * Local days of a zone from the one containing `from` onwards (an endless iterator; stop it).
 * An ordinary day's boundary costs one offset lookup, and a day seen before costs none; only
 * days around an offset change take the slower general path. The days yielded are frozen and
 * shared between callers.
 */
export function* iterateLocalDays(from: number, zone: string): Generator<LocalDay, void, undefined> {
  const ianaZone = requireZone(zone);
  const days = knownDaysOf(zone);
  let epochDay = Math.floor((from + ianaZone.offset(from) * MINUTE_MS) / DAY_MS);
  let current: DayStart | null = null;
  for (;;) {
    let known = days.get(epochDay);
    if (!known) {
      // The first midnight takes the general path: `from` may lie after an offset change that day.
      if (!current) {
        const instant = wallClockToInstant(epochDay * DAY_MS, ianaZone);
        current = { instant, offset: ianaZone.offset(instant) };
      }
      known = workOutDay(epochDay, current, ianaZone);
      days.set(epochDay, known);
    }
    yield known.day;
    current = { instant: known.day.end, offset: known.endOffset };
    epochDay++;
  }
}

function workOutDay(epochDay: number, start: DayStart, ianaZone: IANAZone): KnownDay {
  const next = dayStart(epochDay + 1, start.offset, ianaZone);
  // 1970-01-01 was a Thursday (ISO weekday 4).
  const weekday = ((((epochDay + 3) % 7) + 7) % 7) + 1;
  // 24 h between two midnights with the same offset: no change in between (a midnight moved
  // by a gap would make the day shorter).
  const regular = start.offset === next.offset && next.instant - start.instant === DAY_MS;
  const day: LocalDay = Object.freeze({ date: formatEpochDay(epochDay), weekday, start: start.instant, end: next.instant, regular });
  return { day, endOffset: next.offset };
}

function dayStart(epochDay: number, offsetBefore: number, ianaZone: IANAZone): DayStart {
  const wallMidnight = epochDay * DAY_MS;
  const guess = wallMidnight - offsetBefore * MINUTE_MS;
  // The usual case: the offset has not changed since the previous midnight. (On an ambiguous
  // midnight this is the earlier occurrence, as wallClockToInstant would choose.)
  if (ianaZone.offset(guess) === offsetBefore) return { instant: guess, offset: offsetBefore };
  const instant = wallClockToInstant(wallMidnight, ianaZone);
  return { instant, offset: ianaZone.offset(instant) };
}

/**
 * The instant of `minutes` after local midnight (0..1440) on a day from {@link listLocalDays}.
 * Same rules as {@link localTimeToInstant}; cheap on regular days.
 */
export function localTimeOnDay(day: LocalDay, minutes: number, zone: string): number {
  if (minutes === 0) return day.start;
  if (minutes === MINUTES_PER_DAY) return day.end;
  // Two offset changes cancelling out within one day do not occur in the tz database.
  if (day.regular) return day.start + minutes * MINUTE_MS;
  const { year, month, day: dayOfMonth } = parseLocalDate(day.date);
  return wallTimeToInstant(year, month, dayOfMonth, minutes, zone);
}

