/**
 * Slot queries against the database: load hosts (core/booking/loader.ts), run the pure engine
 * (core/availability). Used for listing slots and, inside the booking transaction, to re-check
 * the one slot being booked.
 */
import type { Knex } from 'knex';
import { listAvailableSlots, type SchedulingKind, type Slot } from '../availability/index.js';
import { DomainError } from '../errors.js';
import type { Interval } from '../time/intervals.js';
import { isValidTimeZone, localDateOf, localDayRange, parseLocalDate } from '../time/zones.js';
import { loadHostAvailability, type LoadedHost } from './loader.js';
import type { EventTypeRow } from './records.js';

const DAY_MS = 86_400_000;
/** The longest window one slot query may cover. */
export const MAX_RANGE_DAYS = 62;

/** The rules of a slot query: an event type's, or an ad-hoc meeting's (no buffers, no limits). */
export interface SlotRules {
  kind: SchedulingKind;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minimumNoticeMinutes: number;
  slotStepMinutes: number | null;
  maxDaysAhead: number | null;
  eventTypeId: string | null;
  dailyLimit: number | null;
}

export function rulesOfEventType(row: EventTypeRow): SlotRules {
  return {
    // Group events (seats) come later; until then they behave like one-on-ones per host.
    kind: row.kind === 'group' ? 'one_on_one' : row.kind,
    durationMinutes: row.duration_minutes,
    bufferBeforeMinutes: row.buffer_before_minutes,
    bufferAfterMinutes: row.buffer_after_minutes,
    minimumNoticeMinutes: row.minimum_notice_minutes,
    slotStepMinutes: row.slot_step_minutes,
    maxDaysAhead: row.max_days_ahead,
    eventTypeId: row.id,
    dailyLimit: row.daily_limit,
  };
}

/**
 * Rules of an ad-hoc meeting (no event type). Listing steps by the duration; booking accepts any
 * whole minute (`slotStepMinutes: 1`), since people name times like 14:10 in chat.
 */
export function adHocRules(durationMinutes: number, hostCount: number, slotStepMinutes: number | null = 1): SlotRules {
  return {
    kind: hostCount === 1 ? 'one_on_one' : 'collective',
    durationMinutes,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minimumNoticeMinutes: 0,
    slotStepMinutes,
    maxDaysAhead: null,
    eventTypeId: null,
    dailyLimit: null,
  };
}

export interface ComputeSlotsOptions {
  rules: SlotRules;
  hostIds: readonly string[];
  range: Interval;
  now: number;
  excludeBookingId?: string;
}

/** Loads the hosts and lists the slots in `range`. Returns the loaded hosts too (usernames, zones). */
export async function computeSlots(db: Knex, options: ComputeSlotsOptions): Promise<{ slots: Slot[]; hosts: LoadedHost[] }> {
  const { rules } = options;
  const hosts = await loadHostAvailability(db, {
    hostIds: options.hostIds,
    range: options.range,
    bufferBeforeMinutes: rules.bufferBeforeMinutes,
    bufferAfterMinutes: rules.bufferAfterMinutes,
    eventTypeId: rules.eventTypeId,
    eventDailyLimit: rules.dailyLimit,
    excludeBookingId: options.excludeBookingId,
  });
  if (hosts.length === 0) return { slots: [], hosts };
  const kind = rules.kind === 'one_on_one' && hosts.length > 1 ? 'round_robin' : rules.kind;
  const slots = listAvailableSlots({
    now: options.now,
    range: options.range,
    durationMinutes: rules.durationMinutes,
    slotStepMinutes: rules.slotStepMinutes,
    bufferBeforeMinutes: rules.bufferBeforeMinutes,
    bufferAfterMinutes: rules.bufferAfterMinutes,
    minimumNoticeMinutes: rules.minimumNoticeMinutes,
    maxDaysAhead: rules.maxDaysAhead,
    kind,
    hosts: hosts.map((h) => h.availability),
  });
  return { slots, hosts };
}

/**
 * The slot starting exactly at `start`, or null when it cannot be offered. Searches the day
 * around it so the start must sit on the host's step grid like a listed slot.
 */
export async function findSlot(db: Knex, options: Omit<ComputeSlotsOptions, 'range'> & { start: number }): Promise<{ slot: Slot | null; hosts: LoadedHost[] }> {
  const durationMs = options.rules.durationMinutes * 60_000;
  const range = { start: options.start, end: options.start + durationMs };
  const { slots, hosts } = await computeSlots(db, { ...options, range: { start: range.start - DAY_MS, end: range.end + DAY_MS } });
  return { slot: slots.find((s) => s.start === options.start) ?? null, hosts };
}

function badField(field: string, message: string): DomainError {
  return new DomainError('validation_failed', `${field}: ${message}`, { errors: [{ field, message }] });
}

export function requireTimeZone(zone: string, field = 'timezone'): string {
  if (!isValidTimeZone(zone)) throw badField(field, `unknown time zone "${zone}"; use an IANA name such as Europe/Berlin`);
  return zone;
}

function requireDate(value: string, field: string): string {
  try {
    parseLocalDate(value);
    return value;
  } catch {
    throw badField(field, 'expected a date YYYY-MM-DD');
  }
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * `from`..`to` (dates in `timezone`, `to` inclusive) as instants. Defaults: from today, to 6 days
 * later (a week). Throws validation_failed for bad dates, `to` before `from`, or more than 62 days.
 */
export function resolveDateRange(input: { from?: string; to?: string; timezone: string }, now: number, defaultDays = 7): Interval & { from: string; to: string } {
  const from = input.from ? requireDate(input.from, 'from') : localDateOf(now, input.timezone);
  const to = input.to ? requireDate(input.to, 'to') : addDays(from, defaultDays - 1);
  if (to < from) throw badField('to', 'must not be before from');
  const start = localDayRange(from, input.timezone).start;
  const end = localDayRange(to, input.timezone).end;
  if (end - start > (MAX_RANGE_DAYS + 1) * DAY_MS) throw badField('to', `the range may cover at most ${MAX_RANGE_DAYS} days`);
  return { start, end, from, to };
}

/** Parses an ISO 8601 instant with a zone or offset. Throws validation_failed. */
export function parseInstant(value: string, field = 'start'): number {
  const ms = typeof value === 'string' && /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw badField(field, 'expected an ISO 8601 date-time with an offset, e.g. 2026-11-25T09:00:00Z');
  return ms;
}
