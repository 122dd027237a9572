/**
 * Outbound: bookings written to each host's destination calendar, through the outbox.
 * The notifier queues a 'calendar' row per host in the booking's own transaction; the sender
 * (run by the outbox dispatcher, outside any transaction) brings the provider in line with
 * the booking as it is now: create or patch while it is active, delete once it is not.
 * Never duplicated: the stored external id, then our iCalUID, find an event already made.
 */
import type { Knex } from 'knex';
import { PermanentDeliveryError, type ChannelSender } from '../notify/dispatcher.js';
import { enqueueOutboxMessages } from '../notify/outbox.js';
import { meetingLink } from '../feeds/viewLinks.js';
import type { BookingNotifier } from '../notify/types.js';
import type { CalendarContext } from './context.js';
import { loadCalendar, loadConnection, resolveDestination, type CalendarRow, type ConnectionRow } from './records.js';
import { openSession } from './sessions.js';
import { markNeedsReconnect } from './syncCalendar.js';
import { isClaimHeld, withWriteClaim, type WriteClaim } from './writeClaims.js';
import { googleMeetRequest, recordGoogleMeet } from '../conferencing/googleMeet.js';
import { GrantRevokedError, type OutboundEvent, type WrittenEvent } from './types.js';

/** The outbox channel of calendar writes (a booking's event made, changed or removed in a host's calendar). */
export const CALENDAR_WRITE_CHANNEL = 'calendar';

export interface CalendarWritePayload {
  bookingId: string;
  userId: string;
}

const WRITES_ON = new Set(['created', 'approved', 'rescheduled', 'canceled', 'declined', 'reassigned', 'conference_added']);

/** Queues a calendar write for each host of the booking who has a destination calendar, and a removal for each former host whose calendar still holds it. */
export function createCalendarNotifier(ctx: Pick<CalendarContext, 'clock' | 'settings'>): BookingNotifier {
  return {
    async bookingChanged(trx, change) {
      if (!WRITES_ON.has(change.type)) return;
      // The hosts whose calendar holds the event already, or who have a destination for it (the
      // event type's, else their own; as resolveDestination picks), in one query: most have none.
      // Anyone else whose calendar still holds it (a host the meeting was reassigned from) is
      // written to as well: the sender removes the event from a calendar of someone not hosting.
      const { rows } = await trx.raw<{ rows: Array<{ user_id: string; sequence: number }> }>(
        `SELECT bh.user_id, b.sequence
           FROM bookings b JOIN booking_hosts bh ON bh.booking_id = b.id
          WHERE b.id = ?
            AND (EXISTS (SELECT 1 FROM calendar_event_links l WHERE l.booking_id = b.id AND l.user_id = bh.user_id)
                 OR EXISTS (SELECT 1 FROM connected_calendars c
                             WHERE c.user_id = bh.user_id
                               AND (c.is_destination OR c.id = (SELECT et.destination_calendar_id FROM event_types et WHERE et.id = b.event_type_id))))
         UNION
         SELECT l.user_id, b.sequence
           FROM calendar_event_links l JOIN bookings b ON b.id = l.booking_id
          WHERE l.booking_id = ? AND l.external_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM booking_hosts bh WHERE bh.booking_id = l.booking_id AND bh.user_id = l.user_id)
          ORDER BY user_id`,
        [change.bookingId, change.bookingId],
      );
      // A seat taken or given up changes who attends a group session but not its sequence: the
      // seat is in the key, or every seat after the first would share the first one's write.
      const seats = change.attendeeIds?.length ? `:seats:${[...change.attendeeIds].sort().join(',')}` : '';
      const messages = rows.map(({ user_id: userId, sequence }) => ({
        channel: CALENDAR_WRITE_CHANNEL,
        idempotencyKey: `calendar:${change.bookingId}:${userId}:${change.type}:${sequence}${seats}`,
        payload: { bookingId: change.bookingId, userId } satisfies CalendarWritePayload,
        bookingId: change.bookingId,
      }));
      await enqueueOutboxMessages(trx, messages, { clock: ctx.clock, maxAttempts: ctx.settings.outboxMaxAttempts });
    },
  };
}

