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
