import { DateTime, IANAZone } from 'luxon';
import { findAction } from './actions.js';
import { findAttendees } from './attendees.js';
import type { DateReading } from './dates.js';
import { findDuration } from './durations.js';
import type { Alternative, Ambiguity, Attendee, Intent, IntentField, ParseRequestOptions, Span } from './intent.js';
import { findRecurrence } from './recurrence.js';
import { findShift, shiftFields } from './shifts.js';
import { maskRange } from './text.js';
import { normalizeSpoken, originalSpan } from './spoken.js';
import type { TimeMatch } from './times.js';
import { findTitle } from './titles.js';
import { findAlternatives } from './alternatives.js';
import { composeWhen, findWhen, type When, type WhenParts } from './when.js';
import { findZone } from './zones.js';

/** Thrown when the options cannot be used: an unknown IANA zone or an unreadable "now". */
export class InvalidParseOptionsError extends Error {
  readonly code = 'invalid_parse_options';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidParseOptionsError';
  }
}

/** Fields each action cannot do without (besides a known action itself). */
const ESSENTIALS: Readonly<Record<Intent['action'], readonly IntentField[]>> = {
  book: ['start', 'durationMinutes'],
  reschedule: ['start'],
  cancel: [],
  list: [],
  availability: [],
  unknown: ['action'],
};

/**
 * Confidence scoring, 0..1: start at 1, subtract 0.4 for an unknown action (0.2 for one inferred
 * without a verb, see inferAction), 0.3 for a missing
 * start, 0.1 for a missing duration (a front door can default it), 0.2 for any other missing
 * field, 0.2 per blocking ambiguity and 0.05 per informational one (a DST-shifted time).
 * A text in which nothing at all was recognised scores 0.
 */
function scoreConfidence(
  action: Intent['action'],
  missing: string[],
  ambiguities: Ambiguity[],
  recognised: number,
  actionInferred: boolean,
): number {
  if (recognised === 0) return 0;
  let score = 1;
  if (action === 'unknown') score -= 0.4;
  else if (actionInferred) score -= 0.2;
  for (const field of missing) {
    if (field === 'action') continue;
    score -= field === 'start' ? 0.3 : field === 'durationMinutes' ? 0.1 : 0.2;
  }
  for (const a of ambiguities) score -= a.blocking ? 0.2 : 0.05;
  return Math.max(0, Math.min(1, Math.round(score * 100) / 100));
}


function readNow(now: Date | string): DateTime {
  const dt = typeof now === 'string' ? DateTime.fromISO(now, { setZone: true }) : DateTime.fromJSDate(now);
  if (!dt.isValid) throw new InvalidParseOptionsError(`"now" is not a valid instant: ${String(now)}`);
  return dt;
}

/**
 * Reads a scheduling request into an {@link Intent}, deterministically: same text and options,
 * same intent, whatever the machine's clock or TZ.
 *
 * - `start` is set for an exact moment ("tomorrow at 3pm"), `end` when a duration or an explicit
 *   end is known ("3-4pm"); `window` for a day, a part of one or a range ("Tuesday afternoon",
 *   "between 2 and 4 on Friday", "next week"). Instants carry offsets and are resolved in the zone
 *   named in the text ("3pm PT") or else `options.timezone`; `intent.timezone` says which.
 * - A time without a day is the next such time from `now`; dates without a year never land in
 *   the past; a bare hour 1–7 ("at 4") means pm.
 * - Ambiguous dates ("next Friday" said in Friday's week, "2/3" without a locale) leave `start`
 *   empty, list "start" in `missing` and explain in `ambiguities` — never a guess.
 * - A request to move a meeting by an amount ("push my 3pm back an hour", "bring tomorrow's 10am
 *   forward by 15 minutes") says it in `shiftMinutes`, one by days or weeks ("push it back a day",
 *   "postpone my 3pm by a week") in `shiftDays` (see findShift), and the amount is not a length
 *   or a date; the when and people said describe the meeting to move.
 * @throws InvalidParseOptionsError (code `invalid_parse_options`) for an unknown zone or bad "now".
 * @example parseRequest('30 min with @alice tomorrow at 3pm', {now: '2026-11-24T10:00:00Z', timezone: 'Europe/Berlin'})
 *   // {action: 'book', start: '2026-11-25T15:00:00.000+01:00', end: '2026-11-25T15:30:00.000+01:00', ...}
 */
