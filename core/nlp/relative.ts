import type { DateTime } from 'luxon';
import type { CalendarDay, DateReading } from './dates.js';

/**
 * The relative-date algebra: an anchor (now, today, tomorrow, yesterday, a weekday, the day
 * after tomorrow) moved by a count of units, counted weekdays, ordinal weekdays and days of a
 * month, and ranges of weekdays. Each rule is a pattern and a reader over wall-clock "now" in
 * the request's zone (luxon does the calendar arithmetic, so DST and month lengths are right).
 *
 * - "in 2 hours", "45 minutes from now", "3 hours ago" → a moment (day + wall time);
 * - "in 3 days", "two weeks from tomorrow", "a month after friday", "5 days ago" → a day;
 * - "3 fridays from now" (the third Friday after today), "friday after next";
 * - "first monday of march", "last friday of the month", "2nd tuesday of next month";
 * - "last day of the month", "first day of next month", "end of the month";
 * - "tuesday through thursday", "mon to wed", "monday - friday" → a range of days.
 */
export interface RelativeRule {
  pattern: RegExp;
  read: (now: DateTime, m: RegExpExecArray) => DateReading | null;
}

const WEEKDAY = '(?<wd>mon|tue|wed|thu|fri|sat|sun)(?:[a-z]*)';
const UNIT = '(?<unit>minute|min|hour|hr|day|week|fortnight|month|year)s?';
const COUNT = '(?<n>\\d{1,3}|an?|one|(?:a\\s+)?couple(?:\\s+of)?|(?:a\\s+)?few|several)';
const ANCHOR =
  '(?<anchor>now|today|tonight|tomorrow|yesterday|(?:next\\s+|this\\s+)?(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)';
const ORDINAL = '(?<ord>1st|first|2nd|second|3rd|third|4th|fourth|5th|fifth|last)';
const MONTH = '(?<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*';
const WHICH_MONTH = `(?:(?:the|this|the\\s+current)\\s+month|(?<next>next)\\s+month|(?<last>last)\\s+month|${MONTH}(?:\\s+(?<year>\\d{4}))?)`;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function day(dt: DateTime): CalendarDay {
  return { year: dt.year, month: dt.month, day: dt.day };
}

function count(n: string | undefined): number {
  if (n === undefined || /^(?:an?|one)$/i.test(n)) return 1;
  if (/couple/i.test(n)) return 2;
  if (/few|several/i.test(n)) return 3;
  return Number(n);
}

function weekdayOf(token: string | undefined): number {
  return WEEKDAYS.indexOf((token ?? '').slice(0, 3).toLowerCase()) + 1;
}

/** The next day (today counts unless `strict`) falling on ISO weekday `wd`. */
function nextWeekday(from: DateTime, wd: number, strict: boolean): DateTime {
  const ahead = (wd - from.weekday + 7) % 7;
  return from.plus({ days: ahead === 0 && strict ? 7 : ahead });
}

function anchorDay(now: DateTime, anchor: string): DateTime | null {
  const a = anchor.toLowerCase().replace(/\s+/g, ' ');
  const today = now.startOf('day');
  if (a === 'now' || a === 'today' || a === 'tonight') return today;
  if (a === 'tomorrow') return today.plus({ days: 1 });
  if (a === 'yesterday') return today.minus({ days: 1 });
  const wd = weekdayOf(a.replace(/^(?:next|this) /, ''));
  if (wd < 1) return null;
  const first = nextWeekday(today, wd, a.startsWith('next'));
  return first;
}

function at(m: RegExpExecArray, reading: Omit<DateReading & { kind: 'day' }, 'text' | 'index' | 'kind'>): DateReading {
  return { kind: 'day', text: m[0], index: m.index, ...reading };
}

