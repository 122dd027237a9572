/**
 * Two-way sync: what a host does to one of our events in their own calendar happens to the
 * booking, as if the host had done it through Yava (payments included). Moved → the booking is
 * rescheduled (same id, sequence + 1, the invitee is told; a paid meeting's refund window as on a
 * host's reschedule); deleted → the booking is canceled as by the host (a paid meeting refunded
 * in full) with the reason "removed from the host's calendar" (unless it has ended: deleting a
 * past meeting's event is tidying up, not calling it off). Our own writes echoing back (same
 * times) change nothing. A move onto another booking is refused
 * by the exclusion constraint; the host is told and the event is written back to its time. An
 * event moved to another calendar of the account is followed there, not taken for deleted.
 */
import type { Knex } from 'knex';
import { resolveRole } from '../booking/access.js';
import { PG, sqlState } from '../errors.js';
import { enqueueOutboxMessages } from '../notify/outbox.js';
import type { CalendarContext } from './context.js';
import type { OwnEventChange } from './store.js';
import type { CalendarSession } from './types.js';
import { queueMoveRefusedNotice } from './hostNotices.js';

export const REMOVED_FROM_CALENDAR = "removed from the host's calendar";
const ACTIVE = ['scheduled', 'pending'];

interface BookingRow {
  id: string;
  status: string;
  start_at: Date;
  end_at: Date;
  sequence: number;
  title: string;
  event_type_id: string | null;
  ical_uid: string;
}

async function buffersOf(trx: Knex, eventTypeId: string | null): Promise<{ before: number; after: number }> {
  const et = eventTypeId
    ? await trx('event_types').where({ id: eventTypeId }).first('buffer_before_minutes', 'buffer_after_minutes')
    : undefined;
  return { before: (et?.buffer_before_minutes ?? 0) * 60_000, after: (et?.buffer_after_minutes ?? 0) * 60_000 };
}

/**
 * The link to the event we wrote for this host's booking, when `calendarId` holds it (only that
 * one may move or cancel it) and its owner still hosts the booking: removing the event from the
 * calendar of a host the meeting was reassigned from is our own doing, not theirs to cancel it.
 */
async function linkHere(db: Knex, bookingId: string, userId: string, calendarId: string): Promise<{ etag: string | null } | undefined> {
  return db('calendar_event_links as l')
    .join('booking_hosts as bh', (j) => j.on('bh.booking_id', 'l.booking_id').andOn('bh.user_id', 'l.user_id'))
    .where({ 'l.booking_id': bookingId, 'l.user_id': userId, 'l.calendar_id': calendarId })
    .first('l.etag');
}

/**
 * True when the provider still has the very version of the event we last wrote: whatever its
 * times say, the host did not touch it. A full resync finds it so while our write of a newer
 * change (a reschedule) is still on its way, and its old times are not a move to follow.
 */
const isOurLastWrite = (link: { etag: string | null }, change: OwnEventChange) => Boolean(link.etag) && change.etag === link.etag;

/** Reschedules the booking to the times the host gave its event. Returns what happened. */
export async function followHostMove(
  ctx: CalendarContext,
  userId: string,
  change: OwnEventChange & { start: number; end: number },
): Promise<'moved' | 'unchanged' | 'refused'> {
  try {
    return await ctx.db.transaction(async (trx) => {
      const booking = await trx<BookingRow>('bookings').where({ id: change.bookingId }).forUpdate().first();
      if (!booking || !ACTIVE.includes(booking.status)) return 'unchanged';
      const previousStart = new Date(booking.start_at);
      const previousEnd = new Date(booking.end_at);
      if (previousStart.getTime() === change.start && previousEnd.getTime() === change.end) return 'unchanged';
      if (change.end <= change.start) return 'unchanged';
      const hostIds = (await trx('booking_hosts').where({ booking_id: booking.id }).select('user_id'))
        .map((r: { user_id: string }) => r.user_id)
        .sort();
      for (const id of hostIds)
        await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`yava:host:${id}`]);
      const { before, after } = await buffersOf(trx, booking.event_type_id);
      const now = ctx.clock.now();
      const start = new Date(change.start);
      const end = new Date(change.end);
      await trx('bookings')
        .where({ id: booking.id })
        .update({ start_at: start, end_at: end, sequence: booking.sequence + 1, updated_at: now });
      await trx('booking_hosts')
        .where({ booking_id: booking.id })
        .update({ busy: trx.raw('tstzrange(?, ?)', [new Date(change.start - before), new Date(change.end + after)]) });
      await trx('booking_status_history').insert({
        booking_id: booking.id,
        from_status: booking.status,
        to_status: booking.status,
        actor: 'host calendar',
        reason: "moved in the host's calendar",
        details: JSON.stringify({
          rescheduledFrom: previousStart.toISOString(),
          rescheduledTo: start.toISOString(),
          userId,
        }),
        at: now,
      });
      // For its payment this is the host's own reschedule, told as the API's is (rescheduleBooking.ts),
      // by the host's label: a refund window an invitee's late move closed is judged from the new start again.
      if (ctx.payments) {
        const host = await resolveRole(trx, booking.id, { userId });
        await ctx.payments.bookingRescheduled(trx, { bookingId: booking.id, previousStartMs: previousStart.getTime(), actor: host?.label ?? 'host calendar' });
      }
      await ctx.notifier.bookingChanged(trx, {
        type: 'rescheduled',
        bookingId: booking.id,
        previousStart: previousStart.toISOString(),
        previousEnd: previousEnd.toISOString(),
        actor: 'host calendar',
      });
      return 'moved';
    });
  } catch (error) {
    if (sqlState(error) !== PG.exclusionViolation) throw error;
    await ctx.db.transaction(async (trx) => {
      const booking = await trx<BookingRow>('bookings').where({ id: change.bookingId }).first();
      if (!booking) return;
      // Put the event back where the booking is: the move would have double-booked a host.
      await enqueueOutboxMessages(
        trx,
        [
          {
            channel: 'calendar',
            idempotencyKey: `calendar:${booking.id}:${userId}:restore:${booking.sequence}:${change.start}`,
            payload: { bookingId: booking.id, userId },
            bookingId: booking.id,
          },
        ],
        { clock: ctx.clock, maxAttempts: ctx.settings.outboxMaxAttempts },
      );
      await queueMoveRefusedNotice(ctx, trx, userId, booking, change);
    });
    ctx.logger.warn({ bookingId: change.bookingId }, 'calendar move refused: it would double-book a host');
    return 'refused';
  }
}

