/**
 * An attendee giving up their seat in a group session: the session goes on for everyone else.
 */
import type { Knex } from 'knex';
import { hashSecret } from '../auth/secrets.js';
import { whereAttendeeIsUser } from '../auth/emailOwnership.js';
import { DomainError } from '../errors.js';
import { requireActor, resolveBookingIdFor } from './access.js';
import { bookingNotFound } from './bookingIds.js';
import { loadBooking, lockBookingRow } from './bookingRepository.js';
import { inTransaction, type BookingContext } from './context.js';
import { seatView, type SessionRow } from './seats.js';
import type { BookingActor, BookingDetails } from './types.js';

/** What happens to a seat once its attendee gave it up (the waitlist may take it over). */
export type SeatFreer = (trx: Knex.Transaction, session: SessionRow, now: Date) => Promise<void>;

/** The attendee row the actor holds in a booking: by manage token, else by their account. */
export async function findOwnSeat(db: Knex, bookingId: string, actor: BookingActor): Promise<{ id: string; email: string; canceled_at: Date | null } | undefined> {
  if (actor.manageToken) {
    const row = await db('booking_attendees').where({ booking_id: bookingId, manage_token_hash: hashSecret(actor.manageToken) }).first('id', 'email', 'canceled_at');
    if (row) return row;
  }
  if (!actor.userId) return undefined;
  const userId = actor.userId;
  return db('booking_attendees as a').where('a.booking_id', bookingId).whereNull('a.canceled_at').where((q) => whereAttendeeIsUser(q, userId, 'a')).first('a.id', 'a.email', 'a.canceled_at');
}

/**
 * Whether canceling `idOrPrefix` as `actor` means giving up one seat: the booking is a group
 * session and the actor one of its attendees (not a host).
 */
export async function isSeatCancellation(db: Knex, idOrPrefix: string, actor: BookingActor): Promise<boolean> {
  if (!actor.manageToken && !actor.userId) return false;
  const id = await resolveBookingIdFor(db, idOrPrefix, actor).catch(() => null);
  if (!id) return false;
  const row: { seats_total: number | null } | undefined = await db('bookings').where({ id }).first('seats_total');
  if (!row || row.seats_total === null) return false;
  if (actor.userId && (await db('booking_hosts').where({ booking_id: id, user_id: actor.userId }).first('user_id'))) return false;
  return Boolean(await findOwnSeat(db, id, actor));
}

/**
 * Gives up the actor's seat in a group session: their attendee row is marked canceled and their
 * join link revoked; the seat goes to `freeSeat` (the waitlist, or back to the public). Only the
 * attendee is told (an ICS CANCEL for their calendar); hosts and other attendees are not.
 * Throws unauthorized, booking_not_found, forbidden, invalid_transition.
 */
export async function cancelSeat(ctx: BookingContext, idOrPrefix: string, actor: BookingActor, freeSeat: SeatFreer): Promise<BookingDetails> {
  requireActor(actor);
  return inTransaction(ctx.db, async (trx) => {
    const id = await resolveBookingIdFor(trx, idOrPrefix, actor);
    const session = (await lockBookingRow(trx, id)) as SessionRow | undefined;
    if (!session || session.seats_total === null) throw bookingNotFound();
    const seat = await findOwnSeat(trx, id, actor);
    if (!seat) throw new DomainError('forbidden', 'You hold no seat in this session');
    if (seat.canceled_at || !['pending', 'scheduled'].includes(session.status)) {
      throw new DomainError('invalid_transition', 'This seat is already given up', { details: { status: session.status } });
    }
    const now = ctx.clock.now();
    await ctx.notifier.bookingChanged(trx, { type: 'canceled', bookingId: id, attendeeIds: [seat.id], actor: `attendee:${seat.email}` });
    await trx('booking_attendees').where({ id: seat.id }).update({ canceled_at: now, join_revoked_at: now });
    await freeSeat(trx, session, now);
    return seatView((await loadBooking(trx, id))!, undefined);
  });
}
