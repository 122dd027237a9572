import type * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
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
  // "this", "current" and "the present" are the period we are in.
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
  `(?<!${WEEKDAY_TOKEN}\\s+(?:of\\s+)?)\\b(?:(?<which>this|next|last|(?:the\\s+)?(?:current|present|coming|upcoming|following))\\s+(?<unit>week(?:end)?|month|quarter|year)|(?<!every\\s+)(?:the\\s+)?(?<unit2>weekend))\\b`,
  'i',
);

/** "the week after next": the week two after this one. */
export const WEEK_AFTER_NEXT = /\b(?:the\s+)?week\s+after\s+next\b/i;

/** The Monday-to-Sunday week `weeks` after the one `day` is in, as a range of days. */
export function weekOf(day: DateTime, weeks = 0): { start: CalendarDay; end: CalendarDay } {
  const monday = day.startOf('day').minus({ days: day.weekday - 1 }).plus({ weeks });
  return { start: toDay(monday), end: toDay(monday.plus({ weeks: 1 })) };
}

export function readWeekAfterNext(now: DateTime, match: RegExpExecArray): DateReading {
  return { text: match[0], index: match.index, kind: 'days', ...weekOf(now, 2) };
}

/** What, said just before a date, makes it stand for its whole week: "(in) the week of 7 December". */
export const WEEK_OF = /\b(?:in\s+)?(?:the\s+)?week\s+of\s+/i;

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "the month of May": the whole month, the coming one (from today when it is this month). */
export const MONTH_OF = new RegExp(`\\b(?:the\\s+)?month\\s+of\\s+(?<month>${MONTH_NAMES.join('|')})\\b`, 'i');

export function readMonthOf(now: DateTime, match: RegExpExecArray): DateReading {
  const month = MONTH_NAMES.indexOf((match.groups?.month ?? '').toLowerCase()) + 1;
  const today = now.startOf('day');
  let first = DateTime.fromObject({ year: now.year, month, day: 1 }, { zone: now.zone });
  if (first.plus({ months: 1 }) <= today) first = first.plus({ years: 1 });
  const start = DateTime.max(first, today);
  return { text: match[0], index: match.index, kind: 'days', start: toDay(start), end: toDay(first.plus({ months: 1 })) };
}

/**
 * "between Friday and Sunday", "between today and the 21st": two dates joined by "and" after
 * "between" are one range (chrono joins "to", "until" and "through" itself, but not "and").
 */
export const betweenDatesRefiner: chrono.Refiner = {
  refine(context, results) {
    const out: typeof results = [];
    for (let i = 0; i < results.length; i += 1) {
      const [a, b] = [results[i]!, results[i + 1]];
      const joined = b && !a.end && /^\s*(?:and|&)\s*$/i.test(context.text.slice(a.index + a.text.length, b.index)) && /\bbetween\s+$/i.test(context.text.slice(0, a.index));
      if (joined && b) {
        Object.assign(a, { end: b.start, text: context.text.slice(a.index, b.index + b.text.length) });
        i += 1;
      }
      out.push(a);
    }
    return out;
  },
};
