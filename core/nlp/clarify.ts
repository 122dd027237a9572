import { DateTime } from 'luxon';
import type { Attendee, Intent, ParseRequestOptions } from './intent.js';
import { readYesNo } from './answers.js';
import { assessIntent, parseRequest } from './parseRequest.js';
import { normalizeSpoken } from './spoken.js';

/** A person a name could stand for, as the caller's directory knows them. */
export interface PersonCandidate {
  name: string;
  email?: string;
  handle?: string;
}

/** A name in the request that matches several people ("Alice" → Alice Chen, Alice Park). */
export interface AttendeeChoice {
  /** The name as the intent has it (an attendee's `name`). */
  said: string;
  candidates: PersonCandidate[];
}

/** Options of {@link clarify}: what the caller knows that the parser cannot. */
export interface ClarifyOptions {
  attendeeChoices?: AttendeeChoice[];
}

export type ClarificationKind = 'choose_attendee' | 'choose_start' | 'missing';

/**
 * The state needed to continue the same request with the answer; plain JSON, so a chat,
 * CLI or voice session can store it between turns.
 */
export interface PendingRequest {
  intent: Intent;
  kind: ClarificationKind;
  /** The field the question is about ("attendees", "start", "durationMinutes", "action", …). */
  field: string;
  /** For choose_attendee: the name asked about. */
  said?: string;
  /** The choices offered, in the order the question says them. */
  choices: Array<{ label: string; person?: PersonCandidate; start?: string; window?: { start: string; end: string } }>;
}

/** One natural question and what continues the request once answered. */
export interface Clarification {
  question: string;
  /** Labels of the choices, for buttons or a voice reprompt; empty for an open question. */
  options: string[];
  pending: PendingRequest;
}