/**
 * Queues again, once the user's calendar is connected (again), the writes of their upcoming
 * bookings that were given up (dead) and not made good by a later write: bookings made, moved
 * or canceled while the connection needed reconnecting, or its provider was down.
 */
export async function queueLostWrites(ctx: Pick<CalendarContext, 'clock' | 'settings'>, trx: Knex, userId: string): Promise<void> {
  const now = ctx.clock.now();
  const { rows } = await trx.raw<{ rows: Array<{ booking_id: string }> }>(
    `SELECT DISTINCT o.booking_id
       FROM outbox o JOIN bookings b ON b.id = o.booking_id
      WHERE o.channel = 'calendar' AND o.status = 'dead' AND o.payload->>'userId' = ? AND b.end_at > ?
        AND NOT EXISTS (SELECT 1 FROM outbox s
                         WHERE s.channel = 'calendar' AND s.status = 'sent' AND s.booking_id = o.booking_id
                           AND s.payload->>'userId' = ? AND s.created_at > o.created_at)
      ORDER BY o.booking_id`,
    [userId, now, userId],
  );
  await queueWrites(ctx, trx, userId, rows.map((r) => r.booking_id), 'retry');
}

/** Queues a write of each booking to the user's calendar, keyed by why (`retry`, `connected`) and when. */
async function queueWrites(ctx: Pick<CalendarContext, 'clock' | 'settings'>, trx: Knex, userId: string, bookingIds: string[], why: string): Promise<void> {
  const at = ctx.clock.now().toISOString();
  const messages = bookingIds.map((bookingId) => ({
    channel: CALENDAR_WRITE_CHANNEL,
    idempotencyKey: `calendar:${bookingId}:${userId}:${why}:${at}`,
    payload: { bookingId, userId } satisfies CalendarWritePayload,
    bookingId,
  }));
  await enqueueOutboxMessages(trx, messages, { clock: ctx.clock, maxAttempts: ctx.settings.outboxMaxAttempts });
}

/** The most bookings one connection queues at once for writing (the rest follow as they change). */
const UNWRITTEN_MAX = 1000;

/**
 * Queues a write of each upcoming booking the user hosts that none of their calendars holds yet,
 * once they have a calendar to write to: bookings made before they connected one (or picked a
 * destination) were never queued, since the notifier writes only to a calendar that exists.
 */
export async function queueUnwrittenBookings(ctx: Pick<CalendarContext, 'clock' | 'settings'>, trx: Knex, userId: string): Promise<void> {
  const now = ctx.clock.now();
  const { rows } = await trx.raw<{ rows: Array<{ id: string }> }>(
    `SELECT b.id
       FROM bookings b JOIN booking_hosts bh ON bh.booking_id = b.id AND bh.user_id = ?
      WHERE b.status = 'scheduled' AND b.end_at > ?
        AND NOT EXISTS (SELECT 1 FROM calendar_event_links l WHERE l.booking_id = b.id AND l.user_id = bh.user_id)
        AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.channel = 'calendar' AND o.status = 'pending' AND o.booking_id = b.id AND o.payload->>'userId' = bh.user_id::text)
        AND EXISTS (SELECT 1 FROM connected_calendars c
                     WHERE c.user_id = bh.user_id
                       AND (c.is_destination OR c.id = (SELECT et.destination_calendar_id FROM event_types et WHERE et.id = b.event_type_id)))
      ORDER BY b.start_at
      LIMIT ${UNWRITTEN_MAX}`,
    [userId, now],
  );
  await queueWrites(ctx, trx, userId, rows.map((r) => r.id), 'connected');
}

