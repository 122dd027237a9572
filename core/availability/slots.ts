/**
 * The slot engine: which start times can be offered for an event, given each host's working
 * hours, busy time, daily limits and the event's rules. Pure: the clock comes in as `now`.
 *
 * Cost per host is O(d + b log b + l) for d local days, b busy blocks and l daily-limit starts;
 * candidate starts are then checked against every host with forward-only cursors, so no slot
 * ever scans the busy list.
 */
import { mergeIntervals, type Interval } from '../time/intervals.js';
import { listLocalDays, type LocalDay } from '../time/zones.js';
import type { HostAvailability, ListAvailableSlotsOptions, SchedulingKind, Slot } from './types.js';
import { compileSchedule, workingIntervalsOnDays } from './workingHours.js';
import { DAY_MS, MINUTE_MS } from '../time/units.js';
import { closedByWeeklyLimits } from './weeklyLimits.js';

const KINDS: readonly SchedulingKind[] = ['one_on_one', 'collective', 'round_robin'];

/** The event's rules in milliseconds, and the window every slot start must fall in. */
interface ResolvedRules {
  durationMs: number;
  stepMs: number;
  bufferBeforeMs: number;
  bufferAfterMs: number;
  /** Slot start >= earliestStart (range start, minimum notice). */
  earliestStart: number;
  /** Slot start <= latestStart (slot end within the range). */
  latestStart: number;
  /** Slot start < horizon (maxDaysAhead); Infinity without one. */
  horizon: number;
}

function minutesToMs(value: number | null | undefined, name: string, fallback: number, { positive = false } = {}): number {
  const minutes = value ?? fallback;
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0 || (positive && minutes === 0)) {
    throw new RangeError(`${name} must be a ${positive ? 'positive' : 'non-negative'} number of minutes, got ${String(value)}`);
  }
  return Math.round(minutes * MINUTE_MS);
}

function readRules(options: ListAvailableSlotsOptions): ResolvedRules {
  const { now, range } = options;
  if (!Number.isFinite(now)) throw new RangeError('now must be an epoch-millisecond number');
  if (!Number.isFinite(range.start) || !Number.isFinite(range.end)) throw new RangeError('range must have finite start and end');
  const durationMs = minutesToMs(options.durationMinutes, 'durationMinutes', 0, { positive: true });
  const stepMs = minutesToMs(options.slotStepMinutes, 'slotStepMinutes', options.durationMinutes, { positive: true });
  const noticeMs = minutesToMs(options.minimumNoticeMinutes, 'minimumNoticeMinutes', 0);
  let horizon = Infinity;
  if (options.maxDaysAhead !== null && options.maxDaysAhead !== undefined) {
    if (!Number.isFinite(options.maxDaysAhead) || options.maxDaysAhead < 0) {
      throw new RangeError(`maxDaysAhead must be a non-negative number of days or null, got ${String(options.maxDaysAhead)}`);
    }
    horizon = now + options.maxDaysAhead * DAY_MS;
  }
  return {
    durationMs,
    stepMs,
    bufferBeforeMs: minutesToMs(options.bufferBeforeMinutes, 'bufferBeforeMinutes', 0),
    bufferAfterMs: minutesToMs(options.bufferAfterMinutes, 'bufferAfterMinutes', 0),
    earliestStart: Math.max(range.start, now + noticeMs),
    latestStart: range.end - durationMs,
    horizon,
  };
}

/** One host, prepared for the sweep: everything sorted, merged and cut to the window. */
class HostSweep {
  readonly hostId: string;
  /** This host's candidate starts (its step grid inside its working intervals), ascending. */
  readonly grid: number[] = [];
  private readonly working: Interval[];
  private readonly busy: Interval[];
  private readonly closedDays: Interval[];
  private workingIndex = 0;
  private busyIndex = 0;
  private closedIndex = 0;