function ordinal(n: number): string {
  const tens = n % 100;
  return `${n}${tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;
}

function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/**
 * Dates to choose from, said the way people say them: "Tuesday the 10th or the 17th?",
 * "Friday the 27th of November or the 4th of December?", "March 2nd or February 3rd?".
 */
export function dateChoiceQuestion(candidates: string[]): { question: string; labels: string[] } {
  const days = candidates.map((c) => DateTime.fromISO(c, { setZone: true }).setLocale('en-US'));
  const sameWeekday = days.every((d) => d.weekday === days[0]!.weekday);
  const sameMonth = days.every((d) => d.month === days[0]!.month && d.year === days[0]!.year);
  if (sameWeekday) {
    const labels = days.map((d) => `the ${ordinal(d.day)}${sameMonth ? '' : ` of ${d.toFormat('LLLL')}`}`);
    return { question: `${days[0]!.toFormat('cccc')} ${orList(labels)}?`, labels };
  }
  const labels = days.map((d) => `${d.toFormat('LLLL')} ${ordinal(d.day)}`);
  return { question: `${orList(labels)}?`, labels };
}

function openQuestion(intent: Intent, field: string): string {
  switch (field) {
    case 'action':
      return 'What would you like to do: book, move, cancel or list meetings?';
    case 'start':
      return intent.action === 'reschedule' ? 'When should I move it to?' : 'What day and time should I book?';
    case 'durationMinutes':
      return 'How long should the meeting be?';
    case 'attendees':
      return 'Who should I invite?';
    case 'title':
      return 'What is the meeting about?';
    default:
      return `What should the ${field} be?`;
  }
}

/**
 * One question about what keeps the request from going ahead, or null when nothing does.
 * In order: a name that fits several people ("Which Alice — Alice Chen or Alice Park?"),
 * a date said two ways ("Tuesday the 10th or the 17th?"), then the first missing field
 * ("What day and time should I book?", "How long should the meeting be?").
 * Answer it with {@link continueRequest} and the returned `pending`.
 * @example clarify(parseRequest('book 30 min next Friday', opts))?.question // 'Friday the 27th or the 4th of December?'
 */
export function clarify(intent: Intent, options: ClarifyOptions = {}): Clarification | null {
  const choice = options.attendeeChoices?.find((c) => c.candidates.length > 1);
  if (choice) {
    const labels = choice.candidates.map((c) => c.name);
    return {
      question: `Which ${choice.said} — ${orList(labels)}?`,
      options: labels,
      pending: {
        intent,
        kind: 'choose_attendee',
        field: 'attendees',
        said: choice.said,
        choices: choice.candidates.map((person) => ({ label: person.name, person })),
      },
    };
  }
  const field = intent.missing[0];
  if (field === undefined) return null;
  const ambiguity = intent.ambiguities.find((a) => a.blocking && a.field === field && a.candidates.length > 1);
  if (ambiguity) {
    const { question, labels } = dateChoiceQuestion(ambiguity.candidates);
    const choices = ambiguity.candidates.map((start, i) => ({ label: labels[i] ?? start, start, ...(ambiguity.windows?.[i] ? { window: ambiguity.windows[i] } : {}) }));
    // A day the month does not have is said first, or the choice of two other days makes no sense.
    const said = ambiguity.kind === 'no_such_date' ? `${ambiguity.message.split(':')[0]}. ${question}` : question;
    return { question: said, options: labels, pending: { intent, kind: 'choose_start', field, choices } };
  }
  return {
    question: openQuestion(intent, field),
    options: [],
    pending: { intent, kind: 'missing', field, choices: [] },
  };
}

/** Kept for callers that only need the words: {@link clarify}'s question. */
export function clarifyingQuestion(intent: Intent): string | null {
  return clarify(intent)?.question ?? null;
}

const POSITIONS: ReadonlyArray<[RegExp, (n: number) => number]> = [
  [/\b(?:first|1st|former|earlier|sooner)\b|^\s*(?:1|one)\s*$/i, () => 0],
  [/\b(?:second|2nd)\b|^\s*(?:2|two)\s*$/i, () => 1],
  [/\b(?:third|3rd)\b|^\s*(?:3|three)\s*$/i, () => 2],
  [/\b(?:last|latter|later)\b/i, (n) => n - 1],
];

const FILLER_WORDS = new Set(['the', 'of', 'one', 'a', 'on', 'with', 'please', 'i', 'mean', 'meant']);
const wordsOf = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}@.]+/u)
    .map((w) => w.replace(/^(\d+)(?:st|nd|rd|th)$/, '$1'))
    .filter((w) => w && !FILLER_WORDS.has(w));

/**
 * Which offered choice an answer names, by index (-1: none): by its own words ("Park", "the
 * 17th"), the one that leaves fewest of its words unsaid when several fit as well ("9 am" is
 * "9 AM", not "9:30 AM"), else by position ("the second one", "the last"); a yes ("Should I book
 * it?") takes the one choice offered. Words of `said` (the name asked about) pick nothing.
 * @example pickChoice([{ label: '10 AM with Alice' }, { label: '2 PM with Bob' }], 'the one with bob') // 1
 */
export function pickChoice(choices: PendingRequest['choices'], answer: string, said = ''): number {
  const asked = new Set(wordsOf(said));
  const heard = new Set(wordsOf(normalizeSpoken(answer).text));
  const fits = choices.map((c) => {
    const own = wordsOf([c.label, c.person?.email ?? '', c.person?.handle ?? ''].join(' ')).filter((w) => !asked.has(w));
    const matched = own.filter((w) => heard.has(w)).length;
    return { matched, unsaid: own.length - matched };
  });
  const best = Math.max(...fits.map((f) => f.matched));
  const tied = fits.filter((f) => f.matched === best);
  const fewest = Math.min(...tied.map((f) => f.unsaid));
  const closest = tied.filter((f) => f.unsaid === fewest);
  if (best > 0 && closest.length === 1) return fits.indexOf(closest[0]!);
  const position = pickPosition(choices.length, answer);
  if (position >= 0) return position;
  // With several choices a yes picks none of them.
  return choices.length === 1 && (readYesNo(answer) === 'yes' || /^\s*book\s+it\b/i.test(answer)) ? 0 : -1;
}

/**
 * Which of `count` choices an answer names by position alone ("the first", "the second one",
 * "two", "the last"), by index; -1 when it names none that way.
 * @example pickPosition(3, 'the last one') // 2
 */
export function pickPosition(count: number, answer: string): number {
  for (const [pattern, index] of POSITIONS) {
    if (pattern.test(answer)) return Math.min(index(count), count - 1);
  }
  return -1;
}

/** The intent at the chosen day: its window when a day or part of one was said, else its exact start. */
function withChosenDay(intent: Intent, start: string, window?: { start: string; end: string }): Intent {
  const ambiguities = intent.ambiguities.filter((a) => !(a.blocking && a.field === 'start'));
  // The day chosen is the one time asked for now: a choice said before ("monday or tuesday") is settled.
  const { confidence: _c, missing: _m, alternatives: _a, ...draft } = intent;
  if (window) return assessIntent({ ...draft, start: null, end: null, window, ambiguities });
  const s = DateTime.fromISO(start, { setZone: true });
  const end = intent.durationMinutes !== null ? s.plus({ minutes: intent.durationMinutes }).toISO() : intent.end;
  return assessIntent({ ...draft, start, end, window: null, ambiguities });
}

/**
 * Continues the request a {@link clarify} question was about with the user's answer:
 * "Park", "the second one", "alice.park@…" pick a person; "the 17th", "the later one" pick a
 * date; an open question's answer is read like a request ("tomorrow at 3", "45 minutes",
 * "cancel it") and fills what was missing, keeping everything said before.
 * Returns null when the answer does not answer the question (ask again).
 * @example continueRequest(pending, 'the 17th', opts)?.start // '2026-11-17T…'
 */
export function continueRequest(pending: PendingRequest, answer: string, options: ParseRequestOptions): Intent | null {
  if (pending.kind === 'choose_attendee' || pending.kind === 'choose_start') {
    const chosen = chooseOption(pending, pickChoice(pending.choices, answer, pending.said));
    if (!chosen && pending.kind === 'choose_start') return fillFrom(pending.intent, 'start', answer, options);
    return chosen;
  }
  return fillFrom(pending.intent, pending.field, answer, options);
}

/**
 * Continues the request with the offered choice at `index` (a button pressed rather than words
 * said); null when there is no such choice.
 * @example chooseOption(clarify(intent)!.pending, 1)?.start // the later of two days
 */
export function chooseOption(pending: PendingRequest, index: number): Intent | null {
  const { intent } = pending;
  const choice = pending.choices[index];
  if (!choice) return null;
  if (choice.start) return withChosenDay(intent, choice.start, choice.window);
  const person = choice.person;
  if (!person) return null;
  const chosen: Attendee = {
    name: person.name,
    ...(person.email ? { email: person.email } : {}),
    ...(person.handle ? { handle: person.handle } : {}),
  };
  const attendees = intent.attendees.map((a) => (a.name === pending.said ? chosen : a));
  const { confidence: _c, missing: _m, ...draft } = intent;
  return assessIntent({
    ...draft,
    attendees: attendees.some((a) => a === chosen) ? attendees : [...attendees, chosen],
  });
}

/** Takes the asked-for field (and whatever else the answer adds) from an answer read as a request. */
function fillFrom(intent: Intent, field: string, answer: string, options: ParseRequestOptions): Intent | null {
  const reply = parseRequest(answer, { ...options, timezone: intent.timezone });
  const { confidence: _c, missing: _m, ...draft } = intent;
  const next = { ...draft };
  if (field === 'action') {
    if (reply.action === 'unknown') return null;
    next.action = reply.action;
  }
  if (field === 'durationMinutes') {
    // "45", "45 minutes", "an hour and a half": a bare number answering "how long" is minutes.
    const minutes = reply.durationMinutes ?? (/^\s*(\d{1,3})\s*$/.test(answer) ? Number(answer) : null);
    if (minutes === null || minutes <= 0) return null;
    next.durationMinutes = minutes;
  } else if (reply.durationMinutes !== null && intent.durationMinutes === null)
    next.durationMinutes = reply.durationMinutes;
  const answersWhen = reply.start !== null || reply.window !== null || reply.ambiguities.some((a) => a.blocking);
  if (field === 'start' && !answersWhen) return null;
  if (answersWhen && (field === 'start' || intent.start === null)) {
    next.start = reply.start;
    next.window = reply.window;
    // The answer's own choice ("monday or tuesday"), if any, replaces the request's.
    next.alternatives = reply.alternatives;
    if (!reply.alternatives) delete next.alternatives;
    next.ambiguities = [...intent.ambiguities.filter((a) => a.field !== 'start'), ...reply.ambiguities];
    next.end = reply.end;
  }
  if (field === 'attendees' && reply.attendees.length === 0) return null;
  next.attendees = [...intent.attendees, ...reply.attendees];
  next.title ??= reply.title;
  if (next.start && next.durationMinutes !== null && (!next.end || field === 'durationMinutes')) {
    next.end = DateTime.fromISO(next.start, { setZone: true }).plus({ minutes: next.durationMinutes }).toISO();
  }
  return assessIntent(next);
}
