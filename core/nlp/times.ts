import { NAMED_TIMES, type PartOfDay, applyPartOfDay, partOfDayFromWord } from './partsOfDay.js';
import type { Match } from './text.js';

/** A wall-clock time; hour 24 means the end of the day (midnight after it). */
export interface ClockTime {
  hour: number;
  minute: number;
}

/**
 * A time found in the text: one moment ("3pm"), a moment with an end ("3-4pm",
 * "from 2 to 3:30"), or a window to search in ("between 2 and 4").
 */
export interface TimeMatch extends Match {
  kind: 'moment' | 'range' | 'window';
  start: ClockTime;
  end: ClockTime | null;
}

const HOUR_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12,
};
const HOUR = `(?:[01]?\\d|2[0-4]|${Object.keys(HOUR_WORDS).join('|')})`;
const NAMED = '(?:noon|midday|12\\s*noon|(?:12\\s*)?midnight|eod|end\\s+of\\s+(?:the\\s+)?(?:business\\s+|work(?:ing)?\\s+)?day|close\\s+of\\s+business|cob)';
const PAST = `(?:(?:half|(?:a\\s+)?quarter|\\d{1,2}(?:\\s+minutes)?|five|ten|twenty|twenty-five)\\s+(?:past|after|to|till?|of|before)\\s+${HOUR})`;
// 10:30, 10.30, 16h00, 16h, and the compact 815 / 1030 (a time only with a cue: at, tonight, pm).
const CLOCK = `(?:${HOUR}(?:[:.][0-5]\\d)?|(?:[01]?\\d|2[0-3])h(?:[0-5]\\d)?|(?:[01]?\\d|2[0-3])[0-5]\\d)`;
const MERIDIEM = "(?:\\s*(?:a\\.m\\.|p\\.m\\.|am|pm|a|p)(?![a-z]))";
const OCLOCK = `(?:\\s*o\\s?['"’]?\\s?clock)`;
const POD_WORD = '(?:morning|afternoon|evening|night)';
const POD_SUFFIX = `(?:\\s+(?:in\\s+the\\s+${POD_WORD}|at\\s+night|tonight|this\\s+${POD_WORD}))`;
const POD_PREFIX = `(?:(?:(?:this|in\\s+the)\\s+)?${POD_WORD}|tonight)\\s+(?:at\\s+|around\\s+)?`;
const LEAD = '(?:(?:at|around|about|by|@)\\s+)';
/** "half five": half past, as said in Britain (never "half an hour", "half 5 hours"). */
const HALF_HOUR = `(?:half\\s+${HOUR}(?!\\s*(?:hours?|hrs?|past|after|to)\\b))`;
/** One time phrase, no capture groups. */
const TIME = `(?:${POD_PREFIX})?(?:${NAMED}|(?:${PAST}|${HALF_HOUR}|${CLOCK})${MERIDIEM}?${OCLOCK}?${POD_SUFFIX}?)`;

