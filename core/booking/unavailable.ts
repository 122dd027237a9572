/**
 * Saying why a time cannot be booked: the machine-readable reason, a sentence for people, and the
 * nearest free times, all in one `slot_unavailable` error.
 */
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { explainUnavailableStart, type Slot, type UnavailableReason } from '../availability/index.js';
import { DomainError } from '../errors.js';
import { DAY_MS } from '../time/units.js';
import { formatWallClockTime } from '../time/wallClock.js';
import type { LoadedHost } from './loader.js';
import type { SlotRules } from './rules.js';
import { computeSlots, engineOptions, findSlot, windowAround, type ComputeSlotsOptions } from './slots.js';

/** How many nearest free times a refusal offers. */
const ALTERNATIVES = 3;

/** A free time offered instead, in UTC ISO 8601. */
export interface SlotAlternative {
  start: string;
  end: string;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

function notice(minutes: number): string {
  if (minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

/** The first sentence: what is wrong with the time, in the words of the rule it breaks. */
function reasonSentence(reason: UnavailableReason, rules: SlotRules, hostCount: number): string {
  switch (reason) {
    case 'in_past':
      return 'That time has already passed';
    case 'too_soon':
      return `That time is too soon: this needs at least ${notice(rules.minimumNoticeMinutes)} notice`;
    case 'beyond_horizon':
      return `That time is too far ahead: this can be booked at most ${plural(rules.maxDaysAhead ?? 0, 'day')} in advance`;
    case 'off_grid':
      return `That time is not one of the offered starts (every ${notice(rules.slotStepMinutes ?? rules.durationMinutes)})`;
    case 'outside_hours':
      return hostCount > 1 ? 'That time is outside the working hours of someone in the meeting' : "That time is outside the host's working hours";
    case 'limit_reached':
      return 'That day is full: a daily or weekly limit of meetings is reached';
    case 'taken':
      return 'That time is already taken';
  }
}

/** "Wed 25 Nov 10:00, 10:30 or Thu 26 Nov 09:00 (Europe/Paris)": the day is named when it changes, a time the autumn change repeats by its offset ("02:00 CET"). */
function listTimes(slots: readonly SlotAlternative[], zone: string): string {
  let lastDay = '';
  const labels = slots.map((s) => {
    const local = DateTime.fromISO(s.start, { zone });
    const day = local.toFormat('ccc dd LLL');
    const time = formatWallClockTime(local);
    const label = day === lastDay ? time : `${day} ${time}`;
    lastDay = day;
    return label;
  });
  const list = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}` : labels[0];
  return `${list} (${zone})`;
}

/**
 * Up to three free slots nearest to `around` (clamped to now and the horizon), in time order.
 * Ad-hoc bookings accept any whole minute but are offered on the duration's grid, as listed.
 */
async function nearestFreeSlots(db: Knex, query: Omit<ComputeSlotsOptions, 'range'>, around: number): Promise<Slot[]> {
  const { now } = query;
  const rules = query.rules.eventTypeId === null ? { ...query.rules, slotStepMinutes: null } : query.rules;
  const horizon = rules.maxDaysAhead === null ? Infinity : now + rules.maxDaysAhead * DAY_MS;
  const center = Math.min(Math.max(around, now), horizon);
  const { slots } = await computeSlots(db, { ...query, rules, range: { start: Math.max(now, center - DAY_MS), end: center + 7 * DAY_MS } });
  return [...slots]
    .sort((a, b) => Math.abs(a.start - center) - Math.abs(b.start - center) || a.start - b.start)
    .slice(0, ALTERNATIVES)
    .sort((a, b) => a.start - b.start);
}

/** A slot query for one start: the rules, hosts and clock, and who the refusal is written for. */
export interface SlotCheck extends Omit<ComputeSlotsOptions, 'range'> {
  start: number;
  /** The zone the sentence names times in (the asker's). */
  timezone: string;
}

/**
 * The `slot_unavailable` error for a start {@link findSlot} did not offer: `details.reason` (one of
 * in_past, too_soon, beyond_horizon, off_grid, outside_hours, limit_reached, taken),
 * `details.alternatives` (up to three nearest free times) and a message naming both.
 */
export async function explainUnavailable(db: Knex, check: SlotCheck, hosts: readonly LoadedHost[]): Promise<DomainError> {
  const { start, timezone, ...query } = check;
  const { reason, sentence } = unavailableReason(check, hosts);
  const alternatives = (await nearestFreeSlots(db, query, start)).map((s) => ({ start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString() }));
  const next = alternatives.length ? `Nearest free times: ${listTimes(alternatives, timezone)}.` : 'No free time nearby; try another day.';
  return new DomainError('slot_unavailable', `${sentence}. ${next}`, { details: { reason, alternatives } });
}

/**
 * Why a start {@link findSlot} did not offer cannot be booked, from the hosts already loaded (no
 * query): the reason and its sentence ("That time is already taken"), without nearest free times.
 */
export function unavailableReason(check: SlotCheck, hosts: readonly LoadedHost[]): { reason: UnavailableReason; sentence: string } {
  const options = engineOptions(check.rules, hosts, windowAround(check.start, check.rules.durationMinutes), check.now);
  const reason: UnavailableReason = hosts.length ? (explainUnavailableStart(options, check.start) ?? 'taken') : 'outside_hours';
  return { reason, sentence: reasonSentence(reason, check.rules, check.hostIds.length) };
}

/**
 * The slot starting exactly at `start` (on the grid, inside everyone's hours, free, within the
 * notice, horizon and limits).
 *
 * Throws slot_unavailable with `details.reason` and `details.alternatives` (see {@link explainUnavailable}).
 *
 * @example const slot = await requireSlot(trx, { rules, hostIds, start, now, timezone: 'Europe/Paris' })
 */
export async function requireSlot(db: Knex, check: SlotCheck): Promise<Slot> {
  const { slot, hosts } = await findSlot(db, check);
  if (slot) return slot;
  throw await explainUnavailable(db, check, hosts);
}
