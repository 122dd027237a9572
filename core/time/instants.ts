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

const DAY_MS = 86_400_000;
/** Years 0000–9999: the range where toISOString writes four-digit years. */
const ISO_FAST_FROM = new Date(0).setUTCFullYear(0, 0, 1);
const ISO_FAST_UNTIL = Date.UTC(10_000, 0, 1);
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * `new Date(ms).toISOString()`, written for lists of many instants (a month of slots): the
 * date part is formatted once per UTC day, the time by arithmetic, with no Date per instant.
 * About five times faster on slot lists; the same text for every instant.
 *
 * @example createIsoFormatter()(Date.UTC(2026, 10, 25, 9, 30)) // '2026-11-25T09:30:00.000Z'
 */
export function createIsoFormatter(): (ms: number) => string {
  let day = Number.NaN;
  let prefix = '';
  return (ms) => {
    if (!(ms >= ISO_FAST_FROM && ms < ISO_FAST_UNTIL) || !Number.isInteger(ms)) return new Date(ms).toISOString();
    const d = Math.floor(ms / DAY_MS);
    if (d !== day) {
      day = d;
      prefix = new Date(d * DAY_MS).toISOString().slice(0, 11);
    }
    let rest = ms - d * DAY_MS;
    const hours = Math.floor(rest / 3_600_000);
    rest -= hours * 3_600_000;
    const minutes = Math.floor(rest / 60_000);
    rest -= minutes * 60_000;
    const seconds = Math.floor(rest / 1000);
    return `${prefix}${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(rest - seconds * 1000)}Z`;
  };
}
