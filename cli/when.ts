import { DateTime } from 'luxon';
import type { Api } from './client.js';
import { usageError } from './errors.js';
import type { Intent } from './types.js';

/** Plain-English requests go to `POST /api/parse`; this asks it in the user's zone. */
export function parseText(client: Api, text: string, zone: string, now?: string): Promise<Intent> {
  return client.request<Intent>('POST', '/api/parse', { body: { text, timezone: zone, ...(now ? { now } : {}) }, auth: Boolean(client.token) });
}

/** An ISO instant or local date-time ("2026-11-25T15:00", read in `zone`), else null. */
export function parseIsoInstant(text: string, zone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text.trim())) return null;
  const dt = DateTime.fromISO(text.trim().replace(' ', 'T'), { zone, setZone: false });
  return dt.isValid ? dt.toUTC().toISO({ suppressMilliseconds: true })! : null;
}

/**
 * `<when>` as given on the command line: ISO, or plain English ("tomorrow 3pm") read by the
 * server's parser in the user's zone. Throws a usage error naming the flag when no time is found.
 */
export async function resolveWhen(client: Api, text: string, zone: string, flag: string): Promise<string> {
  const iso = parseIsoInstant(text, zone);
  if (iso) return iso;
  const intent = await parseText(client, text, zone);
  if (intent.start) return DateTime.fromISO(intent.start).toUTC().toISO({ suppressMilliseconds: true })!;
  throw usageError(unreadableTimeMessage(text, flag, zone, intent.ambiguities.find((a) => a.blocking)?.message));
}

/**
 * One sentence saying why `text` is not a time, with examples that work today: "tomorrow 3pm"
 * and tomorrow's date at 15:00 in `zone` (never a fixed date that has passed).
 */
export function unreadableTimeMessage(text: string, flag: string, zone: string, ambiguity?: string, now: DateTime = DateTime.now()): string {
  const example = `"tomorrow 3pm" or ${now.setZone(zone).plus({ days: 1 }).toFormat("yyyy-LL-dd'T'15:00")}`;
  const question = ambiguity ? /^did you mean (.+?)\?*$/i.exec(ambiguity.trim()) : null;
  if (question) return `"${text}" for ${flag} could mean ${question[1]}; give one time, such as ${example}.`;
  const reason = ambiguity ? ` (${ambiguity.trim().replace(/[.?!]+$/, '').replace(/^./, (c) => c.toLowerCase())})` : '';
  return `Could not read a time from "${text}" for ${flag}${reason}; try ${example}.`;
}

/** A calendar date flag: YYYY-MM-DD, "today", "tomorrow". */
export function parseDateFlag(value: string, zone: string, flag: string): string {
  const v = value.trim().toLowerCase();
  const today = DateTime.now().setZone(zone).startOf('day');
  if (v === 'today') return today.toISODate()!;
  if (v === 'tomorrow') return today.plus({ days: 1 }).toISODate()!;
  if (v === 'yesterday') return today.minus({ days: 1 }).toISODate()!;
  const dt = DateTime.fromISO(v, { zone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || !dt.isValid) throw usageError(`${flag}: expected a date as YYYY-MM-DD, "today" or "tomorrow" (got "${value}")`);
  return v;
}

export { todayIn } from './today.js';
export { addDays } from '../core/time/units.js';
