/**
 * The contract of the slot engine. Other modules (booking, API, bots) code against these
 * types: fields may be added, never renamed. All instants are epoch milliseconds and every
 * interval is half-open `[start, end)` (see core/time/intervals.ts).
 */
import type { Interval } from '../time/intervals.js';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Working hours on one weekday, as local wall-clock times in the schedule's zone. */
export interface WeeklyRule {
  day: Weekday;
  /** "HH:MM" */
  start: string;
  /** "HH:MM", after `start`; "24:00" = end of day. */
  end: string;
}

/** Replaces the weekly rules on one local date. */
export interface DateOverride {
  /** "YYYY-MM-DD" in the schedule's zone. */
  date: string;
  /** Working hours on that date; empty = day off. */
  intervals: { start: string; end: string }[];
}

export interface Schedule {
  /** IANA zone the rules are written in. */
  timezone: string;
  weekly: WeeklyRule[];
  overrides: DateOverride[];
}

export interface DailyLimit {
  limit: number;
  /** Epoch ms starts of bookings that count toward this limit. */
  starts: number[];
}

export interface HostAvailability {
  hostId: string;
  schedule: Schedule;
  /** Existing bookings ALREADY widened by their own buffers, plus external busy blocks; unsorted, may overlap. */
  busy: Interval[];
  /** A local day (in the schedule's zone) on which any limit has >= `limit` starts is closed for this host. */
  dailyLimits: DailyLimit[];
  /** An ISO week (Monday–Sunday in the schedule's zone) with >= `limit` starts is closed for this host; default none. */
  weeklyLimits?: DailyLimit[];
}

export type SchedulingKind = 'one_on_one' | 'collective' | 'round_robin';

export interface ListAvailableSlotsOptions {
  /** Epoch ms; the engine never reads the clock. */
  now: number;
  /** Search window of instants; the caller converts from/to dates in the viewer's zone. */
  range: Interval;
  durationMinutes: number;
  /** Distance between candidate starts; default: `durationMinutes`. */
  slotStepMinutes?: number | null;
  /** Default 0. */
  bufferBeforeMinutes?: number;
  /** Default 0. */
  bufferAfterMinutes?: number;
  /** Default 0. */
  minimumNoticeMinutes?: number;
  /** Horizon: a slot must start before `now + maxDaysAhead × 24 h`; null = no horizon. */
  maxDaysAhead?: number | null;
  kind: SchedulingKind;
  hosts: HostAvailability[];
  /** Only slots starting at or after this instant (the next page of a listing); default: all. */
  startingAt?: number;
  /** Stop after this many slots, bounding one request's work; default: no limit. */
  maxSlots?: number;
}

export interface Slot {
  start: number;
  end: number;
  /** Hosts free for exactly this slot, in input order (all hosts for collective). */
  hostIds: string[];
}
