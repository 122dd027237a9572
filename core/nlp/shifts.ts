import { DURATION_WORDS, minutesOf } from './durations.js';
import type { Match } from './text.js';

/** A move of a meeting by an amount of time, found in a request to move it. */
export interface ShiftMatch extends Match {
  /** How far the meeting moves, in minutes: positive is later, negative earlier. */
  minutes: number;
}

/** Words that say which way, before or after the amount ("back an hour", "an hour earlier"). */
const LATER = new Set(['later', 'back', 'out']);
const EARLIER = new Set(['earlier', 'sooner', 'forward', 'forwards', 'up']);

const SHIFT_PATTERN = new RegExp(
  '\\b(?:(?<lead>back|out|forwards?|up|earlier|later)\\s+)?(?:(?<by>by|to)\\s+)?' +
    DURATION_WORDS +
    '(?:\\s+(?<trail>later|earlier|sooner|back|forwards?|out|up)\\b)?',
  'gi',
);

/** A verb and the way it points ("push back", "bring forward"), or a verb that means later on its own ("delay"). */
const VERB_LATER = /\b(?:(?:push|move|shift|bump|slide|set|put)\s+(?:back|out)|push|delay|postpone)\b/i;
const VERB_EARLIER = /\b(?:bring|pull|move|shift|bump|push|slide)\s+(?:forwards?|up|earlier)\b/i;
/** An amount that is a length or a moment, not a move: "for an hour", "in 30 minutes", "within 2 hours". */
const NOT_A_SHIFT_BEFORE = /\b(?:for|in|within|after|of|about|around)\s+$/i;
/** What may follow an amount said last ("postpone the standup 15 minutes please"). */
const END = /^\s*(?:please|thanks|thank\s+you)?\s*[.!?]*\s*$/i;

/** The way a verb before the amount points, when it says one: +1 later, -1 earlier, 0 neither ("move"). */
function verbDirection(before: string): number {
  const earlier = VERB_EARLIER.exec(before);
  const later = VERB_LATER.exec(before);
  if (earlier && (!later || earlier.index >= later.index)) return -1;
  return later ? 1 : 0;
}

/**
 * Finds how far a request to move a meeting moves it: an amount (digits or words: "an hour",
 * "half an hour", "an hour and a half", "90 minutes", "fifteen minutes" once spoken numbers are
 * digits, "1h30") and the way, from the words around it:
 * - later: "back", "out", "later" ("push my 3pm back an hour", "move my 2pm 30 minutes later",
 *   "move it back an hour": back is later, as people mean "push back"); earlier: "forward", "up",
 *   "earlier", "sooner" ("bring tomorrow's 10am forward by 15 minutes", "move it up half an hour");
 * - else the verb's own way when the amount follows "by" or ends the request: "delay", "postpone"
 *   and "push" are later ("delay my meeting with alice by half an hour"), "push back", "bring
 *   forward", "move up" point as said before the meeting ("push back my 3pm by an hour").
 * An amount that says no way ("move my 3pm by an hour"), a length ("for an hour", "my 30 minute
 * call") or a moment ("in 30 minutes") is no shift: null, and the caller asks for the new time.
 * The match's words include the way and a "by" or "to" before the amount.
 * @example findShift('push my 3pm back an hour') // {minutes: 60, text: 'back an hour', index: 12}
 */
export function findShift(text: string): ShiftMatch | null {
  SHIFT_PATTERN.lastIndex = 0;
  for (let m = SHIFT_PATTERN.exec(text); m; m = SHIFT_PATTERN.exec(text)) {
    const g = m.groups ?? {};
    const minutes = minutesOf(g);
    if (minutes === null || minutes <= 0 || minutes > 24 * 60) continue;
    const before = text.slice(0, m.index);
    const said = [g.trail, g.lead].map((w) => w?.toLowerCase()).find((w) => w !== undefined);
    let way = said === undefined ? 0 : LATER.has(said) ? 1 : EARLIER.has(said) ? -1 : 0;
    // "to 30 minutes" is a time; "to 30 minutes later" a shift, which its way word says.
    if (!way && g.by?.toLowerCase() === 'to') continue;
    const last = END.test(text.slice(m.index + m[0].length));
    if (!way && (g.by || (last && !NOT_A_SHIFT_BEFORE.test(before)))) way = verbDirection(before);
    if (way) return { minutes: way * minutes, text: m[0], index: m.index };
  }
  return null;
}
