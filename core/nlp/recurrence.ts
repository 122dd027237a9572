import { DateTime } from 'luxon';
import type { Match } from './text.js';
import { parseNumber } from './text.js';

/** A repetition rule found in the text, as an RFC 5545 RRULE value (without "RRULE:"). */
export interface RecurrenceMatch {
  rrule: string;
  /** Every phrase that contributed, so the caller can blank it before reading dates. */
  parts: Match[];
}

/** Options of {@link findRecurrence}. */
export interface FindRecurrenceOptions {
  /** "Now" as wall-clock in the user's zone; decides which "March" an "until March" means. */
  now: DateTime;
}

const DAY_CODES: Readonly<Record<string, string>> = {
  mon: 'MO', tue: 'TU', wed: 'WE', thu: 'TH', fri: 'FR', sat: 'SA', sun: 'SU',
};
const WEEKDAY = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*';
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const EVERY_WEEKDAYS = new RegExp(
  `\\b(?:every|each)\\s+(?<other>other\\s+)?(?<days>${WEEKDAY}(?:\\s*(?:,|and|&)\\s*${WEEKDAY})*)\\b`,
  'i',
);
// "on Mondays" repeats; "3 fridays from now" counts (see relative.ts).
const PLURAL_WEEKDAYS = /(?<!\d\s*)\b(?:on\s+)?(?<days>(?:mon|tues|wednes|thurs|fri|satur|sun)days)\b(?!\s+(?:from|later|ago))/i;
const WORKDAYS = /\b(?:every\s+(?:week|work(?:ing)?|business)\s*day|weekdays|on\s+weekdays)\b/i;
const SIMPLE = /\b(?<word>daily|weekly|bi-?weekly|fortnightly|monthly|yearly|annually)\b|\b(?:every|each)\s+(?<other>other\s+)?(?:(?<n>\d+|two|three|four|five|six)\s+)?(?<unit>day|week|month|year)s?\b/i;
const MONTH_DAY = /\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)(?=(?:\s+of\s+(?:every|each)\s+month)|)/i;
const COUNT = /\bfor\s+(?<n>\d+|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+(?<unit>times|occurrences|sessions|meetings|days|weeks|months|years)\b/i;
const UNTIL = new RegExp(
  `\\b(?:until|till|through|thru)\\s+(?:the\\s+end\\s+of\\s+)?(?<month>(?:${MONTHS.join('|')})[a-z]*)(?:\\s+(?<day>\\d{1,2})(?:st|nd|rd|th)?)?(?:,?\\s+(?<year>\\d{4}))?\\b`,
  'i',
);

/**
 * Reads a repetition: "every Tuesday" → FREQ=WEEKLY;BYDAY=TU, "every other Friday" →
 * FREQ=WEEKLY;INTERVAL=2;BYDAY=FR, "every weekday", "daily", "monthly on the 1st" →
 * FREQ=MONTHLY;BYMONTHDAY=1, "until March" → UNTIL at the end of the next March (UTC form),
 * "for 4 weeks" → COUNT=4. The weekday names themselves stay in `parts` only when they are
 * pure recurrence words; the caller decides what to blank.
 * Returns null when nothing repeats.
 * @example findRecurrence('every other Friday', {now}).rrule // 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR'
 */
export function findRecurrence(text: string, options: FindRecurrenceOptions): RecurrenceMatch | null {
  const parts: Match[] = [];
  let freq: string | null = null;
  let interval = 1;
  let byDay: string[] = [];
  let byMonthDay: number | null = null;

  const every = EVERY_WEEKDAYS.exec(text);
  const plural = every ? null : PLURAL_WEEKDAYS.exec(text);
  const workdays = WORKDAYS.exec(text);
  const simple = SIMPLE.exec(text);
  if (every?.groups?.days) {
    freq = 'WEEKLY';
    if (every.groups.other) interval = 2;
    byDay = dayCodes(every.groups.days);
    // Keep the first weekday readable for the date parser: it is the first occurrence.
    parts.push({ text: every[0].slice(0, every[0].length - every.groups.days.length), index: every.index });
  } else if (plural?.groups?.days) {
    freq = 'WEEKLY';
    byDay = dayCodes(plural.groups.days);
  } else if (workdays) {
    freq = 'WEEKLY';
    byDay = ['MO', 'TU', 'WE', 'TH', 'FR'];
    parts.push({ text: workdays[0], index: workdays.index });
  } else if (simple?.groups) {
    const g = simple.groups;
    const word = g.word?.toLowerCase().replace('-', '');
    if (word) {
      freq = { daily: 'DAILY', weekly: 'WEEKLY', biweekly: 'WEEKLY', fortnightly: 'WEEKLY', monthly: 'MONTHLY', yearly: 'YEARLY', annually: 'YEARLY' }[word] ?? null;
      if (word === 'biweekly' || word === 'fortnightly') interval = 2;
    } else if (g.unit) {
      freq = { day: 'DAILY', week: 'WEEKLY', month: 'MONTHLY', year: 'YEARLY' }[g.unit.toLowerCase()] ?? null;
      if (g.other) interval = 2;
      if (g.n) interval = parseNumber(g.n) ?? 1;
    }
    parts.push({ text: simple[0], index: simple.index });
  }
  if (freq === null) return null;

  if (freq === 'MONTHLY') {
    const md = MONTH_DAY.exec(text);
    if (md?.[1]) byMonthDay = Number(md[1]);
    const ofEvery = /\s+of\s+(?:every|each)\s+month\b/i.exec(text);
    if (ofEvery) parts.push({ text: ofEvery[0], index: ofEvery.index });
  }

  let count: number | null = null;
  const c = COUNT.exec(text);
  if (c?.groups?.n && c.groups.unit) {
    const n = parseNumber(c.groups.n);
    const unit = c.groups.unit.toLowerCase();
    const unitFreq = { days: 'DAILY', weeks: 'WEEKLY', months: 'MONTHLY', years: 'YEARLY' }[unit];
    if (n !== null && (unitFreq === undefined || unitFreq === freq)) count = Math.ceil(n / interval) * Math.max(1, byDay.length);
    parts.push({ text: c[0], index: c.index });
  }

  let until: string | null = null;
  const u = UNTIL.exec(text);
  if (u?.groups?.month) {
    const month = MONTHS.indexOf(u.groups.month.slice(0, 3).toLowerCase()) + 1;
    if (month > 0) {
      until = untilValue(options.now, month, u.groups.day ? Number(u.groups.day) : null, u.groups.year ? Number(u.groups.year) : null);
      parts.push({ text: u[0], index: u.index });
    }
  }

  const rule = [`FREQ=${freq}`];
  if (interval > 1) rule.push(`INTERVAL=${interval}`);
  if (byDay.length > 0) rule.push(`BYDAY=${byDay.join(',')}`);
  if (byMonthDay !== null) rule.push(`BYMONTHDAY=${byMonthDay}`);
  if (count !== null) rule.push(`COUNT=${count}`);
  else if (until !== null) rule.push(`UNTIL=${until}`);
  return { rrule: rule.join(';'), parts };
}

function dayCodes(list: string): string[] {
  const codes: string[] = [];
  for (const m of list.matchAll(new RegExp(WEEKDAY, 'gi'))) {
    const code = DAY_CODES[m[0].slice(0, 3).toLowerCase()];
    if (code && !codes.includes(code)) codes.push(code);
  }
  return codes;
}

// The last second of the named day (or month) in the user's zone, written in UTC.
function untilValue(now: DateTime, month: number, day: number | null, year: number | null): string {
  let y = year ?? now.year;
  if (year === null && (month < now.month || (month === now.month && day !== null && day < now.day))) y += 1;
  const base = DateTime.fromObject({ year: y, month, day: day ?? 1 }, { zone: now.zone });
  const end = (day === null ? base.endOf('month') : base.endOf('day')).set({ millisecond: 0 });
  return end.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
}
