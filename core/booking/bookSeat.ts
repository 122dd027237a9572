/**
 * Booking a seat of a group event type: join the open session at that start, or open it.
 */
import type { Knex } from 'knex';
import { insertBooking } from './bookingRepository.js';
import type { BookingContext } from './context.js';
import type { EventTypeRow } from './records.js';
import { rulesOfEventType } from './rules.js';
import { insertSeat, lockOpenSession, requireJoinable, requireNotSeated, sessionFullError, takeSeat, type Seat } from './seats.js';
import { requireSlot } from './unavailable.js';

export interface BookSeatInput {
  eventType: EventTypeRow;
  /** The event type's hosts, already locked (lockHosts). */
  hostIds: string[];
  start: number;
  invitee: { name: string; email: string; timezone: string };
  notes: string | null;
  source: string;
  createdByUserId: string | null;
}

/**
 * Seats the invitee in the session of `eventType` at `start` inside `trx`. An open session is
 * locked and a seat taken in it (slot_unavailable `full` when none is left); otherwise the slot is
 * checked like any booking and the session opened under the exclusion constraint. The new
 * attendee alone is told when they join an open session; the hosts hear of the session once.
 *
 * Throws slot_unavailable (full, in_past, too_soon, and the reasons of requireSlot), conflict
 * (reason seated: the address already holds a seat of that session).
 */
export async function bookSeat(ctx: BookingContext, trx: Knex.Transaction, input: BookSeatInput): Promise<Seat & { id: string }> {
  const { eventType, invitee } = input;
  const rules = rulesOfEventType(eventType);
  const now = ctx.clock.now();
  const actor = input.createdByUserId ? `user:${input.createdByUserId}` : `attendee:${invitee.email.toLowerCase()}`;
  const session = await lockOpenSession(trx, eventType.id, input.start);
  if (session) {
    requireJoinable(session, rules, now.getTime());
    await requireNotSeated(trx, session.id, invitee.email);
    if (!(await takeSeat(trx, session.id))) throw sessionFullError(session.seats_total);
    const seat = await insertSeat(trx, session.id, invitee, { createdByUserId: input.createdByUserId, now, issueManageToken: ctx.issueManageToken });
    await ctx.notifier.bookingChanged(trx, { type: 'created', bookingId: session.id, manageTokens: { [seat.attendeeId]: seat.manageToken }, joinTokens: { [seat.attendeeId]: seat.joinToken }, attendeeIds: [seat.attendeeId], actor });
    return { id: session.id, ...seat };
  }
  const slot = await requireSlot(trx, { rules, hostIds: input.hostIds, start: input.start, now: now.getTime(), timezone: invitee.timezone });
  const { id } = await insertBooking(trx, {
    eventType,
    title: eventType.title,
    notes: input.notes,
    start: slot.start,
    end: slot.end,
    status: 'scheduled',
    location: eventType.location,
    source: input.source,
    createdByUserId: input.createdByUserId,
    assignmentReason: null,
    hostIds: slot.hostIds,
    bufferBeforeMinutes: rules.bufferBeforeMinutes,
    bufferAfterMinutes: rules.bufferAfterMinutes,
    holdsSlot: true,
    attendees: [],
    actor,
    seatsTotal: eventType.seats ?? 1,
  }, now, ctx.issueManageToken);
  if (!(await takeSeat(trx, id))) throw sessionFullError(eventType.seats ?? 1);
  const seat = await insertSeat(trx, id, invitee, { createdByUserId: input.createdByUserId, now, issueManageToken: ctx.issueManageToken });
  await ctx.notifier.bookingChanged(trx, { type: 'created', bookingId: id, manageTokens: { [seat.attendeeId]: seat.manageToken }, joinTokens: { [seat.attendeeId]: seat.joinToken }, actor });
  return { id, ...seat };
}