export function parseRequest(text: string, options: ParseRequestOptions): Intent {
  if (!IANAZone.isValidZone(options.timezone)) throw new InvalidParseOptionsError(`Unknown time zone: ${options.timezone}`);
  const instant = readNow(options.now);
  const spans: Span[] = [];
  // Spoken numbers and fillers are rewritten first; spans are mapped back to `text` at the end.
  const spoken = normalizeSpoken(text);
  let work = spoken.text;
  const blank = (field: IntentField, match: { text: string; index: number }, record = true): void => {
    work = maskRange(work, match.index, match.text.length);
    if (record) spans.push({ field, text: match.text, index: match.index });
  };

  const zoneMatch = findZone(work);
  if (zoneMatch) blank('timezone', zoneMatch);
  const zone = zoneMatch?.zone ?? options.timezone;
  const now = instant.setZone(zone);

  const attendees: Attendee[] = [];
  for (const a of findAttendees(work)) {
    attendees.push(a.attendee);
    blank('attendees', a);
  }

  const recurrence = findRecurrence(work, { now });
  if (recurrence) {
    for (const part of recurrence.parts) blank('recurrence', part, false);
    const first = recurrence.parts[0];
    if (first) spans.push({ field: 'recurrence', text: first.text, index: first.index });
  }

  // "push my 3pm back an hour": the hour is how far the meeting moves, not how long it lasts.
  const moving = findAction(work);
  const shift = moving?.action === 'reschedule' ? findShift(work) : null;
  if (shift) blank('shift', shift);

  const duration = findDuration(work);
  if (duration) blank('durationMinutes', duration);

  // When before title: "about March 12th" is a date, and a title never swallows a time.
  const minutesSaid = duration?.minutes ?? null;
  const choice = readChoice(work, { now, zone, locale: options.locale, durationMinutes: minutesSaid });
  const { time, part, date } = choice?.[0]?.parts ?? findWhen(work, { now, locale: options.locale });
  // Each alternative's own words are the request's when; a part of the day shared by several is said once.
  const heard = choice ? uniqueMatches(choice.flatMap((c) => [c.parts.time, c.parts.date])) : [time, date].filter((m) => m !== null);
  for (const match of heard) blank('start', match, false);

  const title = findTitle(work);
  if (title) blank('title', title);

  // The shift's words ("forward by 15 minutes") may have been the action's own: read it before they went.
  const actionMatch = shift ? moving : findAction(work);
  if (actionMatch) spans.push({ field: 'action', text: actionMatch.text, index: actionMatch.index });
  const action = actionMatch?.action ?? inferAction(duration !== null || attendees.length > 0 || recurrence !== null, time, date, part);

  const when = choice?.[0]?.when ?? composeWhen({ now, zone, date, time, part, durationMinutes: minutesSaid });
  for (const c of choice ?? [{ parts: { time, date, part }, when }]) {
    const said = c.parts;
    if (said.time) spans.push({ field: said.time.kind === 'window' ? 'window' : 'start', text: said.time.text, index: said.time.index });
    if (said.date) spans.push({ field: c.when.start ? 'start' : 'window', text: said.date.text, index: said.date.index });
    if (said.part && !said.time) spans.push({ field: 'window', text: said.part.text, index: said.part.index });
  }
  uniqueSpans(spans);
  spans.sort((a, b) => a.index - b.index);
  const said = spans.map((s) => ({ field: s.field, ...originalSpan(spoken, text, s.index, s.text.length) }));

  const actionInferred = actionMatch === null && action !== 'unknown';
  const durationMinutes = duration?.minutes ?? (when.start && when.end ? Math.round(when.end.diff(when.start, 'minutes').minutes) : null);
  const result: Omit<Intent, 'confidence' | 'missing'> = {
    action,
    ...isoWhen(when),
    durationMinutes,
    attendees,
    title: title?.title ?? null,
    recurrence: recurrence?.rrule ?? null,
    timezone: zone,
    ambiguities: choice ? uniqueAmbiguities(choice.flatMap((c) => c.when.ambiguities)) : when.ambiguities,
    spans: said,
    ...(choice ? { alternatives: choice.map((c) => isoWhen(c.when)) } : {}),
    ...shiftFields(shift),
  };

  return assessIntent(result, said.length, actionInferred);
}