async function buildEvent(
  db: Knex,
  bookingId: string,
  publicUrl: string,
  timezone: string,
): Promise<OutboundEvent & { active: boolean }> {
  const booking = await db('bookings').where({ id: bookingId }).first();
  const hosts = await db('booking_hosts as h')
    .join('users as u', 'u.id', 'h.user_id')
    .where({ 'h.booking_id': bookingId })
    .orderBy('u.username')
    .select('u.name', 'u.email');
  // Only the people who still hold a seat: one given up in a group session leaves the event.
  const attendees = await db('booking_attendees')
    .where({ booking_id: bookingId })
    .whereNull('canceled_at')
    .orderBy('created_at')
    .select('name', 'email');
  const link = meetingLink(publicUrl, bookingId);
  const description = [
    booking.notes ? `${booking.notes}\n` : '',
    `Manage this meeting: ${link}`,
    `Reschedule: yava reschedule ${bookingId} --to WHEN`,
    `Cancel: yava cancel ${bookingId}`,
  ]
    .filter(Boolean)
    .join('\n');
  return {
    active: booking.status === 'scheduled',
    icalUid: booking.ical_uid,
    sequence: booking.sequence,
    title: booking.title,
    description,
    location: booking.location,
    start: new Date(booking.start_at).getTime(),
    end: new Date(booking.end_at).getTime(),
    timezone,
    organizer: hosts[0] ?? { name: 'Yava', email: 'no-reply@yava.local' },
    attendees: [...hosts.slice(1), ...attendees],
    hideGuestList: booking.seats_total !== null,
  };
}

/**
 * Makes the host's destination calendar match the booking. Throws to retry (the outbox backs off).
 * One write of a booking to a host's calendar runs at a time (core/calendars/writeClaims.ts): a
 * second one waits, then reads the event id the first stored and updates that event. What a
 * write stores replaces only the link it read (a sync may move or let go of it meanwhile), and
 * only while the claim is still its own; otherwise it throws, and is made again from the link as
 * it is then.
 */
export async function writeBookingToCalendar(ctx: CalendarContext, payload: CalendarWritePayload): Promise<void> {
  const booking = await ctx.db('bookings').where({ id: payload.bookingId }).first('id', 'event_type_id');
  if (!booking) return;
  await withWriteClaim(ctx, payload, (claim) => writeClaimedBooking(ctx, claim, booking.event_type_id));
}

/** The write itself, by the holder of the (booking, host) claim: what it reads of the link is what the last write stored. */
async function writeClaimedBooking(ctx: CalendarContext, claim: WriteClaim, eventTypeId: string | null): Promise<void> {
  const { db } = ctx;
  // Someone the meeting was reassigned from: it goes from their calendar, whatever its status.
  const hosting = await db('booking_hosts').where({ booking_id: claim.bookingId, user_id: claim.userId }).first('user_id');
  const link = await db('calendar_event_links')
    .where({ booking_id: claim.bookingId, user_id: claim.userId })
    .first();
  const calendar = link
    ? await loadCalendar(db, link.calendar_id)
    : await resolveDestination(db, claim.userId, eventTypeId);
  if (!calendar) return;
  const connection = await loadConnection(db, calendar.connection_id);
  if (!connection) return;
  // No write is tried against a grant known to be revoked: it goes dead now, and connecting the
  // account again queues it afresh (queueLostWrites), as a sync leaves such a connection alone.
  const reconnect = `the destination calendar needs reconnecting (yava calendars connect ${connection.provider}); the write is made again then`;
  if (connection.status !== 'active') throw new PermanentDeliveryError(reconnect);
  try {
    await bringEventInLine(ctx, claim, { hosting: Boolean(hosting), link, calendar, connection });
  } catch (error) {
    if (!(error instanceof GrantRevokedError)) throw error;
    // The account was connected again while this write ran on the old grant: tried again on the new one.
    if (!(await markNeedsReconnect(ctx, connection, error.message)))
      throw new Error(`${error.message}, but the calendar was connected again meanwhile; the write is tried again`);
    throw new PermanentDeliveryError(`${error.message}: ${reconnect}`);
  }
}

/** A calendar_event_links row as a write read it. */
type LinkRead = { calendar_id: string; external_id: string | null } | undefined;

interface WriteTarget {
  /** False for someone the meeting was reassigned from. */
  hosting: boolean;
  /** The stored calendar_event_links row, if any. */
  link: LinkRead;
  calendar: CalendarRow;
  connection: ConnectionRow;
}

/** Thrown when what a write would store no longer replaces what it read: it is made again. */
const linkChanged = () =>
  new Error("the meeting's calendar event changed while this write ran (a sync followed the host's change to it, or another write took over); the write is made again");

