/**
 * Which of a host's upcoming bookings no longer fit: after their working hours or date
 * overrides changed, each active future booking is re-checked with the slot engine (hours,
 * overrides, other bookings, calendars), as a booking at that exact time would be.
 */
import type { Knex } from 'knex';
import { durationMinutesOf, listBookingHostIds, type BookingRow } from '../booking/bookingRepository.js';
import type { EventTypeRow } from '../booking/records.js';
import { adHocRules, rulesOfEventType } from '../booking/rules.js';
import { findSlot } from '../booking/slots.js';

/** The most bookings one check looks at. */
const MAX_CHECKED = 200;

/** Ids of `userId`'s upcoming active bookings of the team's event types (they just left the team). */
export async function findTeamBookingsOf(db: Knex, now: Date, userId: string, teamId: string): Promise<string[]> {
  const rows: Array<{ id: string }> = await db('bookings as b')
    .join('booking_hosts as bh', 'bh.booking_id', 'b.id')
    .join('event_types as et', 'et.id', 'b.event_type_id')
    .where({ 'bh.user_id': userId, 'bh.active': true, 'et.team_id': teamId })
    .whereIn('b.status', ['scheduled', 'pending'])
    .where('b.start_at', '>', now)
    .orderBy('b.start_at')
    .limit(MAX_CHECKED)
    .select('b.id');
  return rows.map((r) => r.id);
}

/**
 * Ids of `userId`'s active bookings starting after `now` that could not be booked at their
 * time any more (notice and horizon aside: they were fine when booked).
 */
export async function findConflictedBookings(db: Knex, now: Date, userId: string): Promise<string[]> {
  const rows: BookingRow[] = await db('bookings as b')
    .join('booking_hosts as bh', 'bh.booking_id', 'b.id')
    .where({ 'bh.user_id': userId, 'bh.active': true })
    .whereIn('b.status', ['scheduled', 'pending'])
    .where('b.start_at', '>', now)
    .orderBy('b.start_at')
    .limit(MAX_CHECKED)
    .select('b.*');
  const conflicted: string[] = [];
  for (const booking of rows) {
    const hostIds = await listBookingHostIds(db, booking.id);
    const eventType = booking.event_type_id ? await db<EventTypeRow>('event_types').where({ id: booking.event_type_id }).first() : undefined;
    const base = eventType ? rulesOfEventType(eventType) : adHocRules(durationMinutesOf(booking), hostIds.length);
    const rules = { ...base, kind: hostIds.length > 1 ? ('collective' as const) : ('one_on_one' as const), durationMinutes: durationMinutesOf(booking), minimumNoticeMinutes: 0, maxDaysAhead: null, slotStepMinutes: 1 };
    const { slot } = await findSlot(db, { rules, hostIds, start: new Date(booking.start_at).getTime(), now: now.getTime(), excludeBookingId: booking.id });
    if (!slot) conflicted.push(booking.id);
  }
  return conflicted;
}
