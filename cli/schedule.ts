import { usageError } from './errors.js';
import type { Schedule, WeeklyRule } from './types.js';

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** "09:00-12:00,13:00-17:00" → intervals; "off" or "" → none. Throws a usage error naming the flag. */
export function parseIntervals(text: string, flag: string): Array<{ start: string; end: string }> {
  const t = text.trim().toLowerCase();
  if (t === '' || t === 'off' || t === 'none' || t === '-') return [];
  return t.split(',').map((part) => {
    const m = /^\s*(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})\s*$/.exec(part);
    const pad = (s: string) => s.padStart(5, '0');
    if (!m || !HHMM.test(pad(m[1]!)) || !HHMM.test(pad(m[2]!)) || pad(m[1]!) >= pad(m[2]!)) {
      throw usageError(`${flag}: expected ranges like 09:00-12:00,13:00-17:00 or "off" (got "${text}")`);
    }
    return { start: pad(m[1]!), end: pad(m[2]!) };
  });
}

export const formatIntervals = (intervals: Array<{ start: string; end: string }>): string => (intervals.length ? intervals.map((i) => `${i.start}-${i.end}`).join(',') : 'off');

export function dayIntervals(schedule: Schedule, day: Day): Array<{ start: string; end: string }> {
  return schedule.weekly.filter((r) => r.day === day).map((r) => ({ start: r.start, end: r.end }));
}

/** Replaces one day's rules, keeping the week in day order. */
export function withDay(weekly: WeeklyRule[], day: Day, intervals: Array<{ start: string; end: string }>): WeeklyRule[] {
  const rest = weekly.filter((r) => r.day !== day);
  const next = [...rest, ...intervals.map((i) => ({ day, ...i }))];
  return next.sort((a, b) => DAYS.indexOf(a.day) - DAYS.indexOf(b.day) || a.start.localeCompare(b.start));
}
