/**
 * Reading one booking as a host or an attendee, with its times in the viewer's zone.
 */
import { DateTime } from 'luxon';
import { refusalWithoutRole, requireActor, resolveBookingIdFor, resolveRole, type BookingRole } from './access.js';
import { bookingNotFound } from './bookingIds.js';
import { loadBooking } from './bookingRepository.js';
import { findOwnSeat } from './cancelSeat.js';
import { seatView } from './seats.js';
import type { BookingContext } from './context.js';
import { requireTimeZone } from './inputs.js';
import { requireUserById } from './records.js';
import type { BookingActor, BookingDetails } from './types.js';

/**
 * One booking, for a host or an attendee (account or manage token), with `local` times in
 * `timezone` (default: the viewer's own zone; an attendee by token: the invitee's; else UTC).
 * `idOrPrefix` is the id or a unique prefix of 8+ characters.
 *
 * Throws unauthorized, booking_not_found (also for someone else's), ambiguous_id, forbidden (a
 * member of its team who is neither host nor attendee), validation_failed (zone).
 *
 * @example getBooking(ctx, id, { manageToken }, { timezone: 'Europe/Paris' })
 */
export async function getBooking(ctx: BookingContext, idOrPrefix: string, actor: BookingActor, options: { timezone?: string } = {}): Promise<BookingDetails & { viewer: BookingRole }> {
  requireActor(actor);
  const id = await resolveBookingIdFor(ctx.db, idOrPrefix, actor);
  const booking = await loadBooking(ctx.db, id);
  if (!booking) throw bookingNotFound();
  const role = await resolveRole(ctx.db, id, actor);
  if (!role) throw await refusalWithoutRole(ctx.db, id, actor, 'You are neither a host nor an attendee of this meeting');
  const seen = role.role === 'attendee' && booking.seatsTotal != null ? seatView(booking, (await findOwnSeat(ctx.db, id, actor))?.id) : booking;
  let zone = options.timezone;
  if (!zone && actor.userId) zone = (await requireUserById(ctx.db, actor.userId)).timezone;
  if (!zone && role.role === 'attendee') zone = seen.attendees[0]?.timezone;
  zone = requireTimeZone(zone ?? 'UTC');
  const local = (iso: string) => DateTime.fromISO(iso, { zone }).toISO({ suppressMilliseconds: true })!;
  return { ...seen, local: { start: local(booking.start), end: local(booking.end), timezone: zone }, viewer: role.role };
}
