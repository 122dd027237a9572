/**
 * Status changes of a booking: cancel, approve, decline, complete, no-show. Each is one
 * transaction that locks the row, checks who acts and from which status, and records history.
 * The booking is named by its id or a unique prefix of 8+ characters (ambiguous_id otherwise).
 */
import type { BookingStatus } from '../db/models.js';
import { DomainError } from '../errors.js';
import type { BookingChange } from '../notify/types.js';
import { CANCELABLE, requireBookingFor, requireStatus, type BookingRole } from './access.js';
import { listBookingHostIds, loadBooking, recordStatus, setBookingHostsActive, updateBookingRow, type BookingRow } from './bookingRepository.js';
import { inTransaction, lockHosts, type BookingContext } from './context.js';
import type { BookingActor, BookingDetails } from './types.js';

interface Transition {
  roles: readonly BookingRole[];
  from: readonly BookingStatus[];
  to: BookingStatus;
  /** Past participle for messages: "A canceled meeting cannot be approved". */
  verb: string;
  change: BookingChange['type'] | null;
  reason?: string | null;
  /** Make the busy ranges count (approval): the exclusion constraint decides races. */
  activate?: boolean;
  /** Free the slot. */
  deactivate?: boolean;
  /** Allowed only once the booking has ended. */
  afterEnd?: boolean;
}

async function transition(ctx: BookingContext, idOrPrefix: string, actor: BookingActor, t: Transition): Promise<BookingDetails> {
  return inTransaction(ctx.db, async (trx) => {
    const { booking, label } = await requireBookingFor(trx, idOrPrefix, actor, t.roles);
    const id = booking.id;
    requireStatus(booking, t.from, t.verb);
    const now = ctx.clock.now();
    if (t.afterEnd && new Date(booking.end_at).getTime() > now.getTime()) {
      throw new DomainError('invalid_transition', `A meeting can be ${t.verb} only after it ends`, { details: { status: booking.status } });
    }
    if (t.activate) {
      await lockHosts(trx, await listBookingHostIds(trx, id));
      await setBookingHostsActive(trx, id, true);
    }
    if (t.deactivate) await setBookingHostsActive(trx, id, false);
    const patch: Partial<BookingRow> = { status: t.to, updated_at: now };
    if (t.to === 'canceled' || t.to === 'rejected') Object.assign(patch, { canceled_by: label, cancel_reason: t.reason ?? null, sequence: booking.sequence + 1 });
    await updateBookingRow(trx, id, patch);
    await recordStatus(trx, { bookingId: id, from: booking.status, to: t.to, actor: label, at: now, reason: t.reason ?? null });
    // A host, a team admin acting for one and a service admin all call it off from the organiser's side: a full refund.
    if (t.to === 'canceled' && ctx.payments) await ctx.payments.bookingCanceled(trx, { bookingId: id, startMs: new Date(booking.start_at).getTime(), canceledByHost: /^(host|admin):/.test(label), actor: label });
    // An unpaid hold was never announced: its end is not either.
    if (t.change && booking.status !== 'pending_payment') await ctx.notifier.bookingChanged(trx, { type: t.change, bookingId: id, actor: label, reason: t.reason ?? null });
    return (await loadBooking(trx, id))!;
  });
}

/**
 * Cancels a pending or scheduled booking, recording who and why; frees the slot.
 * Throws unauthorized, forbidden, booking_not_found, invalid_transition.
 */
export function cancelBooking(ctx: BookingContext, id: string, input: { reason?: string | null }, actor: BookingActor): Promise<BookingDetails> {
  return transition(ctx, id, actor, { roles: ['host', 'attendee', 'admin'], from: CANCELABLE, to: 'canceled', verb: 'canceled', change: 'canceled', reason: input.reason ?? null, deactivate: true });
}

/**
 * Approves a pending request (hosts only): it becomes scheduled and holds its slot. Two
 * pending requests for one slot approved in parallel: one wins, the other gets slot_unavailable.
 * Throws unauthorized, forbidden, booking_not_found, invalid_transition, slot_unavailable.
 */
export function approveBooking(ctx: BookingContext, id: string, actor: BookingActor): Promise<BookingDetails> {
  return transition(ctx, id, actor, { roles: ['host'], from: ['pending'], to: 'scheduled', verb: 'approved', change: 'approved', activate: true });
}

/** Declines a pending request (hosts only) and frees its slot. Throws unauthorized, forbidden, booking_not_found, invalid_transition. */
export function declineBooking(ctx: BookingContext, id: string, input: { reason?: string | null }, actor: BookingActor): Promise<BookingDetails> {
  return transition(ctx, id, actor, { roles: ['host'], from: ['pending'], to: 'rejected', verb: 'declined', change: 'declined', reason: input.reason ?? null, deactivate: true });
}

/** Marks a scheduled booking completed after its end (hosts only). Throws as approveBooking, plus invalid_transition before the end. */
export function completeBooking(ctx: BookingContext, id: string, actor: BookingActor): Promise<BookingDetails> {
  return transition(ctx, id, actor, { roles: ['host'], from: ['scheduled'], to: 'completed', verb: 'completed', change: null, afterEnd: true });
}

/** Marks a scheduled booking as a no-show after its end (hosts only); frees nothing (it is past). */
export function markNoShow(ctx: BookingContext, id: string, actor: BookingActor): Promise<BookingDetails> {
  return transition(ctx, id, actor, { roles: ['host'], from: ['scheduled'], to: 'no_show', verb: 'marked as no-show', change: 'no_show', afterEnd: true });
}
