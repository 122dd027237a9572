/**
 * The factors of a smart slot ranking (core/availability/ranking.ts), each a value in 0..1
 * (1 = best) with the sentence that explains it. Pure: instants in, numbers and words out.
 */
import { mergeIntervals, type Interval } from '../time/intervals.js';
import { HOUR_MS, MINUTE_MS } from '../time/units.js';
import { localDateOf, parseHHMM, localTimeToInstant } from '../time/zones.js';
import { listWorkingIntervals } from './workingHours.js';
import type { Schedule } from './types.js';

export interface Factor {
  value: number;
  /** Why, in words; absent when the factor has nothing worth saying. */
  reason?: string;
}

/** Local wall-clock window "HH:MM"–"HH:MM", every day (optionally only some ISO weekdays 1..7). */
export interface LocalWindow {
  start: string;
  end: string;
  days?: number[];
}

/** A host as the ranking sees it: working time, busy time (bookings + calendars), preferences. */
export interface RankingHost {
  hostId: string;
  name: string;
  schedule: Schedule;
  busy: Interval[];
  /**
   * When each of the host's meetings (bookings) starts: what "a lighter day" counts. Busy time
   * is not enough, since back-to-back meetings merge into one block and calendar blocks are
   * not meetings.
   */
  meetingStarts: readonly number[];
  /** Hours the host likes to meet in (their zone); none = no preference. */
  preferredHours?: LocalWindow[];
  /** Blocks kept for deep work (their zone): meetings there are a last resort. */
  focusBlocks?: LocalWindow[];
}

/** What the factors need of a host, computed once per ranking. */
export interface PreparedHost extends RankingHost {
  busyMerged: Interval[];
  free: Interval[];
  /** Local date → meetings starting that day. */
  perDay: Map<string, number>;
}

const FRAGMENT_MS = 60 * MINUTE_MS;
const COMFORT_GAP_MS = 15 * MINUTE_MS;

/** Sorted free time: working intervals around `span` minus busy time. */
export function prepareHost(host: RankingHost, span: Interval): PreparedHost {
  const busyMerged = mergeIntervals(host.busy);
  const working = listWorkingIntervals(host.schedule, span);
  const free: Interval[] = [];
  for (const w of working) {
    let cursor = w.start;
    for (const b of busyMerged) {
      if (b.end <= cursor || b.start >= w.end) continue;
      if (b.start > cursor) free.push({ start: cursor, end: b.start });
      cursor = Math.max(cursor, b.end);
    }
    if (cursor < w.end) free.push({ start: cursor, end: w.end });
  }
  const perDay = new Map<string, number>();
  for (const start of host.meetingStarts) {
    const date = localDateOf(start, host.schedule.timezone);
    perDay.set(date, (perDay.get(date) ?? 0) + 1);
  }
  return { ...host, busyMerged, free, perDay };
}

function windowsOn(windows: readonly LocalWindow[], instant: number, zone: string): Interval[] {
  const date = localDateOf(instant, zone);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
  return windows
    .filter((w) => !w.days || w.days.includes(weekday))
    .map((w) => ({ start: localTimeToInstant(date, parseHHMM(w.start), zone), end: localTimeToInstant(date, parseHHMM(w.end), zone) }));
}

