/**
 * Series of meetings: weekly, every N weeks, or monthly, for a count or up to an end date,
 * repeated in ONE zone's wall-clock time (a 10:00 Berlin meeting stays 10:00 Berlin across DST).
 * Pure: plain values in, instants (epoch milliseconds) out. The rule is written as an RFC 5545
 * RRULE (`FREQ=WEEKLY;INTERVAL=2;COUNT=6`), the form calendars and the database keep.
 */
import { addDays, MINUTE_MS } from './units.js';
import { localDateOf, localTimeToInstant, parseLocalDate } from './zones.js';

export type SeriesFrequency = 'weekly' | 'monthly';

export interface SeriesRule {
  frequency: SeriesFrequency;
  /** Every `interval` weeks or months (1 = every week / month). */
  interval: number;
  /** How many occurrences, the first included… */
  count?: number;
  /** …or the last local date (YYYY-MM-DD, in the series' zone) an occurrence may fall on. */
  until?: string;
}

export interface ExpandSeriesOptions {
  /** The first occurrence's start. */
  start: number;
  zone: string;
  rule: SeriesRule;
  /** The most occurrences a series may have; an `until` that gives more throws. */
  maxOccurrences: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Minutes after local midnight of an instant in a zone. */
function localMinutesOf(instant: number, zone: string): number {
  const date = localDateOf(instant, zone);
  return Math.round((instant - localTimeToInstant(date, 0, zone)) / MINUTE_MS);
}

/** The local date `months` months after `date` on the same day, or null when that month is too short (RFC 5545 skips it). */
function addMonths(date: string, months: number): string | null {
  const { year, month, day } = parseLocalDate(date);
  const index = year * 12 + (month - 1) + months;
  const [y, m] = [Math.floor(index / 12), (index % 12) + 1];
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return day > lastDay ? null : `${pad(y, 4)}-${pad(m)}-${pad(day)}`;
}

/**
 * The starts of a series' occurrences, in order: the first is `start`; each next one is the
 * same local time `interval` weeks (or months, on the same day of the month; months without
 * that day are skipped, as RFC 5545 does) later in `zone`. A local time that DST skips moves
 * forward by the gap, an ambiguous one is its earlier instant (as RFC 5545 says).
 *
 * Throws RangeError when the rule has neither or both of `count` and `until`, a count outside
 * 1..maxOccurrences, an `until` before the start, or an `until` that gives more than maxOccurrences.
 *
 * @example expandSeries({ start: Date.parse('2026-10-13T08:00:00Z'), zone: 'Europe/Berlin', rule: { frequency: 'weekly', interval: 1, count: 3 }, maxOccurrences: 12 })
 * // 2026-10-13 10:00+02, 2026-10-20 10:00+02, 2026-10-27 10:00+01 (09:00Z)
 */
export function expandSeries({ start, zone, rule, maxOccurrences }: ExpandSeriesOptions): number[] {
  if ((rule.count === undefined) === (rule.until === undefined)) throw new RangeError('a series needs a count or an end date (not both)');
  if (!Number.isInteger(rule.interval) || rule.interval < 1) throw new RangeError('interval must be a whole number of at least 1');
  if (rule.count !== undefined && !(Number.isInteger(rule.count) && rule.count >= 1 && rule.count <= maxOccurrences)) {
    throw new RangeError(`count must be from 1 to ${maxOccurrences}`);
  }
  const firstDate = localDateOf(start, zone);
  if (rule.until !== undefined) {
    parseLocalDate(rule.until); // throws on a malformed date
    if (rule.until < firstDate) throw new RangeError('the end date is before the first meeting');
  }
  const minutes = localMinutesOf(start, zone);
  const out: number[] = [];
  for (let step = 0; ; step++) {
    const date = rule.frequency === 'weekly' ? addDays(firstDate, 7 * rule.interval * step) : addMonths(firstDate, rule.interval * step);
    if (date === null) continue;
    if (rule.until !== undefined && date > rule.until) break;
    if (out.length === maxOccurrences) throw new RangeError(`that end date gives more than ${maxOccurrences} meetings`);
    out.push(step === 0 ? start : localTimeToInstant(date, minutes, zone));
    if (rule.count !== undefined && out.length === rule.count) break;
  }
  return out;
}

/**
 * The RRULE value of a rule (RFC 5545 §3.3.10); `until` becomes the UTC instant ending the
 * local end date, which RFC 5545 requires with a zoned DTSTART.
 *
 * @example toRrule({ frequency: 'weekly', interval: 2, count: 6 }, 'Europe/Berlin') // 'FREQ=WEEKLY;INTERVAL=2;COUNT=6'
 */
export function toRrule(rule: SeriesRule, zone: string): string {
  const parts = [`FREQ=${rule.frequency.toUpperCase()}`, `INTERVAL=${rule.interval}`];
  if (rule.count !== undefined) parts.push(`COUNT=${rule.count}`);
  if (rule.until !== undefined) {
    const end = localTimeToInstant(rule.until, 24 * 60, zone) - 1000;
    parts.push(`UNTIL=${new Date(end).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`);
  }
  return parts.join(';');
}

/** Reads back what toRrule wrote (the only RRULEs we store). Throws RangeError on anything else. */
export function parseRrule(rrule: string, zone: string): SeriesRule {
  const fields = new Map(rrule.split(';').map((p) => p.split('=') as [string, string]));
  const freq = fields.get('FREQ');
  if (freq !== 'WEEKLY' && freq !== 'MONTHLY') throw new RangeError(`unsupported RRULE: ${rrule}`);
  const rule: SeriesRule = { frequency: freq === 'WEEKLY' ? 'weekly' : 'monthly', interval: Number(fields.get('INTERVAL') ?? '1') };
  const count = fields.get('COUNT');
  const until = fields.get('UNTIL');
  if (count !== undefined) rule.count = Number(count);
  if (until !== undefined) {
    const iso = until.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z');
    rule.until = localDateOf(Date.parse(iso), zone);
  }
  return rule;
}

/** A short description for people: "weekly", "every 2 weeks", "monthly", "every 3 months". */
export function describeRule(rule: Pick<SeriesRule, 'frequency' | 'interval'>): string {
  const unit = rule.frequency === 'weekly' ? 'week' : 'month';
  return rule.interval === 1 ? `${rule.frequency}` : `every ${rule.interval} ${unit}s`;
}
