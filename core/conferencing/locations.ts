/**
 * Where an event type's meetings happen: a fixed link, or a conference made per booking on Zoom
 * or Google Meet. A new booking gets a fixed link at once (same transaction); a Zoom meeting is
 * created by the outbox ('conference' channel) after commit, because a network call never runs
 * inside a transaction, and its join URL becomes the booking's location. Google Meet comes with
 * the host's Google Calendar write (see googleMeet.ts).
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { DomainError } from '../errors.js';
import { PermanentDeliveryError, type OutboxMessage } from '../notify/dispatcher.js';
import { enqueueOutboxMessages } from '../notify/outbox.js';
import { loadChangeSnapshot } from '../notify/meetingSnapshot.js';
import type { BookingNotifier } from '../notify/types.js';
import type { ZoomClient } from './zoom.js';

export type ConferencingKind = 'google_meet' | 'zoom' | 'link';

export interface EventTypeLocation {
  kind: ConferencingKind;
  url: string | null;
  autoRecording: boolean;
}

/** The event type the user may configure: theirs, or their team's when they own or administer the team. */
async function manageableEventType(db: Knex, userId: string, eventTypeId: string): Promise<string> {
  if (!/^[0-9a-f-]{36}$/i.test(eventTypeId)) throw new DomainError('event_type_not_found', 'Event type was not found');
  const row = await db('event_types as e')
    .where('e.id', eventTypeId)
    .whereNull('e.archived_at')
    .where((q) => q.where('e.owner_user_id', userId).orWhereExists((t) => t.select(db.raw('1')).from('team_members as m').whereRaw('m.team_id = e.team_id').where('m.user_id', userId).whereIn('m.role', ['owner', 'admin'])))
    .first('e.id');
  if (!row) throw new DomainError('event_type_not_found', 'Event type was not found');
  return row.id;
}

export async function getEventTypeLocation(db: Knex, userId: string, eventTypeId: string): Promise<EventTypeLocation | null> {
  const id = await manageableEventType(db, userId, eventTypeId);
  const row = await db('event_type_conferencing').where({ event_type_id: id }).first();
  return row ? { kind: row.kind, url: row.url, autoRecording: row.auto_recording } : null;
}

/** Sets (or with null, removes) the conferencing of an event type. @throws event_type_not_found, not_configured */
export async function setEventTypeLocation(db: Knex, clock: Clock, userId: string, eventTypeId: string, location: EventTypeLocation | null, configured: { zoom: boolean; google: boolean }): Promise<EventTypeLocation | null> {
  const id = await manageableEventType(db, userId, eventTypeId);
  if (!location) {
    await db('event_type_conferencing').where({ event_type_id: id }).delete().returning('event_type_id');
    return null;
  }
  if (location.kind === 'zoom' && !configured.zoom) throw new DomainError('not_configured', 'Zoom is not configured: set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET');
  if (location.kind === 'google_meet' && !configured.google) throw new DomainError('not_configured', 'Google Meet needs Google Calendar: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, and connect the host\u2019s Google calendar');
  const values = { kind: location.kind, url: location.kind === 'link' ? location.url : null, auto_recording: location.kind === 'zoom' && location.autoRecording, updated_at: clock.now() };
  await db('event_type_conferencing').insert({ event_type_id: id, ...values }).onConflict('event_type_id').merge(values);
  return { kind: values.kind, url: values.url, autoRecording: values.auto_recording };
}

/**
 * On a new booking: a fixed link now, or a Zoom meeting to create after commit; when a booking
 * with a Zoom meeting moves or ends, the meeting is moved or deleted after commit too.
 */
