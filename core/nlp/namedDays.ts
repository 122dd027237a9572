/**
 * A day of a named month ("feb 30", "31st of April", "February 29"), read before chrono, which
 * drops a day the month does not have and so left only the time ("feb 30 10am" became
 * tomorrow at 10). A day no calendar has is asked about: the month's last day, or the next
 * month's first. "February 29" without a year is the next one there is (a leap year).
 */
import { DateTime } from 'luxon';
import type { CalendarDay, DateReading } from './dates.js';
import { toDay } from './periods.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** Whole month names and their usual short forms only ("mar", not "market"; "dec", not "decide"). */
const MONTH = '(?<month>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?';
const DAY = '(?<day>\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '(?:,?\\s+(?<year>\\d{4}))?';
/** Not a day of the month when a unit follows ("feb 30 min", "march 3 people"). */
const NOT_A_DAY_AFTER = "(?!\\s*(?:[:.]\\d|am\\b|pm\\b|a\\.m|p\\.m|h\\b|o'clock|min|hour|hr|day|week|month|year|people|time))";
const NAMED = [
  new RegExp(`\\b${MONTH}\\s+(?:the\\s+)?${DAY}\\b${NOT_A_DAY_AFTER}${YEAR}`, 'i'),
  new RegExp(`\\b(?:the\\s+)?${DAY}\\s+(?:of\\s+)?${MONTH}(?![a-z])${YEAR}`, 'i'),
];

const monthNumber = (name: string): number => MONTHS.indexOf(name.toLowerCase().slice(0, 3)) + 1;
const fmt = (d: DateTime): string => d.setLocale('en-GB').toFormat('d LLLL yyyy');

/** The next 29 February from `today` on (today counts). */
function nextLeapDay(today: DateTime): CalendarDay {
  for (let year = today.year; ; year++) {
    const leap = DateTime.fromObject({ year, month: 2, day: 29 }, { zone: today.zone });
    if (leap.isValid && leap >= today) return toDay(leap);
  }
}

/**
 * A named month's day that chrono would drop: a day that month does not have (asked about), or
 * 29 February without a year (the next one). Null for every other text (chrono reads it).
 */
export function readNamedDay(text: string, now: DateTime): DateReading | null {
  for (const pattern of NAMED) {
    const m = pattern.exec(text);
    const g = m?.groups;
    if (!m || !g?.month || !g.day) continue;
    const month = monthNumber(g.month);
    const day = Number(g.day);
    if (month < 1 || day < 1 || day > 31) continue;
    const year = g.year ? Number(g.year) : null;
    const base = { text: m[0], index: m.index };
    const today = now.startOf('day');
    if (year === null && month === 2 && day === 29) return { ...base, kind: 'day', day: nextLeapDay(today), time: null };
    let first = DateTime.fromObject({ year: year ?? today.year, month, day: 1 }, { zone: now.zone });
    if (!first.isValid || day <= first.daysInMonth!) continue;
    // Without a year, the month's next time round (dates said without one never land in the past).
    if (year === null && first.endOf('month') < today) first = first.plus({ years: 1 });
    const last = first.endOf('month').startOf('day');
    const next = last.plus({ days: 1 });
    const said = first.setLocale('en-GB').toFormat('LLLL');
    return {
      ...base,
      kind: 'ambiguous',
      candidates: [toDay(last), toDay(next)],
      reason: 'no_such_date',
      message: `${said}${year ? ` ${year}` : ''} has no day ${day}: did you mean ${fmt(last)} or ${fmt(next)}?`,
    };
  }
  return null;
}
