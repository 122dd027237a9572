import { type Match, NUMBER_WORD_PATTERN, parseNumber } from './text.js';

/** A meeting length found in the text. */
export interface DurationMatch extends Match {
  minutes: number;
}

/** A number in an amount, as a regex source: digits, a number word, or "a"/"an". */
export const NUM = `(?:\\d+(?:\\.\\d+)?|${NUMBER_WORD_PATTERN}|an?)`;
const HOURS = '(?:hours?|hrs?)';
const MINUTES = '(?:minutes?|mins?)';

/**
 * The words of a length, as a regex source whose named groups {@link minutesOf} reads: "1h15",
 * "an hour and a half", "90 minutes", "half an hour". Ordered: the first alternative that
 * matches at a position wins, so compound forms come first.
 */
export const DURATION_WORDS =
  '(?:' +
    // 1h15, 1h 15m, 2h
    `(?<ch>\\d+)h(?:\\s*(?<cm>\\d+)(?:\\s*(?:${MINUTES}|m)\\b)?)?\\b` +
    // an hour and a half, 1 hour 30 minutes, 2-hour
    `|(?<h>${NUM})(?:\\s+|-)?${HOURS}(?:\\s+(?:and\\s+)?(?:(?<half>a\\s+half)|(?<hm>${NUM})\\s*${MINUTES}))?\\b` +
    // half an hour, half-hour, quarter of an hour
    '|(?<halfHour>half(?:\\s+an|-)?\\s*hour)\\b' +
    '|(?<quarterHour>(?:a\\s+)?quarter(?:\\s+of)?(?:\\s+an)?\\s+hour)\\b' +
    // 30 min, 45-minute, 90m
    `|(?<m>${NUM})(?:\\s+|-)?${MINUTES}\\b|(?<mShort>\\d+)m\\b` +
    ')';

const DURATION_PATTERN = new RegExp(`\\b(?:for\\s+)?${DURATION_WORDS}`, 'gi');

// "in 30 minutes" and "2 hours ago" are moments, not lengths; chrono reads those.
const RELATIVE_BEFORE = /\b(?:in|within|after)\s+$/i;
const RELATIVE_AFTER = /^\s*(?:ago|before|after|later|earlier|from\s+now|early|late)\b/i;

/**
 * Finds the first meeting length ("30 min", "half an hour", "1h15", "1.5 hours",
 * "for 90 minutes", "an hour") and returns it in minutes.
 * Relative moments such as "in 30 minutes" or "2 hours ago" are not durations.
 * @example findDuration('sync for 1h15 tomorrow') // {minutes: 75, text: 'for 1h15', index: 5}
 */
export function findDuration(text: string): DurationMatch | null {
  DURATION_PATTERN.lastIndex = 0;
  for (let m = DURATION_PATTERN.exec(text); m; m = DURATION_PATTERN.exec(text)) {
    const g = m.groups ?? {};
    const before = text.slice(0, m.index);
    const after = text.slice(m.index + m[0].length);
    if (!m[0].toLowerCase().startsWith('for') && RELATIVE_BEFORE.test(before)) continue;
    if (RELATIVE_AFTER.test(after)) continue;
    if (g.ch !== undefined && isClockNotation(m[0], before, Number(g.ch))) continue;
    const minutes = minutesOf(g);
    if (minutes === null || minutes <= 0 || minutes > 24 * 60) continue;
    return { minutes, text: m[0], index: m.index };
  }
  return null;
}

// "at 16h00", "from 9h to 11h", "16h" (no 16-hour meetings): the French-style clock, not a length.
function isClockNotation(phrase: string, before: string, hours: number): boolean {
  if (/^for\b/i.test(phrase)) return false;
  return /(?:\b(?:at|by|from|until|till|to|between|and)|[@–-])\s*$/i.test(before) || hours > 12;
}

/** The minutes of a length matched by {@link DURATION_WORDS}, from its named groups; null when its number is not one. */
export function minutesOf(g: Record<string, string | undefined>): number | null {
  if (g.ch !== undefined) return Number(g.ch) * 60 + (g.cm !== undefined ? Number(g.cm) : 0);
  if (g.h !== undefined) {
    const hours = parseNumber(g.h);
    if (hours === null) return null;
    const extra = g.half ? 30 : g.hm !== undefined ? (parseNumber(g.hm) ?? 0) : 0;
    return Math.round(hours * 60) + extra;
  }
  if (g.halfHour !== undefined) return 30;
  if (g.quarterHour !== undefined) return 15;
  if (g.m !== undefined) return parseNumber(g.m);
  if (g.mShort !== undefined) return Number(g.mShort);
  return null;
}
