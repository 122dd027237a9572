/**
 * Moving a booking to another time, keeping its id, hosts and ICS uid.
 */
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';
import { askerZone, CANCELABLE, requireBookingFor, requireNotEnded, requireStatus } from './access.js';
import { durationMinutesOf, listBookingHostIds, loadBooking, moveBookingBusy, recordStatus, updateBookingRow, type BookingRow } from './bookingRepository.js';
import { inTransaction, lockHosts, type BookingContext } from './context.js';
import { parseInstant, requireTimeZone } from './inputs.js';
import type { EventTypeRow } from './records.js';
import { adHocRules, rulesOfEventType, type SlotRules } from './rules.js';
import type { BookingActor, BookingDetails } from './types.js';
import { requireSlot } from './unavailable.js';

/** Rules for re-checking a booking's time: its event type's, or ad-hoc (collective, no buffers). */
async function rulesOfBooking(trx: Knex, booking: BookingRow, hostIds: string[]): Promise<SlotRules> {
  const eventType = booking.event_type_id ? await trx<EventTypeRow>('event_types').where({ id: booking.event_type_id }).first() : undefined;
  if (!eventType) return adHocRules(durationMinutesOf(booking), hostIds.length);
  // Each host keeps the booking: a round robin reschedule stays with its assigned host.
  return { ...rulesOfEventType(eventType), kind: hostIds.length === 1 ? 'one_on_one' : 'collective' };
}

/** A new start; `timezone` (IANA, optional) is the zone a refusal names free times in. */
export interface RescheduleBookingInput {
  start: string;
  timezone?: string;
}

/**
 * Moves a pending or scheduled booking to `start` (same duration, same hosts), keeping its id
 * and ICS uid and incrementing `sequence`. Atomic: the busy ranges move in the same
 * transaction, so there are never two live copies or none. Hosts (userId) and attendees
 * (manageToken) may reschedule. `idOrPrefix` is the id or a unique prefix of 8+ characters.
 * An unpaid hold (pending_payment) moves silently: nobody is notified until it is paid.
 * A refused time names the nearest free times in `input.timezone` (the asker's client: a CLI's
 * --tz), else in the acting attendee's or host's own zone.
 *
 * A meeting that has ended is not moved (invalid_transition, `details.reason` 'meeting_over').
 *
 * Throws unauthorized, forbidden, booking_not_found, ambiguous_id, invalid_transition, validation_failed, slot_unavailable.
 *
 * @example rescheduleBooking(ctx, id, { start: '2026-11-26T10:00:00Z', timezone: 'Asia/Kolkata' }, { manageToken })
 */
export async function rescheduleBooking(ctx: BookingContext, idOrPrefix: string, input: RescheduleBookingInput, actor: BookingActor): Promise<BookingDetails> {
  const start = parseInstant(input.start, 'start');
  const askedZone = input.timezone === undefined ? undefined : requireTimeZone(input.timezone);
  return inTransaction(ctx.db, async (trx) => {
    const { booking, label } = await requireBookingFor(trx, idOrPrefix, actor, ['host', 'attendee']);
    const id = booking.id;
    requireStatus(booking, CANCELABLE, 'rescheduled');
    if (booking.seats_total != null && label.startsWith('attendee:')) {
      throw new DomainError('forbidden', 'Only a host can move a group session; give up your seat and book another session instead');
    }
    // Already there (a form sent twice, the back button): nothing moves, nobody is told again.
    if (new Date(booking.start_at).getTime() === start) return (await loadBooking(trx, id))!;
    requireNotEnded(booking, ctx.clock.now(), 'moved');
    const hostIds = await listBookingHostIds(trx, id);
    const rules = await rulesOfBooking(trx, booking, hostIds);
    await lockHosts(trx, hostIds);
    const now = ctx.clock.now();
    const timezone = askedZone ?? (await askerZone(trx, id, label));
    const slot = await requireSlot(trx, { rules, hostIds, start, now: now.getTime(), excludeBookingId: id, timezone });
    await moveBookingBusy(trx, id, slot.start, slot.end, rules);
    await updateBookingRow(trx, id, { start_at: new Date(slot.start), end_at: new Date(slot.end), sequence: booking.sequence + 1, updated_at: now });
    const previousStart = new Date(booking.start_at).toISOString();
    await recordStatus(trx, { bookingId: id, from: booking.status, to: booking.status, actor: label, at: now, details: { rescheduledFrom: previousStart, rescheduledTo: new Date(slot.start).toISOString() } });
    if (ctx.payments) await ctx.payments.bookingRescheduled(trx, { bookingId: id, previousStartMs: new Date(booking.start_at).getTime(), actor: label });
    // An unpaid hold was never announced (no e-mail, calendar event, webhook or reminder): moving it
    // stays silent too, and the confirmation, when paid, carries the new time (as transitions.ts does for a cancel).
    if (booking.status !== 'pending_payment') await ctx.notifier.bookingChanged(trx, { type: 'rescheduled', bookingId: id, previousStart, previousEnd: new Date(booking.end_at).toISOString(), actor: label });
    return (await loadBooking(trx, id))!;
  });
}