const hhmm = (instant: number, zone: string) => new Date(instant).toLocaleTimeString('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** 1 inside the host's preferred hours, 0.4 outside; neutral (1, no reason) without preferences. */
export function preferredHoursFactor(host: PreparedHost, slot: Interval): Factor {
  if (!host.preferredHours?.length) return { value: 1 };
  const zone = host.schedule.timezone;
  const inside = windowsOn(host.preferredHours, slot.start, zone).some((w) => slot.start >= w.start && slot.end <= w.end);
  return inside ? { value: 1, reason: `in ${host.name}'s preferred hours` } : { value: 0.4, reason: `outside ${host.name}'s preferred hours` };
}

/**
 * Focus: 0 over a focus block. Otherwise how the slot cuts the free block it sits in: next to
 * a meeting or the day's edge keeps the rest whole (1); leaving a sliver under an hour, or
 * splitting a long free stretch in two, fragments it.
 */
export function focusFactor(host: PreparedHost, slot: Interval): Factor {
  const zone = host.schedule.timezone;
  if (host.focusBlocks?.length && windowsOn(host.focusBlocks, slot.start, zone).some((w) => slot.start < w.end && slot.end > w.start)) {
    return { value: 0, reason: `over ${host.name}'s focus time` };
  }
  const gap = host.free.find((f) => f.start <= slot.start && f.end >= slot.end);
  if (!gap) return { value: 1 };
  const before = slot.start - gap.start;
  const after = gap.end - slot.end;
  const slivers = [before, after].filter((d) => d > 0 && d < FRAGMENT_MS).length;
  if (slivers) return { value: slivers === 2 ? 0.3 : 0.6, reason: `leaves ${host.name} a free gap under an hour` };
  if (before >= FRAGMENT_MS && after >= FRAGMENT_MS) {
    return { value: 0.5, reason: `splits ${host.name}'s free ${Math.round((gap.end - gap.start) / HOUR_MS)}h block from ${hhmm(gap.start, zone)}` };
  }
  return { value: 1, reason: `keeps the rest of ${host.name}'s free time in one block` };
}

/** 1 with at least 15 minutes to the nearest meeting; back-to-back scores 0.3. */
export function bufferFactor(host: PreparedHost, slot: Interval): Factor {
  let nearest = Number.POSITIVE_INFINITY;
  for (const b of host.busyMerged) {
    if (b.end <= slot.start) nearest = Math.min(nearest, slot.start - b.end);
    else if (b.start >= slot.end) nearest = Math.min(nearest, b.start - slot.end);
  }
  if (nearest >= COMFORT_GAP_MS) return { value: 1 };
  if (nearest === 0) return { value: 0.3, reason: `back-to-back with another of ${host.name}'s meetings` };
  return { value: 0.3 + (0.7 * nearest) / COMFORT_GAP_MS, reason: `only ${Math.round(nearest / MINUTE_MS)} min from another of ${host.name}'s meetings` };
}

/** Lighter days score higher: meetings that local day against the busiest day of its week. */
export function loadFactor(host: PreparedHost, slot: Interval): Factor {
  const zone = host.schedule.timezone;
  const date = localDateOf(slot.start, zone);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
  const monday = Date.parse(`${date}T00:00:00Z`) - (weekday - 1) * 86_400_000;
  let busiest = 0;
  for (let i = 0; i < 7; i++) busiest = Math.max(busiest, host.perDay.get(new Date(monday + i * 86_400_000).toISOString().slice(0, 10)) ?? 0);
  const count = host.perDay.get(date) ?? 0;
  if (busiest === 0) return { value: 1 };
  const value = 1 - count / (busiest + 1);
  const meetings = (n: number) => `${n} meeting${n === 1 ? '' : 's'}`;
  return { value, reason: count < busiest ? `a lighter day for ${host.name} (${meetings(count)}; busiest this week: ${meetings(busiest)})` : `${host.name}'s busiest day this week (${meetings(count)})` };
}

/** Closeness to the requested time: 1 at it, halving every 2 hours away. */
export function closenessFactor(requestedAt: number | null | undefined, slot: Interval): Factor {
  if (requestedAt === null || requestedAt === undefined) return { value: 1 };
  const hours = Math.abs(slot.start - requestedAt) / HOUR_MS;
  const value = 0.5 ** (hours / 2);
  if (hours === 0) return { value, reason: 'exactly the requested time' };
  const away = hours < 24 ? `${Math.round(hours * 10) / 10}h` : `${Math.round(hours / 24)}d`;
  return { value, reason: `${away} ${slot.start < requestedAt ? 'before' : 'after'} the requested time` };
}
