/**
 * Which instants Yava accepts from outside: ISO 8601 date-times whose year lies between
 * -9999 and 9999. JavaScript dates reach ±275,760 years, but adding a duration or a day to
 * one near that edge gives an invalid date (a RangeError, once a 500), and no meeting is
 * scheduled ten thousand years away.
 */

/** The first and last millisecond accepted: 1 Jan -9999 and 31 Dec 9999, UTC. */
export const MIN_INSTANT_MS = Date.UTC(-9999, 0, 1);
export const MAX_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Whether `ms` is an instant Yava accepts (finite, years -9999 to 9999). */
export function isSupportedInstant(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_INSTANT_MS && ms <= MAX_INSTANT_MS;
}

/**
 * Whether a date-time string, when it parses at all, lies within the supported years.
 * Strings that do not parse pass: the caller's own format check names that problem.
 *
 * @example isInstantTextInRange('+275760-09-13T00:00:00Z') // false
 */
export function isInstantTextInRange(value: string): boolean {
  const ms = Date.parse(value);
  return Number.isNaN(ms) || isSupportedInstant(ms);
}

/** The message for an instant out of range, naming the limits. */
export const INSTANT_RANGE_MESSAGE = 'expected a date-time between the years -9999 and 9999, e.g. 2026-11-25T09:00:00Z';

/**
 * Whether the calendar date a date-time string starts with exists. `Date.parse` rolls an
 * impossible day over ("2027-02-30T09:00Z" is 2 March), so a typo would book another day.
 * Strings that do not start with a date pass: the caller's own format check names that problem.
 *
 * @example isRealDateText('2027-02-30T09:00:00Z') // false
 * @example isRealDateText('2028-02-29T09:00:00Z') // true
 */
export function isRealDateText(value: string): boolean {
  const m = /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})/.exec(typeof value === 'string' ? value.trim() : '');
  if (!m) return true;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return day <= date.getUTCDate();
}

/** The message for a date that does not exist, as a field error's text. */
export const NOT_A_DATE_MESSAGE = 'not a calendar date (that month has fewer days); e.g. 2026-11-25T09:00:00Z';