export function conferencingNotifier(options: { clock: Clock; maxAttempts: number }): BookingNotifier {
  return {
    async bookingChanged(trx, change) {
      const id = change.bookingId;
      if (change.type === 'rescheduled' || change.type === 'canceled' || change.type === 'declined') {
        if (change.attendeeIds) return; // one seat of a group session: the meeting stays
        const zoom = await trx('meeting_conferences as m').join('bookings as b', 'b.id', 'm.booking_id').where({ 'm.booking_id': id, 'm.provider': 'zoom' }).first('b.sequence');
        if (!zoom) return;
        const action = change.type === 'rescheduled' ? 'update' : 'delete';
        await enqueueOutboxMessages(trx, [{ channel: 'conference', bookingId: id, idempotencyKey: `conference:${id}:${action}:${zoom.sequence}`, payload: { bookingId: id, action } }], options);
        return;
      }
      if (change.type !== 'created' && change.type !== 'requested') return;
      // The meeting's snapshot (read once for all notifiers of this change) carries its conferencing.
      const conf = (await loadChangeSnapshot(trx, change))?.conferencing;
      if (!conf) return;
      if (conf.kind === 'link') await trx('bookings').where({ id }).update({ location: conf.url });
      if (conf.kind !== 'zoom') return;
      await enqueueOutboxMessages(trx, [{ channel: 'conference', bookingId: id, idempotencyKey: `conference:${id}`, payload: { bookingId: id, action: 'create' } }], options);
    },
  };
}

const minutesOf = (b: { start_at: Date; end_at: Date }) => Math.round((new Date(b.end_at).getTime() - new Date(b.start_at).getTime()) / 60_000);

/** The 'conference' sender: creates the Zoom meeting and stores its join URL; moves or deletes it later. */
export function conferenceSender(deps: { db: Knex; zoom: ZoomClient | null; notifier: BookingNotifier }) {
  return async (message: OutboxMessage): Promise<{ providerId: string } | null> => {
    const { bookingId, action = 'create' } = message.payload as { bookingId: string; action?: 'create' | 'update' | 'delete' };
    if (!deps.zoom) throw new PermanentDeliveryError('Zoom is not configured: set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET');
    const existing = await deps.db('meeting_conferences').where({ booking_id: bookingId, provider: 'zoom' }).first('external_id');
    const booking = await deps.db('bookings as b').leftJoin('event_type_conferencing as c', 'c.event_type_id', 'b.event_type_id').where('b.id', bookingId).first('b.title', 'b.start_at', 'b.end_at', 'b.status', 'c.auto_recording');
    if (action !== 'create') {
      if (!existing || !booking) return null;
      if (action === 'delete') await deps.zoom.deleteMeeting(existing.external_id);
      else await deps.zoom.updateMeeting(existing.external_id, { start: new Date(booking.start_at).toISOString(), durationMinutes: minutesOf(booking) });
      return { providerId: existing.external_id };
    }
    if (existing || !booking || booking.status === 'canceled' || booking.status === 'rejected') return null;
    const meeting = await deps.zoom.createMeeting({ topic: booking.title, start: new Date(booking.start_at).toISOString(), durationMinutes: minutesOf(booking), autoRecording: Boolean(booking.auto_recording) });
    await deps.db.transaction((trx) => conferenceMade(trx, deps.notifier, { bookingId, provider: 'zoom', externalId: meeting.id, joinUrl: meeting.joinUrl }));
    return { providerId: meeting.id };
  };
}

/**
 * A conference made after the booking (the Zoom meeting, the Meet link): kept once, shown as the
 * booking's location, and announced as `conference_added` with the invite's SEQUENCE moved on,
 * since the confirmation and the first calendar write went out before the link existed.
 */
export async function conferenceMade(trx: Knex.Transaction, notifier: BookingNotifier, made: { bookingId: string; provider: 'zoom' | 'google_meet'; externalId: string; joinUrl: string }): Promise<void> {
  const [kept] = await trx('meeting_conferences').insert({ booking_id: made.bookingId, provider: made.provider, external_id: made.externalId, join_url: made.joinUrl }).onConflict('booking_id').ignore().returning('booking_id');
  if (!kept) return;
  await trx('bookings').where({ id: made.bookingId }).update({ location: made.joinUrl, sequence: trx.raw('sequence + 1') });
  await notifier.bookingChanged(trx, { type: 'conference_added', bookingId: made.bookingId, actor: 'system' });
}
