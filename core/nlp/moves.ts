import { DateTime } from 'luxon';
import type { ParseRequestOptions } from './intent.js';
import { findShift, shiftFields } from './shifts.js';
import { normalizeSpoken, originalSpan } from './spoken.js';
import { maskRange } from './text.js';
import { composeWhen, findWhen, resolveWallTime, type WhenParts } from './when.js';
import { findZone } from './zones.js';

/** Words a request to move a meeting puts before the new time: "to", else "for", "until", "till". */
const BEFORE_NEW_TIME = [/\s+to\s+/gi, /\s+(?:for|until|till)\s+/gi];

/** The when of some words, in the zone they name or else `timezone`. */
function readWhen(words: string, options: ParseRequestOptions): { parts: WhenParts; zone: string; now: DateTime } {
  let work = normalizeSpoken(words).text;
  const named = findZone(work);
  if (named) work = maskRange(work, named.index, named.text.length);
  const zone = named?.zone ?? options.timezone;
  const now = (typeof options.now === 'string' ? DateTime.fromISO(options.now, { setZone: true }) : DateTime.fromJSDate(options.now)).setZone(zone);
  return { parts: findWhen(work, { now, locale: options.locale }), zone, now };
}

const saysWhen = (parts: WhenParts): boolean => Boolean(parts.time || parts.date || parts.part);

/** A request to move a meeting, read in two: the words of the meeting and of where it goes. */
export interface SplitMove {
  /** The words that describe the meeting ("move my 3pm with alice"). */
  meeting: string;
  /** The words of the new time ("thursday at 10"), when one is said. */
  to: string | null;
  /** How far it moves instead, in minutes (positive later), when that is said ("back an hour"); see findShift. */
  shiftMinutes?: number;
  /** Or how many calendar days, at the same time of day (positive later), when that is said ("back a day", "a week later"). */
  shiftDays?: number;
}

/**
 * A request to move a meeting, in two: the words that describe the meeting and where it goes.
 * A shift said ("push my 3pm back an hour", "move it to 30 minutes later") is taken out of the
 * words of the meeting; else the new time is what follows the last "to" (else "for", "until")
 * that a time follows. With neither said, `to` is null (and no `shiftMinutes` or `shiftDays`):
 * the whole request describes the meeting.
 * @example splitMove('move my 3pm with alice to thursday at 10', opts) // {meeting: 'move my 3pm with alice', to: 'thursday at 10'}
 * @example splitMove('push my 3pm back an hour', opts) // {meeting: 'push my 3pm', to: null, shiftMinutes: 60}
 * @example splitMove('push my 3pm back a day', opts) // {meeting: 'push my 3pm', to: null, shiftDays: 1}
 */
export function splitMove(text: string, options: ParseRequestOptions): SplitMove {
  const spoken = normalizeSpoken(text);
  const shift = findShift(spoken.text);
  if (shift) {
    const said = originalSpan(spoken, text, shift.index, shift.text.length);
    const meeting = `${text.slice(0, said.index)} ${text.slice(said.index + said.text.length)}`.replace(/\s+/g, ' ').trim();
    return { meeting, to: null, ...shiftFields(shift) };
  }
  for (const pattern of BEFORE_NEW_TIME) {
    const cuts = [...text.matchAll(pattern)].reverse();
    for (const cut of cuts) {
      const to = text.slice(cut.index + cut[0].length).trim();
      if (to && saysWhen(readWhen(to, options).parts)) return { meeting: text.slice(0, cut.index).trim(), to };
    }
  }
  return { meeting: text.trim(), to: null };
}

/**
 * The new start of a meeting being moved, from words said about it, read against the meeting's
 * current start (`from`): a day and a time as said ("thursday at 10"); a time alone on the
 * meeting's own day ("4pm": later that day, not today); a day alone at the meeting's own time
 * of day ("friday"); a bare hour as that hour ("10"). Null when the words name no one instant
 * (a part of the day, a week, a day said two ways): ask for the time instead of guessing.
 * @example readNewStart('4pm', { now: '2026-11-24T10:00:00Z', timezone: 'Europe/Paris', from: '2026-11-26T14:00:00Z' }) // '2026-11-26T16:00:00.000+01:00'
 */
export function readNewStart(words: string, options: ParseRequestOptions & { from: string }): string | null {
  const bare = /^\s*\d{1,2}(?::[0-5]\d)?\s*$/.test(words) ? `at ${words.trim()}` : words;
  const { parts, zone, now } = readWhen(bare, options);
  const { time, part, date } = parts;
  const current = DateTime.fromISO(options.from, { zone });
  const currentDay = { year: current.year, month: current.month, day: current.day };
  if (date?.kind === 'day' && !time && !date.time && !part) return resolveWallTime(date.day, { hour: current.hour, minute: current.minute }, zone).dt.toISO();
  const onDay = !date && time ? { kind: 'day' as const, day: currentDay, time: null, text: '', index: 0 } : date;
  const when = composeWhen({ now, zone, date: onDay, time, part, durationMinutes: null });
  return when.blocked ? null : (when.start?.toISO() ?? null);
}
