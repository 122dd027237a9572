/**
 * Why a start time cannot be offered: the first rule it breaks, checked in the order a person
 * would fix them (the clock, the grid and the hours, then other people's bookings, then limits).
 * Pure, like the engine it asks.
 */
import { DAY_MS, MINUTE_MS } from '../time/units.js';
import { listAvailableSlots } from './slots.js';
import type { ListAvailableSlotsOptions } from './types.js';

/** The machine-readable reasons a start is not available. */
export const UNAVAILABLE_REASONS = ['in_past', 'too_soon', 'beyond_horizon', 'off_grid', 'outside_hours', 'limit_reached', 'taken'] as const;

export type UnavailableReason = (typeof UNAVAILABLE_REASONS)[number];

/**
 * The reason the slot starting at `start` is not offered under `options` (whose `range` must
 * contain it), or null when it is offered.
 *
 * - `in_past`: before `now`; `too_soon`: inside the minimum notice; `beyond_horizon`: at or after
 *   `now + maxDaysAhead` days;
 * - `off_grid`: inside working hours but not on the step grid; `outside_hours`: not inside a
 *   host's working hours (collective: any host's; round robin: every host's);
 * - `taken`: busy time (bookings with their buffers, calendars) is in the way;
 * - `limit_reached`: free, but a daily or weekly limit closes the day.
 *
 * @example explainUnavailableStart({ ...options, range }, Date.parse('2026-11-25T09:07:00Z')) // 'off_grid'
 */
export function explainUnavailableStart(options: ListAvailableSlotsOptions, start: number): UnavailableReason | null {
  const { now } = options;
  if (start < now) return 'in_past';
  if (start < now + (options.minimumNoticeMinutes ?? 0) * MINUTE_MS) return 'too_soon';
  if (options.maxDaysAhead !== null && options.maxDaysAhead !== undefined && start >= now + options.maxDaysAhead * DAY_MS) return 'beyond_horizon';
  const offered = (overrides: Partial<ListAvailableSlotsOptions>) => listAvailableSlots({ ...options, ...overrides }).some((s) => s.start === start);
  if (offered({})) return null;
  const idle = options.hosts.map((h) => ({ ...h, busy: [], dailyLimits: [], weeklyLimits: [] }));
  if (!offered({ hosts: idle })) {
    // Inside working hours on a one-minute grid (times are whole minutes there) but not on the real grid: off the grid.
    const minute = start - (start % MINUTE_MS);
    const inHours = listAvailableSlots({ ...options, hosts: idle, slotStepMinutes: 1 }).some((s) => s.start === minute);
    return inHours ? 'off_grid' : 'outside_hours';
  }
  return offered({ hosts: options.hosts.map((h) => ({ ...h, dailyLimits: [], weeklyLimits: [] })) }) ? 'limit_reached' : 'taken';
}
