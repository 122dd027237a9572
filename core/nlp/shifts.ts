import { DateTime } from 'luxon';
import { DURATION_WORDS, minutesOf, NUM } from './durations.js';
import { type Match, parseNumber } from './text.js';

/**
 * How far a meeting moves, positive later: in minutes of real time ("an hour"), or in calendar
 * days at the same time of day ("a day", "a week" is 7). Exactly one is set.
 */
export type Shift = { minutes: number; days?: undefined } | { days: number; minutes?: undefined };

/** A move of a meeting by an amount of time, found in a request to move it. */
export type ShiftMatch = Match & Shift;

/** A shift as an intent, a split move and a question about a meeting carry it: one field or none. */
export interface ShiftFields {
  shiftMinutes?: number;
  shiftDays?: number;
}

/** The furthest a move by days goes, either way: eight weeks. Further is a new date, said as one. */
export const MAX_SHIFT_DAYS = 56;

/** Words that say which way, before or after the amount ("back an hour", "an hour earlier"). */
const LATER = new Set(['later', 'back', 'out']);
const EARLIER = new Set(['earlier', 'sooner', 'forward', 'forwards', 'up']);

const SHIFT_PATTERN = new RegExp(
  '\\b(?:(?<lead>back|out|forwards?|up|earlier|later)\\s+)?(?:(?<by>by|to)\\s+)?' +
    `(?:${DURATION_WORDS}|(?<d>${NUM})(?:\\s+|-)?(?<unit>days?|weeks?)\\b)` +
    '(?:\\s+(?<trail>later|earlier|sooner|back|forwards?|out|up)\\b)?',
  'gi',
);

/** A verb and the way it points ("push back", "bring forward"), or a verb that means later on its own ("delay"). */
const VERB_LATER = /\b(?:(?:push|move|shift|bump|slide|set|put)\s+(?:back|out)|push|delay|postpone)\b/i;
const VERB_EARLIER = /\b(?:bring|pull|move|shift|bump|push|slide)\s+(?:forwards?|up|earlier)\b/i;
/** An amount that is a length or a moment, not a move: "for an hour", "in 30 minutes", "within 2 hours". */
const NOT_A_SHIFT_BEFORE = /\b(?:for|in|within|after|of|about|around)\s+$/i;
/** An amount that is a moment or a repetition whatever follows it: "in two days", "every 2 weeks". */
const A_MOMENT_BEFORE = /\b(?:in|within|after|every)\s+$/i;
/** What may follow an amount said last ("postpone the standup 15 minutes please"). */
const END = /^\s*(?:please|thanks|thank\s+you)?\s*[.!?]*\s*$/i;

/** The way a verb before the amount points, when it says one: +1 later, -1 earlier, 0 neither ("move"). */
function verbDirection(before: string): number {
  const earlier = VERB_EARLIER.exec(before);
  const later = VERB_LATER.exec(before);
  if (earlier && (!later || earlier.index >= later.index)) return -1;
  return later ? 1 : 0;
}

/** The amount a match says, as a shift later; null when it is none a meeting moves by (0, over a day of minutes, a part of a day, over eight weeks). */
function amountOf(g: Record<string, string | undefined>): Shift | null {
  if (g.d === undefined) {
    const minutes = minutesOf(g);
    return minutes !== null && minutes > 0 && minutes <= 24 * 60 ? { minutes } : null;
  }
  const n = parseNumber(g.d);
  const days = n === null ? null : n * (/^w/i.test(g.unit ?? '') ? 7 : 1);
  return days !== null && Number.isInteger(days) && days > 0 && days <= MAX_SHIFT_DAYS ? { days } : null;
}