/** A composed when as the intent's ISO fields. */
function isoWhen(when: When): Alternative {
  return { start: when.start?.toISO() ?? null, end: when.end?.toISO() ?? null, window: when.window ? { start: when.window.start.toISO()!, end: when.window.end.toISO()! } : null };
}

/**
 * A choice of days or times ("monday or tuesday at 3pm"), each alternative composed, when the
 * request names one and every alternative reads as one clear time: a day said two ways ("next
 * friday or monday") is asked about as if said alone, and the same time said twice is no choice.
 */
function readChoice(work: string, options: { now: DateTime; zone: string; locale?: string; durationMinutes: number | null }): Array<{ parts: WhenParts; when: When }> | null {
  const alternatives = findAlternatives(work, { now: options.now, locale: options.locale });
  if (!alternatives) return null;
  const read = alternatives.map((parts) => ({ parts, when: composeWhen({ ...parts, now: options.now, zone: options.zone, durationMinutes: options.durationMinutes }) }));
  if (read.some((r) => r.when.blocked || (!r.when.start && !r.when.window))) return null;
  const distinct = read.filter((r, i) => read.findIndex((o) => JSON.stringify(isoWhen(o.when)) === JSON.stringify(isoWhen(r.when))) === i);
  return distinct.length > 1 ? distinct : null;
}

/** Matches found more than once (a day shared by two alternatives) counted once. */
function uniqueMatches<T extends { index: number; text: string }>(matches: Array<T | null>): T[] {
  const found = matches.filter((m): m is T => m !== null);
  return found.filter((m, i) => found.findIndex((o) => o.index === m.index && o.text === m.text) === i);
}

/** Drops repeated spans in place (the same words recorded for two alternatives). */
function uniqueSpans(spans: Span[]): void {
  const kept = uniqueMatches(spans);
  spans.splice(0, spans.length, ...kept);
}

/** The same ambiguity found for two alternatives, told once. */
const uniqueAmbiguities = (all: Ambiguity[]): Ambiguity[] => all.filter((a, i) => all.findIndex((o) => o.message === a.message) === i);

/**
 * The action of a request without an action verb, from what it does say:
 * a length, people or a repetition ("30 min with @alice next Tue") or an exact time
 * ("3pm tomorrow") → book; only a day or part of one ("Saturday this week?") → availability
 * (show what is free then); nothing → unknown.
 */
function inferAction(
  describesMeeting: boolean,
  time: TimeMatch | null,
  date: DateReading | null,
  part: unknown,
): Intent['action'] {
  if (describesMeeting || (time && time.kind !== 'window') || (date?.kind === 'day' && date.time)) return 'book';
  if (time || date || part) return 'availability';
  return 'unknown';
}

/**
 * Completes a draft intent with `missing` and `confidence` (see scoreConfidence). Used by
 * parseRequest and by the LLM merge, so both judge an intent the same way.
 */
export function assessIntent(
  draft: Omit<Intent, 'confidence' | 'missing'>,
  recognised = draft.spans.length,
  actionInferred = false,
): Intent {
  const blocked = draft.ambiguities.some((a) => a.blocking && a.field === 'start');
  const missing: string[] = [];
  for (const field of ESSENTIALS[draft.action]) {
    // A move by a shift needs no new time: the meeting's own start, shifted, is it.
    if (field === 'start' && (draft.start || (draft.window && !blocked) || (draft.action === 'reschedule' && (draft.shiftMinutes || draft.shiftDays)))) continue;
    if (field === 'durationMinutes' && draft.durationMinutes !== null) continue;
    missing.push(field);
  }
  if (blocked && !missing.includes('start')) missing.unshift('start');
  return { ...draft, missing, confidence: scoreConfidence(draft.action, missing, draft.ambiguities, recognised, actionInferred) };
}
