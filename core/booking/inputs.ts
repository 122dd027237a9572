/**
 * Validation of the plain values booking and scheduling inputs carry: time zones, dates, date
 * ranges and instants. Each failure is `validation_failed` naming the field and the fix.
 */
import { DomainError } from '../errors.js';
import { INSTANT_RANGE_MESSAGE, isRealDateText, isSupportedInstant, NOT_A_DATE_MESSAGE } from '../time/instants.js';
import type { Interval } from '../time/intervals.js';
import { addDays, DAY_MS } from '../time/units.js';
import { canonicalTimeZone, isValidTimeZone, localDateOf, localDayRange, parseLocalDate } from '../time/zones.js';

/** The longest window one slot query may cover. */
export const MAX_RANGE_DAYS = 62;

/** A `validation_failed` error naming one field. */
export function invalidField(field: string, message: string): DomainError {
  return new DomainError('validation_failed', `${field}: ${message}`, { errors: [{ field, message }] });
}

/** Returns `zone`, spelt as the tz database does (core/time/zones.ts canonicalTimeZone), when it is an IANA zone name. Throws validation_failed naming `field`. */
export function requireTimeZone(zone: string, field = 'timezone'): string {
  if (!isValidTimeZone(zone)) throw invalidField(field, `unknown time zone "${zone}"; use an IANA name such as Europe/Berlin`);
  return canonicalTimeZone(zone);
}

function requireDate(value: string, field: string): string {
  try {
    parseLocalDate(value);
    return value;
  } catch {
    throw invalidField(field, 'expected a date YYYY-MM-DD');
  }
}

/**
 * `from`..`to` (dates in `timezone`, `to` inclusive) as instants. Defaults: from today, to 6 days
 * later (a week). Throws validation_failed for bad dates, `to` before `from`, or more than 62 days.
 */
export function resolveDateRange(input: { from?: string; to?: string; timezone: string }, now: number, defaultDays = 7): Interval & { from: string; to: string } {
  const from = input.from ? requireDate(input.from, 'from') : localDateOf(now, input.timezone);
  const to = input.to ? requireDate(input.to, 'to') : addDays(from, defaultDays - 1);
  if (to < from) throw invalidField('to', 'must not be before from');
  const start = localDayRange(from, input.timezone).start;
  const end = localDayRange(to, input.timezone).end;
  if (end - start > (MAX_RANGE_DAYS + 1) * DAY_MS) throw invalidField('to', `the range may cover at most ${MAX_RANGE_DAYS} days`);
  return { start, end, from, to };
}

/** Parses an ISO 8601 instant with a zone or offset, in the years -9999..9999. Throws validation_failed. */
export function parseInstant(value: string, field = 'start'): number {
  const ms = typeof value === 'string' && /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw invalidField(field, 'expected an ISO 8601 date-time with an offset, e.g. 2026-11-25T09:00:00Z');
  if (!isRealDateText(value)) throw invalidField(field, `"${value.slice(0, 10)}" is ${NOT_A_DATE_MESSAGE}`);
  if (!isSupportedInstant(ms)) throw invalidField(field, INSTANT_RANGE_MESSAGE);
  return ms;
}

/** Throws validation_failed unless `minutes` is a whole number from 1 to 1440. */
export function requireDurationMinutes(minutes: number, field = 'durationMinutes'): number {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) throw invalidField(field, 'expected 1 to 1440 minutes');
  return minutes;
}