/**
 * Finds how far a request to move a meeting moves it: an amount (digits or words: "an hour",
 * "half an hour", "an hour and a half", "90 minutes", "fifteen minutes" once spoken numbers are
 * digits, "1h30"; up to a day), or a number of days or weeks ("a day", "2 days", "a week": in
 * `days`, up to eight weeks), and the way, from the words around it:
 * - later: "back", "out", "later" ("push my 3pm back an hour", "move my 2pm 30 minutes later",
 *   "move it back an hour": back is later, as people mean "push back"); earlier: "forward", "up",
 *   "earlier", "sooner" ("bring tomorrow's 10am forward by 15 minutes", "move it up half an hour");
 * - else the verb's own way when the amount follows "by" or ends the request: "delay", "postpone"
 *   and "push" are later ("delay my meeting with alice by half an hour"), "push back", "bring
 *   forward", "move up" point as said before the meeting ("push back my 3pm by an hour").
 * An amount that says no way ("move my 3pm by an hour"), a length ("for an hour", "my 30 minute
 * call") or a moment ("in 30 minutes", "in two days", "every 2 weeks", whatever follows) is no
 * shift: null, and the caller asks for the new time.
 * The match's words include the way and a "by" or "to" before the amount.
 * @example findShift('push my 3pm back an hour') // {minutes: 60, text: 'back an hour', index: 12}
 * @example findShift('postpone my 3pm by a week') // {days: 7, text: 'by a week', index: 16}
 */
export function findShift(text: string): ShiftMatch | null {
  SHIFT_PATTERN.lastIndex = 0;
  for (let m = SHIFT_PATTERN.exec(text); m; m = SHIFT_PATTERN.exec(text)) {
    const g = m.groups ?? {};
    const before = text.slice(0, m.index);
    if (!g.lead && !g.by && A_MOMENT_BEFORE.test(before)) {
      // "in two days back an hour": the way word said after the moment is the next amount's.
      SHIFT_PATTERN.lastIndex = m.index + 1;
      continue;
    }
    const amount = amountOf(g);
    if (!amount) continue;
    const said = [g.trail, g.lead].map((w) => w?.toLowerCase()).find((w) => w !== undefined);
    let way = said === undefined ? 0 : LATER.has(said) ? 1 : EARLIER.has(said) ? -1 : 0;
    // "to 30 minutes" is a time; "to 30 minutes later" a shift, which its way word says.
    if (!way && g.by?.toLowerCase() === 'to') continue;
    const last = END.test(text.slice(m.index + m[0].length));
    if (!way && (g.by || (last && !NOT_A_SHIFT_BEFORE.test(before)))) way = verbDirection(before);
    if (!way) continue;
    const at = { text: m[0], index: m.index };
    return amount.days !== undefined ? { days: way * amount.days, ...at } : { minutes: way * amount.minutes, ...at };
  }
  return null;
}

/** A shift found, as the fields that carry it (`shiftMinutes` or `shiftDays`); none without one. */
export function shiftFields(shift: Shift | null): ShiftFields {
  if (!shift) return {};
  return shift.days !== undefined ? { shiftDays: shift.days } : { shiftMinutes: shift.minutes };
}

/**
 * The start of a meeting moved by the shift said, null when none was. Minutes are real time (an
 * hour later is 60 minutes later across a clock change); days are calendar days in `zone`, the
 * asker's, at the same time of day there (a day later at 15:00 is 15:00, 23 or 25 hours later
 * across a clock change). A time of day the clocks skip that day is moved past the gap, as Luxon
 * does ("a day later" at 02:30 onto a spring-forward night is 03:30).
 * @example shiftedStart('2026-10-24T13:00:00Z', { shiftDays: 1 }, 'Europe/Paris') // '2026-10-25T14:00:00.000Z' (15:00 in Paris both days)
 */
export function shiftedStart(start: string, shift: ShiftFields, zone: string): string | null {
  if (shift.shiftDays) return DateTime.fromISO(start, { zone }).plus({ days: shift.shiftDays }).toUTC().toISO();
  return shift.shiftMinutes ? new Date(Date.parse(start) + shift.shiftMinutes * 60_000).toISOString() : null;
}
