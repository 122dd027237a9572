import { DateTime, Duration } from 'luxon';

/**
 * Answers Alexa hears as typed slots (AMAZON.DATE, AMAZON.TIME, AMAZON.DURATION, AMAZON.Person):
 * a bare "tomorrow", "three PM", "half an hour" or "Bob" matches no carrier phrase of the
 * word-for-word intents, so the skill's DetailsIntent takes it, and Alexa sends a value, not the
 * words. These turn the values back into words Yava's parser reads, so they go through the same
 * request workflow as everything else said.
 */
export interface AlexaDetails {
  date?: string;
  time?: string;
  duration?: string;
  person?: string;
}

const day = (dt: DateTime): string => dt.setLocale('en-US').toFormat('d LLLL yyyy');
const span = (first: DateTime, last: DateTime): string => `from ${day(first)} to ${day(last)}`;
const PARTS: Readonly<Record<string, string>> = { MO: 'in the morning', AF: 'in the afternoon', EV: 'in the evening', NI: 'at night' };

/** The Monday of an ISO week ("2026-W49"), or null. */
function weekStart(year: string, week: string): DateTime | null {
  const monday = DateTime.fromObject({ weekYear: Number(year), weekNumber: Number(week), weekday: 1 });
  return monday.isValid ? monday : null;
}

/**
 * An AMAZON.DATE value as words: a day ("2026-12-04" → "on 4 December 2026"), a week
 * ("2026-W49" → "from 30 November 2026 to 6 December 2026"), its weekend ("2026-W49-WE"), a
 * month ("2026-12" → "in December 2026"), a year, a day or weekend of no year said ("XXXX-12-04",
 * "XXXX-WE": the next one), "PRESENT_REF" (now). Seasons, decades and anything else: null.
 * @example dateWords('2026-W49-WE') // 'from 5 December 2026 to 6 December 2026'
 */
export function dateWords(value: string): string | null {
  const v = value.trim().toUpperCase();
  if (v === 'PRESENT_REF') return 'now';
  if (v === 'XXXX-WE') return 'this weekend';
  const date = /^(\d{4}|XXXX)-(\d{2})-(\d{2})$/.exec(v);
  if (date) {
    const dt = DateTime.fromObject({ year: date[1] === 'XXXX' ? 2000 : Number(date[1]), month: Number(date[2]), day: Number(date[3]) });
    if (!dt.isValid) return null;
    return date[1] === 'XXXX' ? `on ${dt.setLocale('en-US').toFormat('d LLLL')}` : `on ${day(dt)}`;
  }
  const week = /^(\d{4})-W(\d{2})(-WE)?$/.exec(v);
  const monday = week ? weekStart(week[1]!, week[2]!) : null;
  if (monday) return week![3] ? span(monday.plus({ days: 5 }), monday.plus({ days: 6 })) : span(monday, monday.plus({ days: 6 }));
  const month = /^(\d{4})-(\d{2})$/.exec(v);
  const first = month ? DateTime.fromObject({ year: Number(month[1]), month: Number(month[2]) }) : null;
  if (first?.isValid) return `in ${first.setLocale('en-US').toFormat('LLLL yyyy')}`;
  return /^\d{4}$/.test(v) ? `in ${v}` : null;
}

/** An AMAZON.TIME value as words: "15:00" → "at 15:00", "MO"/"AF"/"EV"/"NI" → that part of the day. */
export function timeWords(value: string): string | null {
  const v = value.trim().toUpperCase();
  if (/^([01]\d|2[0-3]):[0-5]\d$/.test(v)) return `at ${v}`;
  return PARTS[v] ?? null;
}

/** An AMAZON.DURATION value ("PT30M", "PT1H30M") as "for 90 minutes"; null for none, or a day or more. */
export function durationWords(value: string): string | null {
  const minutes = Duration.fromISO(value.trim().toUpperCase()).as('minutes');
  return Number.isFinite(minutes) && minutes > 0 && minutes < 24 * 60 ? `for ${Math.round(minutes)} minutes` : null;
}

/**
 * The words of an answer given in typed slots, in the order the parser reads best:
 * "with Bob for 30 minutes on 4 December 2026 at 15:00". Values it cannot read are left out
 * (the question is then asked again).
 */
export function wordsOfDetails(details: AlexaDetails): string {
  const person = details.person?.trim();
  return [
    person ? `with ${person}` : null,
    details.duration ? durationWords(details.duration) : null,
    details.date ? dateWords(details.date) : null,
    details.time ? timeWords(details.time) : null,
  ]
    .filter(Boolean)
    .join(' ');
}
