/**
 * Working hours: a host's schedule (weekly rules + date overrides, wall-clock in the schedule's
 * zone) turned into instants. DST-correct by construction: every local time goes through
 * core/time/zones.ts, so a 09:00–17:00 day is 8 real hours on any day and a 00:00–06:00 rule is
 * 5, 6 or 7 real hours depending on what the clocks do that night.
 */
import { mergeIntervals, type Interval } from '../time/intervals.js';
import { isValidTimeZone, listLocalDays, localTimeOnDay, parseHHMM, parseLocalDate, type LocalDay } from '../time/zones.js';
import type { Schedule, Weekday } from './types.js';

/** Minutes after local midnight, `[start, end)`. */
export type MinuteRange = readonly [start: number, end: number];

/** A schedule parsed and validated once, ready to be applied to many days. */
export interface CompiledSchedule {
  zone: string;
  /** Indexed by ISO weekday (1 = Monday … 7 = Sunday); index 0 unused. */
  weekly: MinuteRange[][];
  /** Local date → that date's ranges (empty = day off). */
  overrides: Map<string, MinuteRange[]>;
}

const ISO_WEEKDAY: Record<Weekday, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/**
 * One working range "HH:MM"–"HH:MM" as minutes after local midnight (`[start, end)`, "24:00" = end
 * of day). Throws `RangeError` for a malformed time or an end not after the start; `where` names
 * the day or date in the message.
 *
 * @example parseWorkingRange('09:00', '12:30', 'mon') // [540, 750]
 */
export function parseWorkingRange(start: string, end: string, where: string): MinuteRange {
  const from = parseHHMM(start);
  const to = parseHHMM(end);
  if (to <= from) throw new RangeError(`Working hours ${start}–${end} on ${where} end at or before they start`);
  return [from, to];
}

/**
 * Validates and parses a schedule. Throws `RangeError` for an unknown zone, a malformed time
 * or date, an unknown weekday, or a rule whose end is not after its start.
 */
export function compileSchedule(schedule: Schedule): CompiledSchedule {
  if (!isValidTimeZone(schedule.timezone)) {
    throw new RangeError(`Unknown time zone "${schedule.timezone}"; use an IANA name such as "Europe/Berlin"`);
  }
  const weekly: MinuteRange[][] = [[], [], [], [], [], [], [], []];
  for (const rule of schedule.weekly) {
    const weekday = Object.hasOwn(ISO_WEEKDAY, rule.day) ? ISO_WEEKDAY[rule.day] : undefined;
    if (weekday === undefined) throw new RangeError(`Unknown weekday "${String(rule.day)}"; use mon…sun`);
    weekly[weekday]!.push(parseWorkingRange(rule.start, rule.end, rule.day));
  }
  const overrides = new Map<string, MinuteRange[]>();
  for (const override of schedule.overrides) {
    parseLocalDate(override.date);
    const ranges = overrides.get(override.date) ?? [];
    for (const interval of override.intervals) ranges.push(parseWorkingRange(interval.start, interval.end, override.date));
    overrides.set(override.date, ranges);
  }
  return { zone: schedule.timezone, weekly, overrides };
}

/** The minute ranges that apply on a local day: its override if any, else its weekday's rules. */
export function rulesForDay(compiled: CompiledSchedule, day: LocalDay): readonly MinuteRange[] {
  return compiled.overrides.get(day.date) ?? compiled.weekly[day.weekday]!;
}

/**
 * Merged working intervals (instants) of the given local days, sorted. Intervals that touch
 * across midnight (23:00–24:00 and 00:00–02:00 the next day) become one.
 */
export function workingIntervalsOnDays(compiled: CompiledSchedule, days: readonly LocalDay[]): Interval[] {
  const intervals: Interval[] = [];
  for (const day of days) {
    for (const [from, to] of rulesForDay(compiled, day)) {
      intervals.push({ start: localTimeOnDay(day, from, compiled.zone), end: localTimeOnDay(day, to, compiled.zone) });
    }
  }
  // A rule that falls entirely into a spring-forward gap becomes empty and is dropped here.
  return mergeIntervals(intervals);
}

/**
 * Merged working intervals of every local day (in the schedule's zone) that overlaps `range`.
 * Intervals are whole, not clipped to `range`.
 *
 * @example listWorkingIntervals({timezone: 'Europe/Berlin', weekly: [{day: 'mon', start: '09:00', end: '17:00'}], overrides: []}, range)
 */
export function listWorkingIntervals(schedule: Schedule, range: Interval): Interval[] {
  const compiled = compileSchedule(schedule);
  return workingIntervalsOnDays(compiled, listLocalDays(range, compiled.zone));
}