/** Moves `from` by n units; minutes and hours give a moment, the rest a day. */
function shift(now: DateTime, from: DateTime | null, unit: string, n: number, m: RegExpExecArray): DateReading | null {
  const u = unit.toLowerCase().replace(/s$/, '');
  if (u === 'minute' || u === 'min' || u === 'hour' || u === 'hr') {
    if (from !== null) return null;
    const t = now.plus(u.startsWith('h') ? { hours: n } : { minutes: n });
    return at(m, { day: day(t), time: { hour: t.hour, minute: t.minute } });
  }
  const base = from ?? now.startOf('day');
  const key = u === 'fortnight' ? 'weeks' : `${u}s`;
  const amount = u === 'fortnight' ? 2 * n : n;
  return at(m, { day: day(base.plus({ [key]: amount })), time: null });
}

/** The month a "… of march / of next month" phrase names: a year ahead once that month is past. */
function monthOf(now: DateTime, g: Record<string, string | undefined>): DateTime {
  const first = now.startOf('month');
  if (g.next) return first.plus({ months: 1 });
  if (g.last) return first.minus({ months: 1 });
  if (!g.month) return first;
  const month = MONTHS.indexOf(g.month.slice(0, 3).toLowerCase()) + 1;
  let start = first.set({ month, ...(g.year ? { year: Number(g.year) } : {}) });
  if (!g.year && start < first) start = start.plus({ years: 1 });
  return start;
}

function nthWeekdayOfMonth(month: DateTime, wd: number, ord: string): DateTime | null {
  const o = ord.toLowerCase();
  if (o === 'last') {
    const last = month.endOf('month').startOf('day');
    return last.minus({ days: (last.weekday - wd + 7) % 7 });
  }
  const n =
    ['1st', '2nd', '3rd', '4th', '5th'].indexOf(o) + 1 ||
    ['first', 'second', 'third', 'fourth', 'fifth'].indexOf(o) + 1;
  const d = nextWeekday(month, wd, false).plus({ weeks: n - 1 });
  return d.month === month.month ? d : null;
}

