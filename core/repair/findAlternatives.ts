/**
 * Alternatives for a conflicted booking, best first: another round-robin host free at the very
 * same time, then nearby times of its own hosts ranked by smart times (closeness to the old
 * time, the attendees' working days, focus, buffers, load). Reuses the slot engine.
 */
import type { Knex } from 'knex';
import { durationMinutesOf, listBookingHostIds, type BookingRow } from '../booking/bookingRepository.js';
import { listEventTypeHostIds, type EventTypeRow } from '../booking/records.js';
import { adHocRules, rulesOfEventType, type SlotRules } from '../booking/rules.js';
import { rankLoadedSlots } from '../booking/smartSlots.js';
import { computeSlots, windowAround } from '../booking/slots.js';
import { DAY_MS } from '../time/units.js';

export interface RepairAlternative {
  start: string;
  end: string;
  /** Who hosts it, by id and username. */
  hostIds: string[];
  hosts: string[];
  /** `other_host`: same time, another round-robin host; `nearby`: another time, same hosts. */
  kind: 'other_host' | 'nearby';
  reasons: string[];
}

/** How far after the old time nearby alternatives are looked for. */
const SEARCH_DAYS_AFTER = 7;

interface Loaded {
  booking: BookingRow;
  eventType: EventTypeRow | undefined;
  hostIds: string[];
  attendees: Array<{ email: string; timezone: string }>;
  rules: SlotRules;
}

async function load(db: Knex, bookingId: string): Promise<Loaded | null> {
  const booking = await db<BookingRow>('bookings').where({ id: bookingId }).first();
  if (!booking) return null;
  const eventType = booking.event_type_id ? await db<EventTypeRow>('event_types').where({ id: booking.event_type_id }).first() : undefined;
  const hostIds = await listBookingHostIds(db, bookingId);
  const attendees: Array<{ email: string; timezone: string }> = await db('booking_attendees').where({ booking_id: bookingId }).orderBy('created_at').select('email', 'timezone');
  const base = eventType ? rulesOfEventType(eventType) : adHocRules(durationMinutesOf(booking), hostIds.length, null);
  return { booking, eventType, hostIds, attendees, rules: { ...base, durationMinutes: durationMinutesOf(booking) } };
}

async function otherHostsAtSameTime(db: Knex, l: Loaded, now: number, pool: string[]): Promise<RepairAlternative[]> {
  if (l.eventType?.kind !== 'round_robin' || pool.length === 0) return [];
  const start = new Date(l.booking.start_at).getTime();
  const rules = { ...l.rules, kind: 'round_robin' as const, minimumNoticeMinutes: 0, maxDaysAhead: null, slotStepMinutes: 1 };
  const { slots, hosts } = await computeSlots(db, { rules, hostIds: pool, range: windowAround(start, l.rules.durationMinutes), now, excludeBookingId: l.booking.id });
  const same = slots.find((s) => s.start === start);
  if (!same) return [];
  const ranked = await rankLoadedSlots(db, same.hostIds.map((id) => ({ ...same, hostIds: [id] })), hosts, { near: start, inviteeTimezone: l.attendees[0]?.timezone ?? null });
  return ranked.map((best) => {
    const name = hosts.find((h) => h.id === best.hostIds[0])!.username;
    return { start: new Date(best.start).toISOString(), end: new Date(best.end).toISOString(), hostIds: best.hostIds, hosts: [name], kind: 'other_host', reasons: [`the same time with ${name}`, ...best.reasons] };
  });
}

/**
 * Up to `count` alternatives for the booking (none when it is gone). Never offers the
 * booking's own conflicted time with the same hosts. When a host no longer hosts the event
 * type (they left the team), only other round-robin hosts at the same time are offered.
 *
 * @example findRepairAlternatives(db, Date.now(), bookingId) // [{ kind: 'nearby', start: '…', reasons: [...] }, …]
 */
export async function findRepairAlternatives(db: Knex, now: number, bookingId: string, count = 3): Promise<RepairAlternative[]> {
  const l = await load(db, bookingId);
  if (!l) return [];
  const start = new Date(l.booking.start_at).getTime();
  const eventTypeHosts = l.eventType ? await listEventTypeHostIds(db, l.eventType) : l.hostIds;
  const others = await otherHostsAtSameTime(db, l, now, eventTypeHosts.filter((id) => !l.hostIds.includes(id)));
  // A host who no longer hosts the event type (left the team) keeps no meeting: other hosts only.
  if (!l.hostIds.every((id) => eventTypeHosts.includes(id))) return others.slice(0, count);
  const first = others[0];
  const kind = l.hostIds.length > 1 ? ('collective' as const) : ('one_on_one' as const);
  const range = { start: Math.max(now, start - 2 * DAY_MS), end: start + SEARCH_DAYS_AFTER * DAY_MS };
  const { slots, hosts } = await computeSlots(db, { rules: { ...l.rules, kind }, hostIds: l.hostIds, range, now, excludeBookingId: l.booking.id, page: { maxSlots: 2000 } });
  const options = { near: start, attendees: l.attendees.slice(1).map((a) => a.email), inviteeTimezone: l.attendees[0]?.timezone ?? null };
  const ranked = await rankLoadedSlots(db, slots.filter((s) => s.start !== start), hosts, options);
  const names = new Map(hosts.map((h) => [h.id, h.username]));
  const nearby = ranked.slice(0, count).map((s): RepairAlternative => ({
    start: new Date(s.start).toISOString(),
    end: new Date(s.end).toISOString(),
    hostIds: s.hostIds,
    hosts: s.hostIds.map((id) => names.get(id)!),
    kind: 'nearby',
    reasons: s.reasons,
  }));
  return [...(first ? [first] : []), ...nearby].slice(0, count);
}