  constructor(host: HostAvailability, rules: ResolvedRules, daysByZone: Map<string, LocalDay[]>) {
    this.hostId = host.hostId;
    const compiled = compileSchedule(host.schedule);
    let days = daysByZone.get(compiled.zone);
    if (days === undefined) {
      // From the day before the window, so a working interval running through midnight into
      // the window keeps its real start (slot starts align to it), to the day of the last
      // slot's end, so an interval running through midnight out of the window keeps its end.
      const lastEndBound = Math.min(rules.latestStart + 1, rules.horizon) + rules.durationMs;
      days = listLocalDays({ start: rules.earliestStart - DAY_MS, end: lastEndBound }, compiled.zone);
      daysByZone.set(compiled.zone, days);
    }
    this.working = workingIntervalsOnDays(compiled, days);
    this.busy = relevantBusy(host.busy, rules);
    this.closedDays = closedDays(host, days, compiled.zone);
    for (const interval of this.working) appendGrid(this.grid, interval, rules);
  }

  /**
   * Whether the host can take the slot starting at `start`. Calls must come in ascending
   * order of `start`: the cursors only move forward.
   */
  canTake(start: number, rules: ResolvedRules): boolean {
    const end = start + rules.durationMs;
    const working = this.working;
    while (this.workingIndex < working.length && working[this.workingIndex]!.end < end) this.workingIndex++;
    const shift = working[this.workingIndex];
    if (shift === undefined || shift.start > start) return false;

    const busy = this.busy;
    const guardStart = start - rules.bufferBeforeMs;
    // Merged busy blocks are sorted by end as well as by start.
    while (this.busyIndex < busy.length && busy[this.busyIndex]!.end <= guardStart) this.busyIndex++;
    const block = busy[this.busyIndex];
    if (block !== undefined && block.start < end + rules.bufferAfterMs) return false;

    const closed = this.closedDays;
    while (this.closedIndex < closed.length && closed[this.closedIndex]!.end <= start) this.closedIndex++;
    const day = closed[this.closedIndex];
    return day === undefined || day.start > start;
  }
}

/** Busy blocks that can touch a slot in the window (widened by the buffers), merged. */
function relevantBusy(busy: readonly Interval[], rules: ResolvedRules): Interval[] {
  const from = rules.earliestStart - rules.bufferBeforeMs;
  const to = Math.min(rules.latestStart, rules.horizon) + rules.durationMs + rules.bufferAfterMs;
  const relevant: Interval[] = [];
  for (const block of busy) {
    if (block.end > from && block.start < to) relevant.push(block);
  }
  return mergeIntervals(relevant);
}

/** Local days (in the host's zone) closed by a daily or weekly limit, as sorted instant ranges. */
function closedDays(host: HostAvailability, days: readonly LocalDay[], zone: string): Interval[] {
  const weekly = host.weeklyLimits ?? [];
  if ((host.dailyLimits.length === 0 && weekly.length === 0) || days.length === 0) return [];
  const closed = Uint8Array.from(closedByWeeklyLimits(weekly, days, zone), (c) => (c ? 1 : 0));
  const counts = new Uint32Array(days.length);
  for (const { limit, starts } of host.dailyLimits) {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`Daily limit must be a non-negative integer, got ${String(limit)}`);
    counts.fill(0);
    for (const start of starts) {
      const index = dayIndexOf(days, start);
      if (index >= 0) counts[index]!++;
    }
    for (let i = 0; i < days.length; i++) if (counts[i]! >= limit) closed[i] = 1;
  }
  const result: Interval[] = [];
  for (let i = 0; i < days.length; i++) if (closed[i] === 1) result.push({ start: days[i]!.start, end: days[i]!.end });
  return result;
}

/** Binary search: index of the day containing the instant, or -1 outside the listed days. */
function dayIndexOf(days: readonly LocalDay[], instant: number): number {
  let low = 0;
  let high = days.length - 1;
  if (high < 0 || instant < days[0]!.start || instant >= days[high]!.end) return -1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if (days[mid]!.start <= instant) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Appends the starts `interval.start + k × step` whose slot fits the interval and the window. */
function appendGrid(grid: number[], interval: Interval, rules: ResolvedRules): void {
  const { stepMs, durationMs, earliestStart, latestStart, horizon } = rules;
  const skip = Math.max(0, Math.ceil((earliestStart - interval.start) / stepMs));
  const lastFit = Math.min(interval.end - durationMs, latestStart);
  for (let start = interval.start + skip * stepMs; start <= lastFit && start < horizon; start += stepMs) grid.push(start);
}

/** Sorted, deduplicated union of several ascending grids. */
function unionOfGrids(grids: readonly number[][]): Float64Array {
  let total = 0;
  for (const grid of grids) total += grid.length;
  const all = new Float64Array(total);
  let offset = 0;
  for (const grid of grids) {
    all.set(grid, offset);
    offset += grid.length;
  }
  all.sort();
  let unique = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[unique - 1]) all[unique++] = all[i]!;
  return all.subarray(0, unique);
}