export const RELATIVE_RULES: readonly RelativeRule[] = [
  {
    // "3 fridays from now", "in 2 tuesdays": the nth such weekday after today.
    pattern: new RegExp(`\\b(?:in\\s+)?${COUNT}\\s+${WEEKDAY}s\\s*(?:from\\s+(?:now|today)|later)?`, 'i'),
    read: (now, m) => {
      const g = m.groups ?? {};
      if (!/from|later|^in/i.test(m[0])) return null;
      const first = nextWeekday(now.startOf('day'), weekdayOf(g.wd), true);
      return at(m, { day: day(first.plus({ weeks: count(g.n) - 1 })), time: null });
    },
  },
  {
    pattern: new RegExp(`\\b${WEEKDAY}\\s+after\\s+next\\b`, 'i'),
    read: (now, m) =>
      at(m, {
        day: day(nextWeekday(now.startOf('day'), weekdayOf(m.groups?.wd), true).plus({ weeks: 1 })),
        time: null,
      }),
  },
  {
    // "two weeks from tomorrow", "3 days after friday", "a week before monday", "5 days ago".
    pattern: new RegExp(`\\b${COUNT}\\s+${UNIT}\\s+(?:(?<dir>from|after|before)\\s+${ANCHOR}|(?<ago>ago))\\b`, 'i'),
    read: (now, m) => {
      const g = m.groups ?? {};
      const n = count(g.n) * (g.ago || g.dir?.toLowerCase() === 'before' ? -1 : 1);
      const anchor = g.anchor?.toLowerCase();
      const from = g.ago || anchor === 'now' ? null : anchorDay(now, anchor ?? 'today');
      if (!g.ago && anchor !== 'now' && from === null) return null;
      return shift(now, from, g.unit ?? 'day', n, m);
    },
  },
  {
    // "in 2 hours", "in 3 days", "within a week" (the day it lands on).
    pattern: new RegExp(`\\bin\\s+${COUNT}\\s+${UNIT}\\b`, 'i'),
    read: (now, m) => shift(now, null, m.groups?.unit ?? 'day', count(m.groups?.n), m),
  },
  {
    pattern: new RegExp(`\\b(?:the\\s+)?${ORDINAL}\\s+${WEEKDAY}\\s+(?:of|in)\\s+${WHICH_MONTH}`, 'i'),
    read: (now, m) => {
      const g = m.groups ?? {};
      const d = nthWeekdayOfMonth(monthOf(now, g), weekdayOf(g.wd), g.ord ?? 'first');
      return d ? at(m, { day: day(d), time: null }) : null;
    },
  },
  {
    // "last day of the month", "first day of next month", "end of the month", "end of march".
    pattern: new RegExp(`\\b(?:the\\s+)?(?:(?<edge>first|1st|last)\\s+day|(?<end>end))\\s+of\\s+${WHICH_MONTH}`, 'i'),
    read: (now, m) => {
      const g = m.groups ?? {};
      const month = monthOf(now, g);
      const d = g.end || g.edge?.toLowerCase() === 'last' ? month.endOf('month').startOf('day') : month;
      return at(m, { day: day(d), time: null });
    },
  },
  {
    // "the next two days", "the coming 3 weeks": a run of whole days starting tomorrow.
    pattern: new RegExp(`\\b(?:the\\s+)?(?:next|coming|following|upcoming)\\s+${COUNT}\\s+(?<unit>day|week)s?\\b`, 'i'),
    read: (now, m) => {
      const start = now.startOf('day').plus({ days: 1 });
      const end = start.plus({ [`${(m.groups?.unit ?? 'day').toLowerCase()}s`]: count(m.groups?.n) });
      return { kind: 'days', text: m[0], index: m.index, start: day(start), end: day(end) };
    },
  },
  {
    // "the rest of the day / week / month": from today to the end of it.
    pattern: /\b(?:the\s+)?rest\s+of\s+(?:the|this|today'?s?)\s*(?<unit>day|week|month)?\b/i,
    read: (now, m) => {
      const unit = (m.groups?.unit ?? 'day').toLowerCase() as 'day' | 'week' | 'month';
      const end = now.startOf(unit).plus({ [`${unit}s`]: 1 });
      return { kind: 'days', text: m[0], index: m.index, start: day(now), end: day(end) };
    },
  },
  {
    // "at the moment", "asap", "right away": now.
    pattern: /\b(?:at\s+the\s+moment|asap|as\s+soon\s+as\s+possible|right\s+away|immediately)\b/i,
    read: (now, m) => at(m, { day: day(now), time: { hour: now.hour, minute: now.minute } }),
  },
  {
    // "last night": the night before today (the part of day is read separately).
    pattern: /\blast\s+night\b/i,
    read: (now, m) => at(m, { day: day(now.minus({ days: 1 })), time: null }),
  },
  {
    // "the last 2 weeks", "past 3 days": the run of whole days before today.
    pattern: /\b(?:the\s+)?(?:last|past|previous)\s+(?<n>\d{1,2})\s+(?<unit>day|week|month)s?\b/i,
    read: (now, m) => {
      const end = now.startOf('day');
      const start = end.minus({ [`${(m.groups?.unit ?? 'day').toLowerCase()}s`]: count(m.groups?.n) });
      return { kind: 'days', text: m[0], index: m.index, start: day(start), end: day(end) };
    },
  },
  {
    // "end of the week" (its Friday), "end of next year", "beginning of next week" (its Monday).
    pattern:
      /\b(?:the\s+)?(?<edge>end|beginning|start)\s+of\s+(?:the\s+|this\s+|(?<next>next)\s+)?(?<unit>week|year)\b/i,
    read: (now, m) => {
      const g = m.groups ?? {};
      const unit = (g.unit ?? 'week').toLowerCase() as 'week' | 'year';
      const first = now.startOf(unit).plus({ [`${unit}s`]: g.next ? 1 : 0 });
      const last = unit === 'week' ? first.plus({ days: 4 }) : first.endOf('year').startOf('day');
      return at(m, { day: day(g.edge?.toLowerCase() === 'end' ? last : first), time: null });
    },
  },
  {
    // "in 2014": the year (from today when it is this one).
    pattern: /\bin\s+(?<year>(?:19|20)\d{2})\b/,
    read: (now, m) => {
      const first = now.startOf('year').set({ year: Number(m.groups?.year) });
      const start = first.year === now.year ? now.startOf('day') : first;
      return { kind: 'days', text: m[0], index: m.index, start: day(start), end: day(first.plus({ years: 1 })) };
    },
  },
  {
    // "for the day", "during the week", "how does my day look": the current one, from today.
    pattern: /\b(?:(?:for|during|over|of)\s+the|my)\s+(?<unit>day|week|month)\b(?!\s+(?:after|before|of|off))/i,
    read: (now, m) => {
      const unit = (m.groups?.unit ?? 'day').toLowerCase() as 'day' | 'week' | 'month';
      return {
        kind: 'days',
        text: m[0],
        index: m.index,
        start: day(now),
        end: day(now.startOf(unit).plus({ [`${unit}s`]: 1 })),
      };
    },
  },
  {
    // "december the 25th", "march the 3rd": month and day (a year ahead once it is past).
    pattern: new RegExp(`\\b${MONTH}\\s+the\\s+(?<d>\\d{1,2})(?:st|nd|rd|th)?\\b`, 'i'),
    read: (now, m) => {
      const g = m.groups ?? {};
      let d = monthOf(now, g).set({ day: Number(g.d) });
      if (d.day !== Number(g.d)) return null;
      if (d < now.startOf('day')) d = d.plus({ years: 1 });
      return at(m, { day: day(d), time: null });
    },
  },
  {
    // "wednesday the 3rd", "friday 13th": the next date with that day number on that weekday.
    pattern: new RegExp(
      `\\b${WEEKDAY},?\\s+(?:the\\s+)?(?<d>\\d{1,2})(?:st|nd|rd|th)\\b(?!\\s+(?:of\\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))`,
      'i',
    ),
    read: (now, m) => {
      const g = m.groups ?? {};
      const n = Number(g.d);
      for (let k = 0; k < 14; k += 1) {
        const d = now.startOf('month').plus({ months: k }).set({ day: n });
        if (d.day === n && d >= now.startOf('day') && d.weekday === weekdayOf(g.wd))
          return at(m, { day: day(d), time: null });
      }
      return null;
    },
  },
  {
    // "the next day", "the following day": tomorrow.
    pattern: /\bthe\s+(?:next|following)\s+day\b/i,
    read: (now, m) => at(m, { day: day(now.plus({ days: 1 })), time: null }),
  },
  {
    // "early next week" (Mon–Wed), "late this week" (Thu–Fri), "mid next week" (Tue–Thu).
    pattern: /\b(?<mod>early|mid|late)[\s-]+(?:(?<next>next)|this)\s+week\b/i,
    read: (now, m) => {
      const g = m.groups ?? {};
      const monday = now.startOf('week').plus({ weeks: g.next ? 1 : 0 });
      const [from, to] = { early: [0, 3], mid: [1, 4], late: [3, 5] }[(g.mod ?? 'early').toLowerCase() as 'early'] ?? [
        0, 3,
      ];
      const start = monday.plus({ days: from });
      return {
        kind: 'days',
        text: m[0],
        index: m.index,
        start: day(start < now.startOf('day') ? now : start),
        end: day(monday.plus({ days: to })),
      };
    },
  },
  {
    // "tuesday through thursday", "mon to wed", "monday - friday": the coming run of days.
    pattern:
      /\b(?:from\s+)?(?<a>mon|tue|wed|thu|fri|sat|sun)[a-z]*\s*(?:through|thru|to|till|until|-|–)\s*(?<b>mon|tue|wed|thu|fri|sat|sun)[a-z]*\b/i,
    read: (now, m) => {
      const g = m.groups ?? {};
      const start = nextWeekday(now.startOf('day'), weekdayOf(g.a), false);
      const end = nextWeekday(start, weekdayOf(g.b), false);
      return { kind: 'days', text: m[0], index: m.index, start: day(start), end: day(end.plus({ days: 1 })) };
    },
  },
];
