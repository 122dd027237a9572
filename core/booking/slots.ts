/**
 * Slot queries against the database: load hosts (core/booking/loader.ts), run the pure engine
 * (core/availability). Used for listing slots and, inside the booking transaction, to re-check
 * the one slot being booked.
 */
import type { Knex } from 'knex';
import { effectiveSlotStepMinutes, listAvailableSlots, type ListAvailableSlotsOptions, type Slot } from '../availability/index.js';
import type { Interval } from '../time/intervals.js';
import { DAY_MS, MINUTE_MS } from '../time/units.js';
import { loadHostAvailability, type HostRow, type LoadedHost } from './loader.js';
import type { SlotRules } from './rules.js';

export interface ComputeSlotsOptions {
  rules: SlotRules;
  hostIds: readonly string[];
  range: Interval;
  now: number;
  excludeBookingId?: string;
  /**
   * A listing's bounds: only slots from `startingAt`, at most `maxSlots`, with the step raised
   * to its floor (core/availability/slotStep.ts). Booking checks (findSlot) pass none.
   */
  page?: { startingAt?: number; maxSlots: number };
  /** The hosts' rows, when read with the event type (loader.ts). */
  hostRows?: readonly HostRow[];
}

/** The engine's options for a slot query over loaded hosts (one_on_one with several hosts runs as round robin). */
export function engineOptions(rules: SlotRules, hosts: readonly LoadedHost[], range: Interval, now: number): ListAvailableSlotsOptions {
  return {
    now,
    range,
    durationMinutes: rules.durationMinutes,
    slotStepMinutes: rules.slotStepMinutes,
    bufferBeforeMinutes: rules.bufferBeforeMinutes,
    bufferAfterMinutes: rules.bufferAfterMinutes,
    minimumNoticeMinutes: rules.minimumNoticeMinutes,
    maxDaysAhead: rules.maxDaysAhead,
    kind: rules.kind === 'one_on_one' && hosts.length > 1 ? 'round_robin' : rules.kind,
    hosts: hosts.map((h) => h.availability),
  };
}

/** Loads the hosts and lists the slots in `range`. Returns the loaded hosts too (usernames, zones). */
export async function computeSlots(db: Knex, options: ComputeSlotsOptions): Promise<{ slots: Slot[]; hosts: LoadedHost[]; candidates: number }> {
  const { rules } = options;
  const hosts = await loadHostAvailability(db, {
    hostIds: options.hostIds,
    range: options.range,
    bufferBeforeMinutes: rules.bufferBeforeMinutes,
    bufferAfterMinutes: rules.bufferAfterMinutes,
    eventTypeId: rules.eventTypeId,
    eventDailyLimit: rules.dailyLimit,
    excludeBookingId: options.excludeBookingId,
    hostRows: options.hostRows,
  });
  if (hosts.length === 0) return { slots: [], hosts, candidates: 0 };
  const { page } = options;
  const engine = engineOptions(rules, hosts, options.range, options.now);
  const stepMinutes = page ? effectiveSlotStepMinutes(rules.durationMinutes, rules.slotStepMinutes) : (rules.slotStepMinutes ?? rules.durationMinutes);
  const slots = listAvailableSlots(page ? { ...engine, slotStepMinutes: stepMinutes, startingAt: page.startingAt, maxSlots: page.maxSlots } : engine);
  // The work this query could take: every host's candidate starts over the range.
  const candidates = Math.ceil(hosts.length * ((options.range.end - options.range.start) / (stepMinutes * MINUTE_MS)));
  return { slots, hosts, candidates };
}

/** The window searched around one start: the day before and after, so the step grid is the listed one. */
export function windowAround(start: number, durationMinutes: number): Interval {
  return { start: start - DAY_MS, end: start + durationMinutes * MINUTE_MS + DAY_MS };
}

/**
 * The slot starting exactly at `start`, or null when it cannot be offered. Searches the day
 * around it so the start must sit on the host's step grid like a listed slot.
 */
export async function findSlot(db: Knex, options: Omit<ComputeSlotsOptions, 'range'> & { start: number }): Promise<{ slot: Slot | null; hosts: LoadedHost[] }> {
  const { slots, hosts } = await computeSlots(db, { ...options, range: windowAround(options.start, options.rules.durationMinutes) });
  return { slot: slots.find((s) => s.start === options.start) ?? null, hosts };
}