/**
 * Lists the slots that can be offered, sorted by start.
 *
 * A slot `[s, s + duration)` is offered for a host when it lies inside one of the host's merged
 * working intervals; `[s - bufferBefore, s + duration + bufferAfter)` overlaps none of its busy
 * blocks; `s >= now + minimumNotice`; `s < now + maxDaysAhead × 24 h` (when set); the slot lies
 * inside `range`; and the host's local day of `s` is not closed by a daily limit. Starts are
 * aligned to the step from the start of each working interval, in absolute time. A working
 * interval that runs through midnight into the window is aligned from its start, looking back one
 * day before the window at most.
 *
 * - `one_on_one`: exactly one host.
 * - `collective`: every host must be able to take the slot; `hostIds` lists them all.
 * - `round_robin`: any host; `hostIds` lists the free ones, in input order.
 * For collective and round robin the candidate starts are the union of every host's grid.
 *
 * Throws `RangeError` for invalid input (unknown zone or kind, malformed times, rule ending
 * before it starts, non-positive duration or step, negative buffer/notice/horizon/limit, a
 * one_on_one event without exactly one host, no hosts).
 *
 * @example
 * listAvailableSlots({ now, range: {start, end}, durationMinutes: 30, kind: 'one_on_one',
 *   hosts: [{ hostId: 'u1', schedule, busy: [], dailyLimits: [] }] })
 * // [{ start, end: start + 30 min, hostIds: ['u1'] }, …]
 */
export function listAvailableSlots(options: ListAvailableSlotsOptions): Slot[] {
  if (!KINDS.includes(options.kind)) throw new RangeError(`Unknown scheduling kind "${String(options.kind)}"`);
  const { hosts, kind } = options;
  if (hosts.length === 0) throw new RangeError('At least one host is required');
  if (kind === 'one_on_one' && hosts.length !== 1) throw new RangeError(`A one_on_one event needs exactly one host, got ${hosts.length}`);
  const rules = readRules(options);
  const sweeps: HostSweep[] = [];
  const daysByZone = new Map<string, LocalDay[]>();
  for (const host of hosts) sweeps.push(new HostSweep(host, rules, daysByZone));
  if (rules.earliestStart > rules.latestStart || rules.earliestStart >= rules.horizon) return [];

  const slots: Slot[] = [];
  const startingAt = options.startingAt ?? Number.NEGATIVE_INFINITY;
  const maxSlots = options.maxSlots ?? Number.POSITIVE_INFINITY;
  if (kind === 'one_on_one') {
    const sweep = sweeps[0]!;
    for (const start of sweep.grid) {
      if (slots.length >= maxSlots) break;
      if (start >= startingAt && sweep.canTake(start, rules)) slots.push({ start, end: start + rules.durationMs, hostIds: [sweep.hostId] });
    }
    return slots;
  }

  const candidates = unionOfGrids(sweeps.map((sweep) => sweep.grid)).filter((start) => start >= startingAt);
  if (kind === 'collective') {
    const everyone = sweeps.map((sweep) => sweep.hostId);
    for (const start of candidates) {
      if (slots.length >= maxSlots) break;
      // Skipping a host's cursor here is fine: cursors catch up on their next call.
      let all = true;
      for (const sweep of sweeps) {
        if (!sweep.canTake(start, rules)) {
          all = false;
          break;
        }
      }
      if (all) slots.push({ start, end: start + rules.durationMs, hostIds: [...everyone] });
    }
    return slots;
  }

  for (const start of candidates) {
    if (slots.length >= maxSlots) break;
    let free: string[] | undefined;
    for (const sweep of sweeps) {
      if (!sweep.canTake(start, rules)) continue;
      free ??= [];
      free.push(sweep.hostId);
    }
    if (free !== undefined) slots.push({ start, end: start + rules.durationMs, hostIds: free });
  }
  return slots;
}