type SyncedCalendar = { id: string; user_id: string; connection_id: string };

/**
 * When our event left `calendar` for another calendar of the same account (Google's "move to
 * another calendar", Outlook's and Apple's drag to another one), links the booking to it there
 * and returns true: the host moved the meeting's event, they did not delete it. Throws when a
 * calendar cannot be asked (the next sync finds the event missing again and asks again). It does
 * not take the write claim (a sync would wait behind a slow write): a write of the booking under
 * way stores its result only over the link it read (outbound.ts), so it does not put the old
 * calendar back, and is made again here (so too for the event ids followHostChanges lets go of).
 */
async function relinkMovedEvent(ctx: CalendarContext, session: CalendarSession, calendar: SyncedCalendar, booking: BookingRow): Promise<boolean> {
  const others = await ctx.db('connected_calendars').where({ connection_id: calendar.connection_id }).whereNot({ id: calendar.id }).orderBy('id').select('id', 'external_id');
  for (const other of others as Array<{ id: string; external_id: string }>) {
    const found = await session.findEvent(other.external_id, booking.ical_uid);
    // A co-host's own copy (their calendar, shared into this account) is not where this one went.
    if (!found || (await ctx.db('calendar_event_links').where({ booking_id: booking.id, external_id: found.externalId }).whereNot({ user_id: calendar.user_id }).first('user_id'))) continue;
    await ctx
      .db('calendar_event_links')
      .where({ booking_id: booking.id, user_id: calendar.user_id })
      .update({ calendar_id: other.id, external_id: found.externalId, etag: found.etag, updated_at: ctx.clock.now() });
    return true;
  }
  return false;
}

/**
 * Applies the host's changes to our events found by one sync of `calendar` (through `session`,
 * which looks for an event deleted here in the account's other calendars).
 */
export async function followHostChanges(
  ctx: CalendarContext,
  calendar: SyncedCalendar,
  changes: OwnEventChange[],
  session?: CalendarSession,
): Promise<void> {
  for (const change of changes) {
    const link = await linkHere(ctx.db, change.bookingId, calendar.user_id, calendar.id);
    if (!link) continue;
    if (change.deleted) {
      const booking = await ctx.db<BookingRow>('bookings').where({ id: change.bookingId }).first();
      if (!booking || !ACTIVE.includes(booking.status)) continue;
      // A meeting that has ended is not called off by tidying it out of the calendar (nobody is
      // told, nothing refunded): the link is let go, and the booking stays as it was.
      if (new Date(booking.end_at).getTime() <= ctx.clock.now().getTime()) {
        await ctx.db('calendar_event_links').where({ booking_id: booking.id, user_id: calendar.user_id }).update({ external_id: null });
        continue;
      }
      try {
        if (session && (await relinkMovedEvent(ctx, session, calendar, booking))) continue;
      } catch (error) {
        ctx.logger.warn({ bookingId: booking.id, error: (error as Error)?.message?.split('\n')[0] }, 'could not look for a moved calendar event; the next sync asks again');
        continue;
      }
      await ctx.bookings.cancelBooking(
        change.bookingId,
        { reason: REMOVED_FROM_CALENDAR },
        { userId: calendar.user_id },
      );
      await ctx
        .db('calendar_event_links')
        .where({ booking_id: change.bookingId, user_id: calendar.user_id })
        .update({ external_id: null });
      continue;
    }
    if (change.start !== null && change.end !== null && !isOurLastWrite(link, change))
      await followHostMove(ctx, calendar.user_id, { ...change, start: change.start, end: change.end });
  }
}
