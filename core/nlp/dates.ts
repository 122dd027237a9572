import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { MONTH_OF, PERIOD, WEEKDAY_TOKEN, WEEK_AFTER_NEXT, WEEK_OF, betweenDatesRefiner, readMonthOf, readPeriod, readWeekAfterNext, toDay, weekOf } from './periods.js';
import { RELATIVE_RULES } from './relative.js';
import { maskRange, squeezeBlanks, type Match } from './text.js';
import { readNamedDay } from './namedDays.js';

/** A calendar day (wall-clock, no zone). */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/** What the date part of a request names: one day, a range of days, or a choice to ask about. */
export type DateReading =
  | (Match & { kind: 'day'; day: CalendarDay; time: { hour: number; minute: number } | null })
  | (Match & { kind: 'days'; start: CalendarDay; end: CalendarDay })
  | (Match & { kind: 'ambiguous'; candidates: CalendarDay[]; reason: 'relative_weekday' | 'numeric_date' | 'no_such_date'; message: string });

/** Options of {@link findDate}. */
export interface FindDateOptions {
  /** "Now" as wall-clock in the zone the request is read in. */
  now: DateTime;
  locale?: string;
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const MONTH_TOKEN = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
/** What may not follow "the 24" for it to be a day of the month (a month, a time, a count). */
const NOT_A_DAY = `[\\d:]|\\s+(?:of\\s+)?${MONTH_TOKEN}|\\s*(?:am|pm|a\\.m|p\\.m|h\\b|o'clock|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|people|times?|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)`;


function weekdayIndex(token: string): number {
  const t = token.toLowerCase().slice(0, 3);
  return WEEKDAYS.findIndex((w) => w.startsWith(t)) + 1;
}

/** "Friday" → the coming one (today counts); "next Friday" → strictly after today, see below. */
function readWeekday(now: DateTime, match: RegExpExecArray): DateReading | null {
  const g = match.groups ?? {};
  const target = weekdayIndex(g.wd ?? '');
  if (target < 1) return null;
  const today = now.startOf('day');
  const mod = g.mod?.toLowerCase();
  const week = (g.wk ?? g.wk2 ?? g.wk3)?.toLowerCase();
  const base = { text: match[0], index: match.index };
  if (week) {
    const monday = today.minus({ days: today.weekday - 1 }).plus({ weeks: week === 'next' ? 1 : week === 'last' ? -1 : 0 });
    return { ...base, kind: 'day', day: toDay(monday.plus({ days: target - 1 })), time: null };
  }
  const ahead = (target - today.weekday + 7) % 7;
  if (mod === 'last' || mod === 'past') {
    return { ...base, kind: 'day', day: toDay(today.minus({ days: ahead === 0 ? 7 : 7 - ahead })), time: null };
  }
  if (mod === 'next') {
    // "next Friday" is the first Friday after today; said in the same week as that Friday (or on
    // a Friday) it may also mean the one a week later, so both are offered.
    const first = today.plus({ days: ahead === 0 ? 7 : ahead });
    if (target >= today.weekday) {
      const second = first.plus({ weeks: 1 });
      const fmt = (d: DateTime): string => d.setLocale('en-GB').toFormat('cccc d LLL');
      return {
        ...base,
        kind: 'ambiguous',
        candidates: [toDay(first), toDay(second)],
        reason: 'relative_weekday',
        message: `Did you mean ${fmt(first)} or ${fmt(second)}?`,
      };
    }
    return { ...base, kind: 'day', day: toDay(first), time: null };
  }
  return { ...base, kind: 'day', day: toDay(today.plus({ days: ahead })), time: null };
}

/** "the 13th", "9th of this month", "on the 5th": this month unless that day is already past. */
function readOrdinalDay(now: DateTime, match: RegExpExecArray): DateReading | null {
  const g = match.groups ?? {};
  const n = Number(g.n);
  const which = g.which?.toLowerCase();
  const today = now.startOf('day');
  let month = today.startOf('month');
  if (which === 'next') month = month.plus({ months: 1 });
  else if (which === undefined && n < today.day) month = month.plus({ months: 1 });
  if (n < 1 || n > month.daysInMonth!) return null;
  return { kind: 'day', day: { year: month.year, month: month.month, day: n }, time: null, text: match[0], index: match.index };
}

/** A two-digit year is the one within 10 years ahead of now or else in the past century ('74 → 1974). */
function fullYear(digits: string, current: number): number {
  if (digits.length === 4) return Number(digits);
  const candidate = Math.floor(current / 100) * 100 + Number(digits);
  return candidate > current + 10 ? candidate - 100 : candidate;
}

/**
 * "2/3", "12/25/2026", "2-15", "10-31-74", "10.31.1974": day/month order comes from the locale;
 * without one, 2/3 is asked about. A dash without a year counts only when it cannot be a range
 * of hours ("2-15", not "9-11"); a dot only with a year ("3.30" is a time).
 */
function readNumericDate(now: DateTime, match: RegExpExecArray, locale: string | undefined): DateReading | null {
  const a = Number(match[1]);
  const b = Number(match[3]);
  const y = match[4] === undefined ? null : fullYear(match[4], now.year);
  const build = (month: number, day: number): CalendarDay | null => {
    if (month < 1 || month > 12) return null;
    let dt = DateTime.fromObject({ year: y ?? now.year, month, day }, { zone: now.zone });
    if (!dt.isValid) return null;
    if (y === null && dt < now.startOf('day')) dt = dt.plus({ years: 1 });
    return toDay(dt);
  };
  const monthFirst = build(a, b);
  const dayFirst = build(b, a);
  const base = { text: match[0], index: match.index };
  if (monthFirst && dayFirst && a !== b) {
    if (locale === undefined) {
      const fmt = (d: CalendarDay): string => DateTime.fromObject(d).setLocale('en-GB').toFormat('d LLLL');
      return {
        ...base,
        kind: 'ambiguous',
        candidates: [dayFirst, monthFirst],
        reason: 'numeric_date',
        message: `Did you mean ${fmt(dayFirst)} or ${fmt(monthFirst)}?`,
      };
    }
    return { ...base, kind: 'day', day: /^en-(?:US|PH)$/i.test(locale) ? monthFirst : dayFirst, time: null };
  }
  const day = monthFirst ?? dayFirst;
  return day ? { ...base, kind: 'day', day, time: null } : null;
}

function isNumericDate(m: RegExpExecArray, text: string): boolean {
  const [a, sep, b, year] = [Number(m[1]), m[2], Number(m[3]), m[4]];
  if (sep === '/' || year !== undefined) return true;
  if (sep === '.') return false;
  const before = text.slice(0, m.index);
  if (/\b(?:from|between|at|@|by|until|till)\s*$/i.test(before)) return false;
  return a > 12 || b > 12;
}

const NUMERIC = /(?<![\d/.:-])(\d{1,2})\s*([/.-])\s*(\d{1,2})(?:\s*\2\s*(\d{4}|\d{2}))?(?![\d/:]|\s*(?:am|pm|a\.m|p\.m|h\b|o'clock))/i;

/** The custom chrono parsers, bound to "now" so their arithmetic happens in the request's zone. */
function customParsers(now: DateTime, found: DateReading[]): chrono.Parser[] {
  // Each parser returns the day to chrono (which handles overlaps and merging) and keeps the
  // full reading (ambiguity and all) keyed by position.
  const keep = (reading: DateReading | null): chrono.ParsedComponents | null | Record<string, number> => {
    if (!reading) return null;
    found.push(reading);
    const day = reading.kind === 'day' ? reading.day : reading.kind === 'days' ? reading.start : reading.candidates[0];
    return day ? { year: day.year, month: day.month, day: day.day } : null;
  };
  return [
    { pattern: () => MONTH_OF, extract: (_ctx: chrono.ParsingContext, m: RegExpMatchArray) => keep(readMonthOf(now, m as RegExpExecArray)) as never },
    { pattern: () => WEEK_AFTER_NEXT, extract: (_ctx: chrono.ParsingContext, m: RegExpMatchArray) => keep(readWeekAfterNext(now, m as RegExpExecArray)) as never },
    ...RELATIVE_RULES.map((rule) => ({
      pattern: () => rule.pattern,
      extract: (_ctx: chrono.ParsingContext, m: RegExpMatchArray) => keep(rule.read(now, m as RegExpExecArray)) as never,
    })),
    {
      pattern: () =>
        new RegExp(
          // The week may come first too: "next week on tuesday", "next week thursday", "this week, friday".
          `\\b(?:(?<wk3>this|next|last)\\s+week,?\\s+(?:on\\s+)?|(?<mod>this|next|last|past|coming|upcoming)\\s+)?(?<wd>${WEEKDAY_TOKEN})s?\\b\\.?(?:\\s+(?:of\\s+)?(?<wk>this|next|last)\\s+week\\b|,?\\s+(?<wk2>next)\\s+week\\b)?`,
          'i',
        ),
      extract: (_ctx, m) => keep(readWeekday(now, m as RegExpExecArray)) as never,
    },
    {
      pattern: () =>
        new RegExp(
          `\\b(?:(?:on\\s+)?the\\s+(?<n>\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of\\s+(?:the\\s+)?(?<which>this|next|current)\\s+month)?(?!${NOT_A_DAY})` +
            `|(?<n2>\\d{1,2})(?:st|nd|rd|th)\\s+of\\s+(?:the\\s+)?(?<which2>this|next|current)\\s+month` +
            `|(?:on\\s+)?(?<n3>\\d{1,2})(?:st|nd|rd|th)(?!${NOT_A_DAY}))\\b`,
          'i',
        ),
      extract: (_ctx, m) => {
        const g = m.groups ?? {};
        const which = (g.which ?? g.which2)?.toLowerCase();
        const fake = Object.assign([...m], { index: m.index, input: m.input, groups: { n: g.n ?? g.n2 ?? g.n3 ?? '', which: which === 'current' ? 'this' : which } }) as unknown as RegExpExecArray;
        return keep(readOrdinalDay(now, fake)) as never;
      },
    },
    {
      pattern: () => /\b(?:the\s+)?day\s+after\s+tomorrow\b|\blater\s+today\b|\btonight\b|\bthis\s+(?:morning|afternoon|evening)\b/i,
      extract: (_ctx, m) => {
        const offset = /after\s+tomorrow/i.test(m[0]) ? 2 : 0;
        return keep({ kind: 'day', day: toDay(now.plus({ days: offset })), time: null, text: m[0], index: m.index ?? 0 }) as never;
      },
    },
  ];
}

// Built-in chrono parsers we replace: our weekday rules differ (see readWeekday), times are read
// by times.ts before chrono runs, slash dates need the locale, and "next week" is a period.
const REPLACED = new Set(['ENWeekdayParser', 'ENRelativeDateFormatParser', 'ENCasualTimeParser', 'ENTimeExpressionParser', 'SlashDateFormatParser', 'ENSlashMonthFormatParser']);
const baseChrono = chrono.casual.clone();
baseChrono.parsers = baseChrono.parsers.filter((p) => !REPLACED.has(p.constructor.name));

/**
 * Finds the date part of a request in text whose times, durations and zones were already
 * blanked. Uses chrono (casual English) with our own parsers for weekdays ("Friday" is the
 * coming one, "monday next week", "next Friday" — ambiguous when said in Friday's own week),
 * ordinal days ("the 13th", "9th of this month"), "day after tomorrow", "later today";
 * and plain rules for periods ("next week", "this weekend", "next month") and numeric dates
 * ("2/3", asked about without a locale). Dates without a year never land in the past.
 * @example findDate('the 13th', {now}) // {kind: 'day', day: {year, month, day: 13}, ...}
 */
export function findDate(text: string, options: FindDateOptions): DateReading | null {
  // What earlier extractors blanked leaves runs of spaces, and chrono's month rule takes them in
  // ("December" plus the blanked "at 15:00" outgrows "on 25 December"): read with each run as one
  // space, and point the reading back at `text`.
  const squeezed = squeezeBlanks(text);
  const reading = readWeekOf(squeezed.text, options) ?? readDate(squeezed.text, options);
  if (!reading) return null;
  const start = squeezed.from[reading.index]!;
  const end = squeezed.from[reading.index + Math.max(reading.text.length, 1) - 1]! + 1;
  return { ...reading, index: start, text: text.slice(start, end) };
}

/**
 * "(in) the week of 7 December": the Monday-to-Sunday week of the day said right after it, read
 * without the lead words (chrono would take "in the week" for a week from now); null otherwise.
 */
function readWeekOf(text: string, options: FindDateOptions): DateReading | null {
  const lead = WEEK_OF.exec(text);
  if (!lead) return null;
  const after = lead.index + lead[0].length;
  const reading = readDate(maskRange(text, lead.index, lead[0].length), options);
  if (reading?.kind !== 'day' || text.slice(after, reading.index).trim()) return null;
  return { kind: 'days', ...weekOf(DateTime.fromObject(reading.day)), index: lead.index, text: text.slice(lead.index, reading.index + reading.text.length) };
}

/** {@link findDate} on text without runs of blanks. */
function readDate(text: string, options: FindDateOptions): DateReading | null {
  const { now } = options;
  const numeric = NUMERIC.exec(text);
  if (numeric && isNumericDate(numeric, text)) {
    const reading = readNumericDate(now, numeric, options.locale);
    if (reading) return reading;
  }
  const named = readNamedDay(text, now);
  if (named) return named;
  const found: DateReading[] = [];
  const engine = baseChrono.clone();
  engine.parsers.unshift(...customParsers(now, found));
  engine.refiners.unshift(betweenDatesRefiner);
  const results = engine.parse(text, { instant: now.toJSDate(), timezone: now.offset }, { forwardDate: false });
  // "Not right now, … on the 5th": a bare "now" is conversation, not a date, when a date follows.
  // "updated today … available on March 13th", "Friday, 15th March": a calendar date said later
  // beats a passing "today" or a bare weekday.
  const told = results.filter((r) => !/^(?:right\s+)?now$/i.test(r.text.trim()));
  const deictic = (r: chrono.ParsedResult): boolean =>
    new RegExp(`^(?:today|later\\s+today|tonight|(?:on\\s+)?${WEEKDAY_TOKEN}\\.?,?)$`, 'i').test(r.text.trim());
  const first = (told[0] && deictic(told[0]) ? told.find((r) => !deictic(r) && r.start.isCertain('month') && r.start.isCertain('day')) : undefined) ?? told[0] ?? results[0];
  const period = PERIOD.exec(text);
  // A named day is more specific than a period mentioned with it ("next week on Tuesday").
  if (period && (!first || !first.start.isCertain('day'))) return readPeriod(now, period);
  if (!first) return null;
  const own = found.find((r) => r.index === first.index && r.text === first.text);
  if (own) return own;
  return fromChrono(now, first);
}

/** Years a request may name: a century either side of now (1974 is fine, year 3 is not). */
const MAX_YEARS_AWAY = 100;

/** The year the text states, or null when it states none or one too far from now to be meant. */
function plausibleYear(component: chrono.ParsedComponents, now: DateTime): number | null {
  const year = component.isCertain('year') ? component.get('year') : null;
  return year !== null && Math.abs(year - now.year) <= MAX_YEARS_AWAY ? year : null;
}

function fromChrono(now: DateTime, result: chrono.ParsedResult): DateReading | null {
  const s = result.start;
  if (!s.isCertain('day') && !s.isCertain('month') && !s.isCertain('weekday') && !s.isCertain('hour')) return null;
  // A year far from now is a number misread as one ("March 30 3 …"): read the date without it.
  const year = plausibleYear(s, now);
  let day = DateTime.fromObject({ year: year ?? now.year, month: s.get('month') ?? 1, day: s.get('day') ?? 1 }, { zone: now.zone });
  if (!day.isValid) return null;
  if (year === null && day < now.startOf('day')) day = day.plus({ years: 1 });
  const time = s.isCertain('hour') ? { hour: s.get('hour') ?? 0, minute: s.get('minute') ?? 0 } : null;
  const base = { text: result.text, index: result.index };
  const e = result.end;
  if (e && (e.isCertain('day') || e.isCertain('month'))) {
    const last = DateTime.fromObject({ year: plausibleYear(e, now) ?? day.year, month: e.get('month') ?? day.month, day: e.get('day') ?? day.day }, { zone: now.zone });
    if (last.isValid && last > day) return { ...base, kind: 'days', start: toDay(day), end: toDay(last.plus({ days: 1 })) };
  }
  if (!s.isCertain('day') && s.isCertain('month')) {
    // "in March": the whole month.
    const first = day.startOf('month');
    return { ...base, kind: 'days', start: toDay(first < now.startOf('day') ? now : first), end: toDay(first.plus({ months: 1 })) };
  }
  return { ...base, kind: 'day', day: toDay(day), time };
}
