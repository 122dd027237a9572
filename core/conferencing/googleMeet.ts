/**
 * Google Meet rides on the host's Google Calendar write (core/calendars/outbound.ts): while a
 * booking of a `google_meet` event type has no conference yet, its event asks for one through
 * `conferenceData.createRequest` (a request id per booking, so a retried write never makes two),
 * and the Meet link Google returns becomes the booking's location.
 */
import type { Knex } from 'knex';
import type { BookingNotifier } from '../notify/types.js';
import { conferenceMade } from './locations.js';

/** The conference request for a booking's calendar event, or null when none is wanted. */
export async function googleMeetRequest(db: Knex, bookingId: string): Promise<{ requestId: string } | null> {
  const row = await db('bookings as b')
    .join('event_type_conferencing as c', 'c.event_type_id', 'b.event_type_id')
    .leftJoin('meeting_conferences as m', 'm.booking_id', 'b.id')
    .where({ 'b.id': bookingId, 'c.kind': 'google_meet' })
    .first('m.booking_id as conference');
  return row && !row.conference ? { requestId: `yava-${bookingId}` } : null;
}

/** Keeps the Meet link Google made, shows it as the booking's location and tells everyone (conferenceMade). */
export async function recordGoogleMeet(db: Knex, notifier: BookingNotifier, bookingId: string, externalId: string, joinUrl: string): Promise<void> {
  await db.transaction((trx) => conferenceMade(trx, notifier, { bookingId, provider: 'google_meet', externalId, joinUrl }));
}
