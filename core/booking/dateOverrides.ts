/**
 * Date overrides one at a time: a day off, or other hours on one date, in the schedule's zone.
 * The whole-schedule save (saveSchedule) accepts any list, past dates and overlapping ranges
 * included, so that a client can write back what it read; adding one override is stricter: the
 * date is today or later and its ranges do not overlap.
 */
import { parseWorkingRange, type MinuteRange } from '../availability/workingHours.js';
import type { DateOverride } from '../availability/types.js';
import { DomainError, type FieldError } from '../errors.js';
import { formatHHMM, localDateOf, parseHHMM, parseLocalDate } from '../time/zones.js';
import type { SchedulingContext } from './context.js';
import { invalidField } from './inputs.js';
import { changeSchedule, getSchedule } from './schedules.js';
import type { ScheduleDetails } from './types.js';

export interface UpcomingDateOverrides {
  /** The zone the dates and hours are in (the schedule's). */
  timezone: string;
  /** Today in that zone, YYYY-MM-DD. */
  today: string;
  /** Overrides from today on, by date. */
  overrides: DateOverride[];
}

const rangeText = (r: MinuteRange) => r.map(formatHHMM).join('–');

function checkIntervals(intervals: DateOverride['intervals'], date: string): FieldError[] {
  const errors: FieldError[] = [];
  const parsed: Array<{ index: number; range: MinuteRange }> = [];
  intervals.forEach((interval, index) => {
    const malformed = (['start', 'end'] as const).flatMap((side) => {
      try {
        parseHHMM(interval[side]);
        return [];
      } catch (error) {
        return [{ field: `intervals.${index}.${side}`, message: (error as Error).message }];
      }
    });
    if (malformed.length) {
      errors.push(...malformed);
      return;
    }
    try {
      parsed.push({ index, range: parseWorkingRange(interval.start, interval.end, date) });
    } catch (error) {
      errors.push({ field: `intervals.${index}.end`, message: (error as Error).message });
    }
  });
  const byStart = [...parsed].sort((a, b) => a.range[0] - b.range[0]);
  for (let i = 1; i < byStart.length; i++) {
    const [earlier, later] = [byStart[i - 1]!, byStart[i]!];
    if (later.range[0] < earlier.range[1]) {
      errors.push({ field: `intervals.${later.index}.start`, message: `${rangeText(later.range)} overlaps ${rangeText(earlier.range)}; make them one range or move one` });
    }
  }
  return errors;
}

/**
 * What is wrong with one override to add on `today` (both in the schedule's zone): a malformed
 * or past date, a malformed time, an end at or before its start, ranges that overlap. Empty
 * when it is fine. Fields: `date`, `intervals.<i>.start`, `intervals.<i>.end`. Pure.
 *
 * @example checkDateOverride({ date: '2026-12-24', intervals: [{ start: '12:00', end: '10:00' }] }, '2026-11-24') // [{ field: 'intervals.0.end', … }]
 */
export function checkDateOverride(override: DateOverride, today: string): FieldError[] {
  return [...checkDate(override.date, today), ...checkIntervals(override.intervals, override.date)];
}

function checkDate(date: string, today: string): FieldError[] {
  try {
    parseLocalDate(date);
  } catch {
    return [{ field: 'date', message: date ? `"${date}" is not a date; use YYYY-MM-DD, e.g. ${today}` : `give a date (YYYY-MM-DD), e.g. ${today}` }];
  }
  return date < today ? [{ field: 'date', message: `${date} has passed (today is ${today}); pick today or a later date` }] : [];
}

/** The user's date overrides from today on, in their schedule's zone. Throws user_not_found. */
export async function listUpcomingDateOverrides(ctx: SchedulingContext, userId: string): Promise<UpcomingDateOverrides> {
  const schedule = await getSchedule(ctx, userId);
  const today = localDateOf(ctx.clock.now().getTime(), schedule.timezone);
  const overrides = schedule.overrides.filter((o) => o.date >= today).sort((a, b) => a.date.localeCompare(b.date));
  return { timezone: schedule.timezone, today, overrides };
}

/**
 * Adds the override for its date, or replaces the one already there. Empty `intervals` = a day
 * off. Throws validation_failed listing every problem checkDateOverride finds, user_not_found.
 *
 * @example setDateOverride(ctx, userId, { date: '2026-12-24', intervals: [] })
 */
export async function setDateOverride(ctx: SchedulingContext, userId: string, override: DateOverride): Promise<ScheduleDetails> {
  const next: DateOverride = { date: override.date, intervals: override.intervals.map((i) => ({ start: i.start, end: i.end })) };
  return changeSchedule(ctx, userId, (current) => {
    const errors = checkDateOverride(next, localDateOf(ctx.clock.now().getTime(), current.timezone));
    if (errors.length) throw new DomainError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
    const others = current.overrides.filter((o) => o.date !== next.date);
    return { ...current, overrides: [...others, next].sort((a, b) => a.date.localeCompare(b.date)) };
  });
}

/** Removes the override on `date` (YYYY-MM-DD). Throws validation_failed, not_found when that date has none, user_not_found. */
export async function removeDateOverride(ctx: SchedulingContext, userId: string, date: string): Promise<ScheduleDetails> {
  try {
    parseLocalDate(date);
  } catch {
    throw invalidField('date', `"${date}" is not a date; use YYYY-MM-DD`);
  }
  return changeSchedule(ctx, userId, (current) => {
    if (!current.overrides.some((o) => o.date === date)) throw new DomainError('not_found', `There is no date override on ${date}`);
    return { ...current, overrides: current.overrides.filter((o) => o.date !== date) };
  });
}
