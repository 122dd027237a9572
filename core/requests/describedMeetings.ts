import { DateTime } from 'luxon';
import { parseRequest } from '../nlp/index.js';

/** What the matching reads of a meeting: its start and the names of the others in it. */
export interface DescribedMeeting {
  start: string;
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

/** The words read as a request, the people they name (lower case), and whether they say anything that narrows. */
function readDescription(words: string, options: { timezone: string; now: Date }) {
  const intent = parseRequest(words, { timezone: options.timezone, now: options.now.toISOString() });
  const names = intent.attendees.map((a) => (a.handle ?? a.name ?? a.email ?? '').toLowerCase()).filter(Boolean);
  return { intent, names, narrows: Boolean(intent.start || intent.window || names.length) };
}

/**
 * Whether words say anything that tells one meeting from another: a time, a day or a part of
 * one, a person ("my 3pm", "my meeting with alice"); "cancel my meeting" says none of it.
 */
export const describesMeeting = (words: string, options: { timezone: string; now: Date }): boolean => readDescription(words, options).narrows;

/**
 * The asker's upcoming meetings that words such as "my 3pm", "the 3pm with bob" or "my meeting
 * with alice tomorrow" describe, read in the asker's zone: the time said (that instant, else the
 * next meeting at that time of day), the day or part of day said, and the people named (by a
 * name, a username or an email, as a booking request names them).
 * Nothing said that narrows the list → no match (a cancel never guesses from nothing).
 */
export function meetingsDescribed<T extends DescribedMeeting>(words: string, meetings: readonly T[], options: { timezone: string; now: Date }): T[] {
  const { intent, names, narrows } = readDescription(words, options);
  if (!narrows) return [];
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
  return found;
}
