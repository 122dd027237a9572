/**
 * Join links: each attendee of a group session gets their own `/j/<token>` (the database keeps
 * a hash). It leads to the meeting place while their seat and the session stand; the host (or
 * the attendee) can revoke it, and giving up the seat revokes it too.
 */
import { hashSecret } from '../auth/secrets.js';
import { DomainError } from '../errors.js';
import { requireBookingFor } from './access.js';
import { inTransaction, type BookingContext } from './context.js';
import { findOwnSeat } from './cancelSeat.js';

/** Where a join link leads: a URL to redirect to, or a place (an address) to show. */
export interface JoinTarget {
  title: string;
  start: string;
  end: string;
  location: string;
  /** True when `location` is an http(s) URL the link may redirect to. */
  isUrl: boolean;
}

interface JoinRow {
  join_revoked_at: Date | null;
  canceled_at: Date | null;
  status: string;
  title: string;
  start_at: Date;
  end_at: Date;
  location: string | null;
  event_type_location: string | null;
}

const isHttpUrl = (value: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/**
 * The meeting place behind a join token.
 * Throws not_found (unknown token), link_revoked (revoked, seat given up, meeting canceled or
 * over), conflict (no place set yet).
 */
export async function resolveJoinLink(ctx: Pick<BookingContext, 'db' | 'clock'>, token: string): Promise<JoinTarget> {
  const row: JoinRow | undefined = await ctx.db('booking_attendees as a')
    .join('bookings as b', 'b.id', 'a.booking_id')
    .leftJoin('event_types as e', 'e.id', 'b.event_type_id')
    .where('a.join_token_hash', hashSecret(token))
    .first('a.join_revoked_at', 'a.canceled_at', 'b.status', 'b.title', 'b.start_at', 'b.end_at', 'b.location', 'e.location as event_type_location');
  if (!row) throw new DomainError('not_found', 'This join link does not exist. Use the link from your confirmation email.');
  if (row.join_revoked_at || row.canceled_at) throw new DomainError('link_revoked', 'This join link was revoked. If you still want to attend, book a seat again or ask the host.');
  if (!['scheduled', 'pending'].includes(row.status)) throw new DomainError('link_revoked', `This meeting is ${row.status === 'canceled' ? 'canceled' : 'no longer on'}, so its join link no longer works.`);
  if (new Date(row.end_at).getTime() <= ctx.clock.now().getTime()) throw new DomainError('link_revoked', 'This meeting is over, so its join link no longer works.');
  const location = row.location ?? row.event_type_location;
  if (!location) throw new DomainError('conflict', 'The host has not set where this meeting takes place yet; check your confirmation email closer to the time.');
  return { title: row.title, start: new Date(row.start_at).toISOString(), end: new Date(row.end_at).toISOString(), location, isUrl: isHttpUrl(location) };
}

/**
 * Revokes one attendee's join link: a host of the meeting may revoke anyone's, an attendee their
 * own. Idempotent. Throws unauthorized, booking_not_found, forbidden, not_found (no such attendee).
 */
export async function revokeJoinLink(ctx: BookingContext, bookingIdOrPrefix: string, attendeeId: string, actor: { userId?: string; manageToken?: string }): Promise<{ attendeeId: string; revokedAt: string }> {
  return inTransaction(ctx.db, async (trx) => {
    const { booking, label } = await requireBookingFor(trx, bookingIdOrPrefix, actor, ['host', 'attendee']);
    if (label.startsWith('attendee:') && (await findOwnSeat(trx, booking.id, actor))?.id !== attendeeId) {
      throw new DomainError('forbidden', 'You can revoke your own join link only');
    }
    const row: { id: string; join_revoked_at: Date | null } | undefined = await trx('booking_attendees').where({ id: attendeeId, booking_id: booking.id }).first('id', 'join_revoked_at');
    if (!row) throw new DomainError('not_found', 'No such attendee in this meeting');
    const at = row.join_revoked_at ?? ctx.clock.now();
    if (!row.join_revoked_at) await trx('booking_attendees').where({ id: attendeeId }).update({ join_revoked_at: at });
    return { attendeeId, revokedAt: new Date(at).toISOString() };
  });
}
