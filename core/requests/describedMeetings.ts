import { DateTime } from 'luxon';
import { parseRequest } from '../nlp/index.js';
import { maskRange } from '../nlp/text.js';

/** What the matching reads of a meeting: its start, its title and the names of the others in it. */
export interface DescribedMeeting {
  start: string;
  /** Words of the title name it too ("the standup"). */
  title?: string;
  withNames: readonly string[];
  /** The others' usernames and emails, which name them as well as their names do ("with mpark"). */
  withHandles?: readonly string[];
}

/** Whether `name` (lower case) is one of the others: a word of a name, a whole name, a username or an email. */
function isWith(meeting: DescribedMeeting, name: string): boolean {
  return meeting.withNames.some((w) => w.toLowerCase().split(/\s+/).includes(name) || w.toLowerCase() === name) || (meeting.withHandles ?? []).some((h) => h.toLowerCase() === name);
}

/** Whether the words are (the start of) a meeting id as lists show it (`/meet list`, `yava meetings`). */
export const looksLikeId = (words: string): boolean => /^[0-9a-f][0-9a-f-]*$/i.test(words);

const wallTime = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toFormat('HH:mm');

/** Words that say which meeting in general, never which one by its title ("can you push my meeting back"). */
const GENERAL_WORDS = new Set(
  ('a an the my our your his her their its it this that these those i me we you us can could would will please just ' +
    'meeting meetings call calls appointment appointments event events session sync chat one thing and or of on at in to for from by with about ' +
    'back forward forwards up out earlier later sooner s')
    .split(' '),
);

/** Lower-case words, letters and digits of any script. */
const wordsIn = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * The words read as a request, the people they name (lower case), the words left that may be
 * a title's ("standup", "dentist"), and whether the time or people said narrow the list.
 */
function readDescription(words: string, options: { timezone: string; now: Date }) {
  const intent = parseRequest(words, { timezone: options.timezone, now: options.now.toISOString() });
  const names = intent.attendees.map((a) => (a.handle ?? a.name ?? a.email ?? '').toLowerCase()).filter(Boolean);
  let rest = words;
  // "the weekly standup": a repetition said is words of the title here, not a series to book.
  for (const span of intent.spans) if (span.field !== 'recurrence') rest = maskRange(rest, span.index, span.text.length);
  const titleWords = [...wordsIn(rest), ...wordsIn(intent.title ?? '')].filter((w) => !GENERAL_WORDS.has(w));
  return { intent, names, titleWords, narrows: Boolean(intent.start || intent.window || names.length) };
}

/** The meetings whose titles hold the most of the words (at least one), else none. */
function titledBy<T extends DescribedMeeting>(meetings: readonly T[], words: string[]): T[] {
  if (!words.length) return [];
  const scored = meetings.map((m) => {
    const own = new Set(wordsIn(m.title ?? ''));
    return { m, score: new Set(words.filter((w) => own.has(w))).size };
  });
  const best = Math.max(0, ...scored.map((s) => s.score));
  return best ? scored.filter((s) => s.score === best).map((s) => s.m) : [];
}

/**
 * Whether words say anything that tells one meeting from another: a time, a day or a part of
 * one, a person ("my 3pm", "my meeting with alice"); "cancel my meeting" says none of it. Words
 * of a title ("the standup") are not known to tell meetings apart until the meetings are: see
 * {@link meetingsDescribed}.
 */
export const describesMeeting = (words: string, options: { timezone: string; now: Date }): boolean => readDescription(words, options).narrows;

/**
 * The asker's upcoming meetings that words such as "my 3pm", "the 3pm with bob", "my meeting
 * with alice tomorrow" or "the standup" describe, read in the asker's zone: the time said (that
 * instant, else the next meeting at that time of day), the day or part of day said, the people
 * named (by a name, a username or an email, as a booking request names them), and the words of
 * a title: among the meetings that fit the rest, those whose titles hold the most of the other
 * words said ("standup" of "can you push the standup"); words in no title narrow nothing
 * ("cancel my dentist tomorrow" with no meeting called so is tomorrow's meetings).
 * Nothing said that narrows the list → no match (a cancel never guesses from nothing).
 */
export function meetingsDescribed<T extends DescribedMeeting>(words: string, meetings: readonly T[], options: { timezone: string; now: Date }): T[] {
  const { intent, names, titleWords, narrows } = readDescription(words, options);
  if (!narrows) return titledBy(meetings, titleWords);
  let found = [...meetings];
  if (names.length) found = found.filter((m) => names.every((n) => isWith(m, n)));
  if (intent.window) {
    const [from, to] = [Date.parse(intent.window.start), Date.parse(intent.window.end)];
    found = found.filter((m) => Date.parse(m.start) >= from && Date.parse(m.start) < to);
  }
  if (intent.start) {
    const at = Date.parse(intent.start);
    const exact = found.filter((m) => Date.parse(m.start) === at);
    // "my 3pm" said after 3pm, or meaning another day's: the next meeting at that time of day.
    const sameTime = found.filter((m) => wallTime(m.start, options.timezone) === wallTime(intent.start!, options.timezone));
    found = exact.length ? exact : sameTime.slice(0, 1);
  }
  const titled = titledBy(found, titleWords);
  return titled.length ? titled : found;
}
