import { DateTime } from 'luxon';
import { type CalendarDay, type DateReading, type FindDateOptions, findDate } from './dates.js';
import type { Ambiguity } from './intent.js';
import { findPartOfDay, type PartOfDay } from './partsOfDay.js';
import { maskRange } from './text.js';
import { type ClockTime, type TimeMatch, findTime } from './times.js';

interface Resolved {
  dt: DateTime;
  ambiguity: Omit<Ambiguity, 'text' | 'field'> | null;
}

/**
 * Wall-clock day + time in `zone` → instant. A time the DST change skips moves forward
 * (luxon's rule: 02:30 on a spring-forward night becomes 03:30); a repeated time takes the
 * first (earlier) occurrence. Both are reported as non-blocking ambiguities.
 */
export function resolveWallTime(day: CalendarDay, time: ClockTime, zone: string): Resolved {
  const base = DateTime.fromObject({ ...day, hour: 0, minute: 0 }, { zone }).plus({ days: time.hour === 24 ? 1 : 0 });
  const wall = { year: base.year, month: base.month, day: base.day, hour: time.hour % 24, minute: time.minute };
  const dt = DateTime.fromObject(wall, { zone });
  if (dt.hour !== wall.hour || dt.minute !== wall.minute) {
    return {
      dt,
      ambiguity: {
        kind: 'dst_gap',
        message: `${pad(wall.hour)}:${pad(wall.minute)} does not exist on ${dt.toISODate()} in ${zone} (clocks go forward); using ${dt.toFormat('HH:mm')}.`,
        candidates: [dt.toISO()!],
        blocking: false,
      },
    };
  }
  const same = [-60, -30, 30, 60]
    .map((m) => dt.plus({ minutes: m }))
    .filter((o) => o.hour === dt.hour && o.minute === dt.minute && o.day === dt.day);
  if (same.length > 0) {
    const all = [dt, ...same].sort((a, b) => a.toMillis() - b.toMillis());
    const first = all[0]!;
    return {
      dt: first,
      ambiguity: {
        kind: 'dst_overlap',
        message: `${first.toFormat('HH:mm')} happens twice on ${first.toISODate()} in ${zone} (clocks go back); using the first (${first.toFormat('ZZ')}).`,
        candidates: all.map((d) => d.toISO()!),
        blocking: false,
      },
    };
  }
  return { dt, ambiguity: null };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
/** What some words say about when: a clock time, a part of the day, a date (each null when not said). */
export interface WhenParts {
  time: TimeMatch | null;
  part: { part: PartOfDay; text: string; index: number } | null;
  date: DateReading | null;
}

/**
 * Reads the when of some words (spoken numbers already normalised): the clock time first, then
 * the part of the day and the date with the time blanked, so "3pm tomorrow" is a time and a day.
 * @example findWhen('tomorrow at 3pm', { now }) // {time: {start: {hour: 15, …}}, part: null, date: {kind: 'day', …}}
 */
export function findWhen(work: string, options: FindDateOptions): WhenParts {
  const time = findTime(work);
  const rest = time ? maskRange(work, time.index, time.text.length) : work;
  return { time, part: findPartOfDay(rest), date: findDate(rest, options) };
}

export interface ComposeInput {
  now: DateTime;
  zone: string;
  date: DateReading | null;
  time: TimeMatch | null;
  part: { part: PartOfDay; text: string; index: number } | null;
  durationMinutes: number | null;
}

export interface When {
  start: DateTime | null;
  end: DateTime | null;
  window: { start: DateTime; end: DateTime } | null;
  ambiguities: Ambiguity[];
  /** True when a blocking ambiguity left the time open. */
  blocked: boolean;
}

export function composeWhen(input: ComposeInput): When {
  const { now, zone, date, time, part, durationMinutes } = input;
  const ambiguities: Ambiguity[] = [];
  const at = (day: CalendarDay, t: ClockTime, field: string, text: string): DateTime => {
    const r = resolveWallTime(day, t, zone);
    if (r.ambiguity) ambiguities.push({ field, text, ...r.ambiguity });
    return r.dt;
  };
  const none: When = { start: null, end: null, window: null, ambiguities, blocked: false };

  if (date?.kind === 'ambiguous') {
    const t = time?.start ?? (part ? { hour: part.part.startHour, minute: 0 } : { hour: 0, minute: 0 });
    // Each day read as if said alone: "next friday (afternoon)" stays that window once a day is chosen.
    const windows = date.candidates.map((day) => composeWhen({ ...input, date: { ...date, kind: 'day', day, time: null } }).window);
    ambiguities.push({
      field: 'start',
      kind: date.reason,
      text: date.text,
      message: date.message,
      candidates: date.candidates.map((d) => resolveWallTime(d, t, zone).dt.toISO()!),
      ...(windows.every((w) => w !== null) ? { windows: windows.map((w) => ({ start: w!.start.toISO()!, end: w!.end.toISO()! })) } : {}),
      blocking: true,
    });
    return { ...none, blocked: true };
  }
  if (date?.kind === 'days') {
    const start = DateTime.fromObject(date.start, { zone });
    const end = DateTime.fromObject(date.end, { zone });
    return { ...none, window: { start: start < now && start.hasSame(now, 'day') ? now : start, end } };
  }

  // The day: named, or for a bare time the next day on which that time is still ahead.
  const today: CalendarDay = { year: now.year, month: now.month, day: now.day };
  const tomorrowDt = now.plus({ days: 1 });
  const tomorrow: CalendarDay = { year: tomorrowDt.year, month: tomorrowDt.month, day: tomorrowDt.day };
  const named = date?.kind === 'day' ? date.day : null;
  const pickDay = (firstTime: ClockTime): CalendarDay => {
    if (named) return named;
    return resolveWallTime(today, firstTime, zone).dt > now ? today : tomorrow;
  };

  if (time) {
    const endTime = time.end;
    const day = pickDay(endTime && time.kind === 'window' ? endTime : time.start);
    const start = at(day, time.start, 'start', time.text);
    if (time.kind === 'window' && endTime) {
      return { ...none, window: { start, end: at(day, endTime, 'window', time.text) } };
    }
    let end: DateTime | null = null;
    if (endTime) {
      end = at(day, endTime, 'end', time.text);
      if (end <= start) end = end.plus({ days: 1 });
    } else if (durationMinutes !== null) {
      end = start.plus({ minutes: durationMinutes });
    }
    return { ...none, start, end };
  }
  if (date?.kind === 'day' && date.time) {
    const start = at(date.day, date.time, 'start', date.text);
    return { ...none, start, end: durationMinutes !== null ? start.plus({ minutes: durationMinutes }) : null };
  }
  if (part) {
    const day = pickDay({ hour: Math.min(part.part.endHour, 23), minute: part.part.endHour === 24 ? 59 : 0 });
    return {
      ...none,
      window: {
        start: at(day, { hour: part.part.startHour, minute: 0 }, 'window', part.text),
        end: at(day, { hour: part.part.endHour, minute: 0 }, 'window', part.text),
      },
    };
  }
  if (named) {
    const start = DateTime.fromObject(named, { zone });
    return { ...none, window: { start, end: start.plus({ days: 1 }) } };
  }
  return none;
}
