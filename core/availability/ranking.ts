/**
 * Smart times: ranks free slots (from listAvailableSlots, never a second engine) for one request
 * and explains each score. Deterministic: the same inputs give the same order and words.
 *
 * Score = 100 × the weighted mean of the soft factors (host's preferred hours, focus and
 * fragmentation, buffer to neighbouring meetings, load across the week, closeness to the
 * requested time) − 100 for every attendee whose working hours the slot leaves. So a slot
 * inside everyone's working day always outranks one outside someone's, whatever else differs.
 */
import type { Interval } from '../time/intervals.js';
import { DAY_MS } from '../time/units.js';
import {
  bufferFactor,
  closenessFactor,
  type Factor,
  focusFactor,
  loadFactor,
  type PreparedHost,
  prepareHost,
  preferredHoursFactor,
  type RankingHost,
} from './rankingFactors.js';
import type { Schedule, Slot } from './types.js';
import { listWorkingIntervals } from './workingHours.js';

export type { LocalWindow, RankingHost } from './rankingFactors.js';

/** Someone attending: a known user (their saved schedule) or an outsider (see {@link outsiderSchedule}). */
export interface RankingAttendee {
  /** How reasons name them, e.g. "bob" or "the invitee". */
  name: string;
  schedule: Schedule;
}

export interface RankSlotsOptions {
  slots: readonly Slot[];
  hosts: readonly RankingHost[];
  attendees: readonly RankingAttendee[];
  /** The time asked for ("around 3pm"), epoch ms; none = no closeness factor. */
  requestedAt?: number | null;
}

export interface RankedSlot extends Slot {
  /** Higher is better; ≤ 0 when the slot is outside some attendee's working hours. */
  score: number;
  /** Why, best-known first: working hours, then the factors that moved the score. */
  reasons: string[];
}

/** Weights of the soft factors (sum 100). */
export const SMART_WEIGHTS = { preferred: 20, focus: 20, buffer: 10, load: 10, closeness: 40 } as const;

/** Mon–Fri 09:00–18:00 in `zone`: the working day assumed for someone we hold no schedule for. */
export function outsiderSchedule(zone: string): Schedule {
  return { timezone: zone, weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, start: '09:00', end: '18:00' })), overrides: [] };
}

interface PreparedAttendee extends RankingAttendee {
  working: Interval[];
}

const isInside = (working: readonly Interval[], slot: Interval) => working.some((w) => w.start <= slot.start && w.end >= slot.end);

function span(slots: readonly Slot[]): Interval {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const s of slots) {
    start = Math.min(start, s.start);
    end = Math.max(end, s.end);
  }
  return { start: start - 8 * DAY_MS, end: end + 8 * DAY_MS };
}

function meanFactor(hosts: readonly PreparedHost[], slot: Slot, f: (h: PreparedHost, s: Interval) => Factor): Factor {
  const chosen = hosts.filter((h) => slot.hostIds.includes(h.hostId));
  if (chosen.length === 0) return { value: 1 };
  const all = chosen.map((h) => f(h, slot));
  const worst = all.reduce((a, b) => (b.value < a.value ? b : a));
  const best = all.reduce((a, b) => (b.value > a.value ? b : a));
  return { value: all.reduce((sum, x) => sum + x.value, 0) / all.length, reason: worst.value < 1 ? (worst.reason ?? best.reason) : best.reason };
}

function hoursReason(attendees: readonly PreparedAttendee[], inside: boolean[]): string | null {
  if (attendees.length === 0) return null;
  const zoneOf = (a: PreparedAttendee) => `${a.name} (${a.schedule.timezone})`;
  const outside = attendees.filter((_, i) => !inside[i]);
  if (outside.length) return `outside the working hours of ${outside.map(zoneOf).join(', ')}`;
  return `inside the working hours of ${attendees.map(zoneOf).join(' and ')}`;
}

function scoreSlot(slot: Slot, hosts: readonly PreparedHost[], attendees: readonly PreparedAttendee[], requestedAt: number | null | undefined): RankedSlot {
  const inside = attendees.map((a) => isInside(a.working, slot));
  const factors: Array<[number, Factor]> = [
    [SMART_WEIGHTS.closeness, closenessFactor(requestedAt, slot)],
    [SMART_WEIGHTS.preferred, meanFactor(hosts, slot, preferredHoursFactor)],
    [SMART_WEIGHTS.focus, meanFactor(hosts, slot, focusFactor)],
    [SMART_WEIGHTS.buffer, meanFactor(hosts, slot, bufferFactor)],
    [SMART_WEIGHTS.load, meanFactor(hosts, slot, loadFactor)],
  ];
  const soft = factors.reduce((sum, [weight, f]) => sum + weight * f.value, 0);
  const outside = inside.filter((x) => !x).length;
  const score = Math.round(soft * 10) / 10 - 100 * outside;
  const hours = hoursReason(attendees, inside);
  const reasons = [...(hours ? [hours] : []), ...factors.map(([, f]) => f.reason).filter((r): r is string => Boolean(r))];
  return { start: slot.start, end: slot.end, hostIds: [...slot.hostIds], score, reasons };
}

/**
 * Scores every slot and returns them best first (ties: earlier first). Never mutates its input.
 * Throws RangeError for a schedule with an unknown zone or malformed hours.
 *
 * @example rankSlots({ slots, hosts: [{ hostId, name: 'ada', schedule, busy }], attendees: [{ name: 'the invitee', schedule: outsiderSchedule('Asia/Tokyo') }] })
 */
export function rankSlots(options: RankSlotsOptions): RankedSlot[] {
  if (options.slots.length === 0) return [];
  const window = span(options.slots);
  const hosts = options.hosts.map((h) => prepareHost(h, window));
  const attendees = options.attendees.map((a) => ({ ...a, working: listWorkingIntervals(a.schedule, window) }));
  return options.slots
    .map((slot) => scoreSlot(slot, hosts, attendees, options.requestedAt))
    .sort((a, b) => b.score - a.score || a.start - b.start);
}
