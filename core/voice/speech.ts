import { DateTime } from 'luxon';
import type { Participant, UpcomingMeeting } from '../requests/index.js';

/** "3 PM", "10:30 AM", "noon", "midnight": a wall time as a person says it. */
export function spokenClock(at: DateTime): string {
  if (at.hour === 12 && at.minute === 0) return 'noon';
  if (at.hour === 0 && at.minute === 0) return 'midnight';
  return at.minute === 0 ? at.toFormat('h a') : at.toFormat('h:mm a');
}

/**
 * The day of an instant as it reads aloud in the listener's zone, relative to now: "today",
 * "tomorrow", "on Friday" (within a week), "on Tuesday, December 15".
 */
export function spokenDay(startIso: string, zone: string, now: Date): string {
  const at = DateTime.fromISO(startIso, { zone }).setLocale('en-US');
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const days = Math.round(at.startOf('day').diff(today, 'days').days);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days > 1 && days < 7) return `on ${at.toFormat('cccc')}`;
  return `on ${at.toFormat('cccc, LLLL d')}`;
}

/**
 * A start as it reads aloud in the listener's zone, relative to now: "today at 3 PM",
 * "tomorrow at 10 AM", "on Friday at 2:30 PM" (within a week), "on Tuesday, December 15 at 9 AM".
 */
export function spokenWhen(startIso: string, zone: string, now: Date): string {
  return `${spokenDay(startIso, zone, now)} at ${spokenClock(DateTime.fromISO(startIso, { zone }).setLocale('en-US'))}`;
}

/** "Alice", "Alice and Bob", "Alice, Bob and Carol". */
export function spokenList(words: string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** "2 PM", "2 PM or 3 PM", "2 PM, 2:30 PM or 3 PM". */
export function orList(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** The people in a meeting by name, as said aloud. */
export const spokenPeople = (participants: Participant[]): string => spokenList(participants.map((p) => p.name));

/** The listener with the others, as one list: "You and Alice", "You, Alice and Bob" (`you`: "you" inside a sentence). */
export const spokenGroup = (participants: Participant[], you = 'You'): string => spokenList([you, ...participants.map((p) => p.name)]);

/**
 * Several starts as said one by one: the clock alone when they share a day ("2 PM", "2:30 PM"),
 * else with the day ("tomorrow at 2 PM", "on Friday at 9 AM"); `day` is the shared day, if any.
 */
export function spokenLabels(starts: string[], zone: string, now: Date): { day: string | null; labels: string[] } {
  const said = starts.map((s) => spokenWhen(s, zone, now));
  const dayOf = (text: string) => text.replace(/ at [^,]+$/, '');
  if (!said.every((text) => dayOf(text) === dayOf(said[0]!))) return { day: null, labels: said };
  return { day: dayOf(said[0]!), labels: starts.map((s) => spokenClock(DateTime.fromISO(s, { zone }).setLocale('en-US'))) };
}

/** "tomorrow at 2 PM, 2:30 PM or 3 PM": several starts, the day said once when they share it. */
export function spokenChoices(starts: string[], zone: string, now: Date): string {
  const { day, labels } = spokenLabels(starts, zone, now);
  return day ? `${day} at ${orList(labels)}` : orList(labels);
}

/** The sentence's first letter in capitals: "tomorrow you have …" → "Tomorrow you have …". */
export const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

type Meeting = Pick<UpcomingMeeting, 'title' | 'start' | 'withNames'>;

/** Who a meeting is with, else its title: "with Alice and Bob", "Focus time". */
export const spokenWith = (m: Meeting): string => (m.withNames.length ? `with ${spokenList(m.withNames)}` : m.title);

/** A meeting named without its time: "your meeting with Alice", "Focus time". */
export const spokenWhat = (m: Meeting): string => (m.withNames.length ? `your meeting with ${spokenList(m.withNames)}` : m.title);

/** A meeting named with its time: "your meeting with Alice tomorrow at 10 AM". */
export const spokenMeeting = (m: Meeting, zone: string, now: Date): string => `${spokenWhat(m)} ${spokenWhen(m.start, zone, now)}`;

/** A time after "to": "tomorrow at 4 PM", "Thursday at 10 AM" (never "to on Thursday"). */
export const spokenTo = (startIso: string, zone: string, now: Date): string => spokenWhen(startIso, zone, now).replace(/^on /, '');