const RANGE = new RegExp(
  `(?<![\\w:])(?<lead>between|from)?\\s*(?<a>${TIME})\\s*(?:-|–|—|to|until|till|and)\\s*(?<b>${TIME})(?![\\w:])`,
  'gi',
);
// "8 tomorrow morning", "7 on friday evening": a bare hour whose part of day comes after the day.
const BEFORE_DAY = new RegExp(
  `(?<![\\w:/.-])(?<t>${CLOCK})(?=\\s+(?:today|tomorrow|this|on\\s+\\w+|\\w+day)\\s+(?<part>${POD_WORD})\\b)`,
  'gi',
);
// "tomorrow five", "friday ten thirty": an hour said right after the day it is on.
const AFTER_DAY = /(?<=\b(?:today|tomorrow|tonight|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\s+)(?<t>(?:[1-9]|1[0-2])(?::[0-5]\d)?)(?![\w:/.-]|\s*(?:st|nd|rd|th|of)\b)/gi;
const SINGLE = new RegExp(`(?<![\\w:/.-])(?<lead>${LEAD})?(?<t>${TIME})(?![\\w:/])`, 'gi');
// A date just before ("25 November", "November 25,"): a four-digit number after it is its year.
const DATE_BEFORE = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?\s+$/i;
const isYearOfDate = (text: string, index: number, phrase: string): boolean => /^\d{4}\b/.test(phrase) && DATE_BEFORE.test(text.slice(0, index));

// Words that make a time a bound: the window up to it, or from it to the end of that day.
const UP_TO = /\b(?:before|until|till|by|no\s+later\s+than)\s+$/i;
const FROM_ON = /\b(?:after|not\s+before|no\s+earlier\s+than|later\s+than)\s+$/i;

/** "before noon" → 00:00–12:00, "after 4pm" → 16:00–24:00; any other moment as it is. */
function withBound(text: string, found: TimeMatch, lead: string): TimeMatch {
  const said = text.slice(0, found.index) + lead;
  const upTo = UP_TO.exec(said);
  const bound = upTo ?? FROM_ON.exec(said);
  if (!bound) return found;
  const index = bound.index;
  const window = upTo ? { start: { hour: 0, minute: 0 }, end: found.start } : { start: found.start, end: { hour: 24, minute: 0 } };
  return { kind: 'window', ...window, text: text.slice(index, found.index + found.text.length), index };
}

interface PhraseReading {
  time: ClockTime;
  /** True when the phrase itself says which half of the day (am/pm, "in the evening", 24h). */
  meridiemKnown: boolean;
  /** True when the phrase can only be a time (not a bare number). */
  clearlyTime: boolean;
  pm: boolean | null;
}

/**
 * Reads one time phrase. Bare hours follow the working-hours rule: 1–7 without am/pm mean pm
 * ("at 4" = 16:00), 8–11 mean am, 12 means noon; "09:00" and 13–23 are 24-hour readings.
 */
function readPhrase(phrase: string): PhraseReading | null {
  let p = phrase.trim().toLowerCase();
  let part: PartOfDay | null = null;
  const prefix = new RegExp(`^${POD_PREFIX}`, 'i').exec(p);
  if (prefix) {
    part = partOfDayFromWord(prefix[0].replace(/\s+(?:at|around)\s*$/, '').trim());
    p = p.slice(prefix[0].length);
  }
  const suffix = new RegExp(`${POD_SUFFIX}$`, 'i').exec(p);
  if (suffix) {
    part = partOfDayFromWord(suffix[0].trim().replace(/^at\s+/, ''));
    p = p.slice(0, suffix.index);
  }
  for (const named of NAMED_TIMES) {
    if (named.pattern.test(p)) return { time: { hour: named.hour, minute: 0 }, meridiemKnown: true, clearlyTime: true, pm: null };
  }
  let pm: boolean | null = null;
  const mer = /\s*(a\.m\.|p\.m\.|am|pm|a|p)$/.exec(p);
  if (mer?.[1]) {
    pm = mer[1].startsWith('p');
    p = p.slice(0, mer.index);
  }
  const oclock = new RegExp(`${OCLOCK}$`).test(p);
  p = p.replace(new RegExp(`${OCLOCK}$`), '').trim();

  let hour: number;
  let minute = 0;
  let clearlyTime = pm !== null || oclock || part !== null;
  let twentyFour = false;
  const past = /^(half|(?:a\s+)?quarter|\d{1,2}(?:\s+minutes)?|five|ten|twenty|twenty-five)\s+(past|after|to|till?|of|before)\s+(\S+)$/.exec(p);
  const half = /^half\s+(\S+)$/.exec(p);
  const written = /^(\d{1,2})h(\d{2})?$/.exec(p) ?? /^(\d{1,2})(\d{2})$/.exec(p);
  if (half?.[1] && hourValue(half[1]) !== null) {
    hour = hourValue(half[1])!;
    minute = 30;
    clearlyTime = true;
  } else if (past?.[1] && past[2] && past[3]) {
    const base = hourValue(past[3]);
    if (base === null) return null;
    const amount = past[1] === 'half' ? 30 : past[1].includes('quarter') ? 15 : wordMinutes(past[1]);
    if (amount === null || amount >= 60) return null;
    const before = /^(?:to|till?|of|before)$/.test(past[2]);
    hour = before ? (base + 23) % 24 : base;
    minute = before ? 60 - amount : amount;
    if (before && hour === 0 && base === 12) hour = 11;
    clearlyTime = true;
  } else if (written?.[1]) {
    // "16h00" / "16h" say they are a time; "815" needs a cue (am/pm, a part of day, "at").
    hour = Number(written[1]);
    minute = Number(written[2] ?? 0);
    clearlyTime = clearlyTime || p.includes('h');
    twentyFour = p.includes('h') || /^0/.test(p) || hour >= 13;
  } else {
    const clock = /^(\S+?)(?:[:.](\d{2}))?$/.exec(p);
    if (!clock?.[1]) return null;
    const h = hourValue(clock[1]);
    if (h === null) return null;
    hour = h;
    if (clock[2] !== undefined) {
      minute = Number(clock[2]);
      clearlyTime = clearlyTime || p.includes(':');
      twentyFour = /^0\d/.test(clock[1]) || h >= 13;
    }
  }
  if (hour > 24 || (hour === 24 && minute > 0)) return null;
  if (pm !== null) {
    if (hour > 12 || hour === 0) return null;
    hour = (hour % 12) + (pm ? 12 : 0);
    return { time: { hour, minute }, meridiemKnown: true, clearlyTime: true, pm };
  }
  if (part !== null) return { time: { hour: applyPartOfDay(hour, part), minute }, meridiemKnown: true, clearlyTime, pm: null };
  if (twentyFour || hour >= 13 || hour === 0) return { time: { hour, minute }, meridiemKnown: true, clearlyTime, pm: null };
  return { time: { hour, minute }, meridiemKnown: false, clearlyTime, pm: null };
}

function hourValue(token: string): number | null {
  if (/^\d{1,2}$/.test(token)) return Number(token);
  return HOUR_WORDS[token] ?? null;
}

function wordMinutes(token: string): number | null {
  const t = token.replace(/\s+minutes$/, '');
  if (/^\d+$/.test(t)) return Number(t);
  return { five: 5, ten: 10, twenty: 20, 'twenty-five': 25 }[t] ?? null;
}

/** The working-hours rule for a bare 12-hour reading: 1–7 → pm, 8–12 → as said. */
function withWorkingHoursRule(time: ClockTime): ClockTime {
  return time.hour >= 1 && time.hour <= 7 ? { hour: time.hour + 12, minute: time.minute } : time;
}

/**
 * Finds the first clock time or time range: "3pm", "15:00", "4:30 in the evening" (16:30),
 * "half past 3", "quarter to 5", "noon", "midnight", "EOD" (17:00), "afternoon 3:30",
 * "night 10" (22:00), "11 o'clock", "3-4pm", "from 2 to 3:30", "between 2 and 4" (a window),
 * "before noon", "by 3pm" (a window from midnight), "after 4pm" (a window to the end of the day).
 * A bare number counts only after "at"/"around"/"by" ("at 4"), and then 1–7 mean pm.
 * The caller blanks durations first so "30 min" never reads as a time.
 * @example findTime('tomorrow at 4') // {kind: 'moment', start: {hour: 16, minute: 0}, ...}
 */
export function findTime(text: string): TimeMatch | null {
  RANGE.lastIndex = 0;
  for (let m = RANGE.exec(text); m; m = RANGE.exec(text)) {
    const g = m.groups ?? {};
    const a = g.a ? readPhrase(g.a) : null;
    const b = g.b ? readPhrase(g.b) : null;
    if (!a || !b) continue;
    const lead = g.lead?.toLowerCase();
    // "2 and 4" without "between" is rarely a range; "3-4pm", "3 to 4pm" are.
    if (!lead && /\band\b/i.test(m[0])) continue;
    if (!lead && !a.clearlyTime && !b.clearlyTime) continue;
    const [start, end] = resolveRange(a, b);
    const index = m.index + (m[0].length - m[0].trimStart().length);
    return { kind: lead === 'between' ? 'window' : 'range', start, end, text: m[0].trim(), index };
  }
  // A phrase that can only be a time ("11:30", "3pm", "noon") beats a bare "at 1", which may
  // be a house number ("at 1 East 161 Street … afternoon 12").
  let fallback: TimeMatch | null = null;
  SINGLE.lastIndex = 0;
  for (let m = SINGLE.exec(text); m; m = SINGLE.exec(text)) {
    const g = m.groups ?? {};
    const r = g.t && !isYearOfDate(text, m.index, m[0]) ? readPhrase(g.t) : null;
    if (!r || (!r.clearlyTime && !g.lead)) continue;
    const start = r.meridiemKnown ? r.time : withWorkingHoursRule(r.time);
    const found = withBound(text, { kind: 'moment', start, end: null, text: m[0], index: m.index }, g.lead ?? '');
    if (r.clearlyTime) return found;
    fallback ??= found;
  }
  if (fallback) return fallback;
  AFTER_DAY.lastIndex = 0;
  const after = AFTER_DAY.exec(text);
  const read = after?.groups?.t ? readPhrase(after.groups.t) : null;
  if (after && read) return { kind: 'moment', start: read.meridiemKnown ? read.time : withWorkingHoursRule(read.time), end: null, text: after[0], index: after.index };
  BEFORE_DAY.lastIndex = 0;
  for (let m = BEFORE_DAY.exec(text); m; m = BEFORE_DAY.exec(text)) {
    const r = readPhrase(`${m.groups?.t ?? ''} in the ${m.groups?.part ?? ''}`);
    if (r) return { kind: 'moment', start: r.time, end: null, text: m[0], index: m.index };
  }
  return null;
}

// "3-4pm": the first part takes the second's am/pm when it fits before it; "11 to 1" = 11:00–13:00.
function resolveRange(a: PhraseReading, b: PhraseReading): [ClockTime, ClockTime] {
  let end = b.meridiemKnown ? b.time : withWorkingHoursRule(b.time);
  let start: ClockTime;
  if (a.meridiemKnown) start = a.time;
  else if (b.pm !== null) {
    const h = (a.time.hour % 12) + (b.pm ? 12 : 0);
    start = { hour: h * 60 + a.time.minute <= end.hour * 60 + end.minute ? h : a.time.hour % 12, minute: a.time.minute };
  } else start = withWorkingHoursRule(a.time);
  if (end.hour * 60 + end.minute <= start.hour * 60 + start.minute && end.hour < 12) {
    end = { hour: end.hour + 12, minute: end.minute };
  }
  return [start, end];
}
