/**
 * `yava book <user>/<event-type> --repeat weekly --count 6`: the recurrence flags read into the
 * `recurrence` field of POST /api/meetings/schedule, and the series answer's types.
 */
import { usageError } from './errors.js';
import type { Meeting } from './types.js';

export interface RecurrenceBody {
  frequency: 'weekly' | 'monthly';
  interval?: number;
  count?: number;
  until?: string;
}

/** The recurrence flags of `yava book`. */
export interface RepeatFlags {
  repeat?: string;
  every?: number;
  count?: number;
  until?: string;
}

export interface SeriesBooking {
  series: {
    id: string;
    rrule: string;
    timezone: string;
    frequency: 'weekly' | 'monthly';
    interval: number;
    count: number | null;
    until: string | null;
    occurrences: Array<{ index: number; id: string; recurrenceStart: string; start: string; end: string; status: string }>;
  };
  meetings: Array<Meeting & { index: number }>;
  conflicts: Array<{ index: number; label: string; start: string; end: string; local: string; reason: string }>;
}

/**
 * The `recurrence` body of the flags, or null without --repeat. Throws a usage error (exit 2) for
 * --count/--until/--every without --repeat, or --repeat without exactly one of --count and --until.
 *
 * @example recurrenceOf({ repeat: 'weekly', count: 6 }) // { frequency: 'weekly', count: 6 }
 */
export function recurrenceOf(flags: RepeatFlags): RecurrenceBody | null {
  if (!flags.repeat) {
    if (flags.count !== undefined || flags.until !== undefined || flags.every !== undefined) throw usageError('--count, --until and --every go with --repeat weekly|monthly');
    return null;
  }
  if (flags.repeat !== 'weekly' && flags.repeat !== 'monthly') throw usageError(`--repeat takes weekly or monthly (got "${flags.repeat}")`);
  if ((flags.count === undefined) === (flags.until === undefined)) throw usageError('--repeat needs --count N (meetings) or --until YYYY-MM-DD (not both)');
  if (flags.until !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(flags.until)) throw usageError(`--until takes a date YYYY-MM-DD (got "${flags.until}")`);
  return {
    frequency: flags.repeat,
    ...(flags.every !== undefined ? { interval: flags.every } : {}),
    ...(flags.count !== undefined ? { count: flags.count } : {}),
    ...(flags.until !== undefined ? { until: flags.until } : {}),
  };
}
