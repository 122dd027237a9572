/**
 * The hosts' own notes on a meeting (the dashboard's summary page): free text only hosts see.
 */
import { DomainError } from '../errors.js';
import { requireBookingFor } from './access.js';
import { loadBooking, updateBookingRow } from './bookingRepository.js';
import { inTransaction, type BookingContext } from './context.js';
import type { BookingActor, BookingDetails } from './types.js';

export const MAX_HOST_NOTES = 10_000;

/**
 * Replaces the hosts' notes (an empty text clears them). With `actor.ifVersion`, only if the
 * meeting is still at that version. Throws unauthorized, forbidden (not a host),
 * booking_not_found, validation_failed (too long), precondition_failed.
 * @example await updateHostNotes(ctx, id, { hostNotes: 'Send the deck first' }, { userId, ifVersion: 3 })
 */
export function updateHostNotes(ctx: BookingContext, idOrPrefix: string, input: { hostNotes: string }, actor: BookingActor): Promise<BookingDetails> {
  const text = input.hostNotes.trim();
  if (text.length > MAX_HOST_NOTES) throw new DomainError('validation_failed', `Notes are at most ${MAX_HOST_NOTES} characters`, { errors: [{ field: 'hostNotes', message: 'too long' }] });
  return inTransaction(ctx.db, async (trx) => {
    const { booking } = await requireBookingFor(trx, idOrPrefix, actor, ['host']);
    await updateBookingRow(trx, booking.id, { host_notes: text || null, updated_at: ctx.clock.now() });
    return (await loadBooking(trx, booking.id))!;
  });
}
