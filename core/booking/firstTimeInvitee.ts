/**
 * "Approval only for first-time invitees": an invitee is new to a host until a booking of
 * theirs with that host has been scheduled (approved or instant) or completed.
 */
import type { Knex } from 'knex';

/**
 * Whether `email` has no scheduled or completed booking with one of `hostIds` (for several
 * hosts: new to any of them is new). Case-insensitive on the e-mail.
 *
 * @example await isFirstTimeInvitee(trx, [hostId], 'bo@x.org') // true before Bo's first meeting with the host
 */
export async function isFirstTimeInvitee(db: Knex, hostIds: readonly string[], email: string): Promise<boolean> {
  const known: Array<{ user_id: string }> = await db('booking_hosts as h')
    .join('bookings as b', 'b.id', 'h.booking_id')
    .join('booking_attendees as a', 'a.booking_id', 'b.id')
    .whereIn('h.user_id', hostIds as string[])
    .whereIn('b.status', ['scheduled', 'completed'])
    .where('a.email', email.toLowerCase())
    .distinct('h.user_id');
  return known.length < new Set(hostIds).size;
}