/**
 * Stores the event a write made or updated as the booking's link, only if the link is still as
 * the write read it and the claim still the write's: one statement, so a sync that moved the
 * link meanwhile (relinkMovedEvent) or a writer that took over is never overwritten with what
 * this write read before. Throws otherwise, for the outbox to make the write again.
 */
async function storeLink(ctx: CalendarContext, claim: WriteClaim, read: LinkRead, stored: { calendarId: string; externalId: string; etag: string | null; sequence: number }): Promise<void> {
  const { rows } = await ctx.db.raw<{ rows: unknown[] }>(
    `INSERT INTO calendar_event_links AS l (booking_id, user_id, calendar_id, external_id, etag, sequence, updated_at)
     SELECT ?::uuid, ?::uuid, ?::uuid, ?::text, ?::text, ?::integer, ?::timestamptz WHERE ?
     ON CONFLICT (booking_id, user_id) DO UPDATE
       SET calendar_id = EXCLUDED.calendar_id, external_id = EXCLUDED.external_id, etag = EXCLUDED.etag, sequence = EXCLUDED.sequence, updated_at = EXCLUDED.updated_at
       WHERE l.calendar_id = ? AND l.external_id IS NOT DISTINCT FROM ?
     RETURNING l.booking_id`,
    [
      claim.bookingId,
      claim.userId,
      stored.calendarId,
      stored.externalId,
      stored.etag,
      stored.sequence,
      ctx.clock.now(),
      isClaimHeld(ctx.db, claim),
      read?.calendar_id ?? null,
      read?.external_id ?? null,
    ],
  );
  if (rows.length !== 1) throw linkChanged();
}

/** Lets go of the event id of a link the write read (its event deleted), on the terms of {@link storeLink}. */
async function clearLink(ctx: CalendarContext, claim: WriteClaim, read: NonNullable<LinkRead>): Promise<void> {
  const cleared = await ctx
    .db('calendar_event_links')
    .where({ booking_id: claim.bookingId, user_id: claim.userId, calendar_id: read.calendar_id, external_id: read.external_id })
    .where(isClaimHeld(ctx.db, claim))
    .update({ external_id: null, updated_at: ctx.clock.now() })
    .returning('booking_id');
  if (cleared.length !== 1) throw linkChanged();
}

/** The provider calls of a write: create, update or delete the event so it matches the booking. */
async function bringEventInLine(ctx: CalendarContext, claim: WriteClaim, { hosting, link, calendar, connection }: WriteTarget): Promise<void> {
  const { db } = ctx;
  const host = await db('users').where({ id: claim.userId }).first('timezone');
  const event = await buildEvent(
    db,
    claim.bookingId,
    ctx.settings.publicUrl,
    calendar.timezone ?? host?.timezone ?? 'UTC',
  );
  const session = await openSession(ctx, connection);
  const conference = event.active && hosting ? await googleMeetRequest(db, claim.bookingId) : null;
  if (conference) event.conference = conference;
  if (!event.active || !hosting) {
    const existing = link?.external_id
      ? { externalId: link.external_id as string }
      : await session.findEvent(calendar.external_id, event.icalUid);
    if (existing) await session.deleteEvent(calendar.external_id, existing.externalId);
    if (link) await clearLink(ctx, claim, link);
    return;
  }
  let written: WrittenEvent;
  if (link?.external_id) {
    written = await session.updateEvent(calendar.external_id, link.external_id, event);
  } else {
    const found = await session.findEvent(calendar.external_id, event.icalUid);
    written = found
      ? await session.updateEvent(calendar.external_id, found.externalId, event)
      : await session.createEvent(calendar.external_id, event);
    if (!found && ctx.afterProviderCreate) await ctx.afterProviderCreate(claim.bookingId);
  }
  if (conference && written.conferenceUrl) await recordGoogleMeet(db, ctx.notifier, claim.bookingId, written.externalId, written.conferenceUrl);
  await storeLink(ctx, claim, link, { calendarId: calendar.id, externalId: written.externalId, etag: written.etag, sequence: event.sequence });
}

/** The outbox channel sender for {@link CALENDAR_WRITE_CHANNEL} rows. */
export function createCalendarSender(ctx: CalendarContext): ChannelSender {
  return (message) => writeBookingToCalendar(ctx, message.payload as CalendarWritePayload);
}
