import type { DateTime } from 'luxon';
import type { CalendarDay, DateReading } from './dates.js';

export const WEEKDAY_TOKEN =
  '(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)';

export function toDay(dt: DateTime): CalendarDay {
  return { year: dt.year, month: dt.month, day: dt.day };
}

/**
 * "next week", "this weekend", "the weekend", "next month", "this quarter", "last year" as
 * half-open ranges of days; the current period starts today, not in the past.
 */
export function readPeriod(now: DateTime, match: RegExpExecArray): DateReading | null {
  const g = match.groups ?? {};
  const which = g.which?.toLowerCase() ?? 'this';
  const unit = (g.unit ?? g.unit2)?.toLowerCase();
  const today = now.startOf('day');
  const shift = /next|coming|following/.test(which) ? 1 : which === 'last' ? -1 : 0;
  const base = { text: match[0], index: match.index };
  if (unit === 'week') {
    const monday = today.minus({ days: today.weekday - 1 }).plus({ weeks: shift });
    const start = shift === 0 ? today : monday;
    return { ...base, kind: 'days', start: toDay(start), end: toDay(monday.plus({ weeks: 1 })) };
  }
  if (unit === 'weekend') {
    const saturday = today.minus({ days: today.weekday - 1 }).plus({ days: 5, weeks: shift });
    const start = shift === 0 && today > saturday ? today : saturday;
    return { ...base, kind: 'days', start: toDay(start), end: toDay(saturday.plus({ days: 2 })) };
  }
  if (unit === 'month' || unit === 'quarter' || unit === 'year') {
    const first = today.startOf(unit).plus({ [`${unit}s`]: shift });
    const start = shift === 0 ? today : first;
    return { ...base, kind: 'days', start: toDay(start), end: toDay(first.plus({ [`${unit}s`]: 1 })) };
  }
  return null;
}

export const PERIOD = new RegExp(
  `(?<!${WEEKDAY_TOKEN}\\s+(?:of\\s+)?)\\b(?:(?<which>this|next|last|(?:the\\s+)?(?:coming|upcoming|following))\\s+(?<unit>week(?:end)?|month|quarter|year)|(?<!every\\s+)(?:the\\s+)?(?<unit2>weekend))\\b`,
  'i',
);
