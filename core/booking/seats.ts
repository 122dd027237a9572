/**
 * Group sessions: an event type of kind `group` has one session (one booking, one busy range per
 * host) per slot, with `seats` attendees. The first booker of a slot opens the session under the
 * exclusion constraint like any booking; later bookers take a seat in it.
 *
 * Capacity is decided by the database: a seat is taken by `UPDATE bookings SET seats_taken =
 * seats_taken + 1 WHERE id = ? AND seats_taken < seats_total` on the session row (the row lock
 * serializes takers across any number of processes), and the check constraint
 * `seats_taken <= seats_total` backs it. A unique index allows one open session per event type
 * and start, so two first bookers never open two sessions.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { generateSecret, hashSecret } from '../auth/secrets.js';
import { findAttendeeAccountId } from '../auth/emailOwnership.js';
import { DomainError } from '../errors.js';
import { MINUTE_MS } from '../time/units.js';
import type { BookingRow } from './bookingRepository.js';
import type { SlotRules } from './rules.js';
import type { ManageTokenIssuer } from './manageTokens.js';
import type { BookingDetails } from './types.js';

/** An open group session, as locked by {@link lockOpenSession}. */
export interface SessionRow extends BookingRow {
  seats_total: number;
  seats_taken: number;
}

/**
 * A group session as one of its attendees sees it: their own seat (none once given up), never the
 * other attendees, nor the session's notes (the words of whoever took its first seat).
 */
export function seatView<T extends BookingDetails>(session: T, attendeeId: string | undefined): T {
  return { ...session, attendees: session.attendees.filter((a) => a.id === attendeeId), notes: null };
}

/** Statuses in which a session is open for seats. */
export const OPEN_SESSION_STATUSES = ['pending', 'scheduled'] as const;

/** The open session of an event type at `start`, locked for the rest of the transaction; undefined when none. */
export async function lockOpenSession(trx: Knex, eventTypeId: string, start: number): Promise<SessionRow | undefined> {
  return trx<SessionRow>('bookings')
    .where({ event_type_id: eventTypeId, start_at: new Date(start) })
    .whereNotNull('seats_total')
    .whereIn('status', [...OPEN_SESSION_STATUSES])
    .forUpdate()
    .first();
}

/** Takes one seat of the session; false when it is full. The row lock and the capacity check decide. */
export async function takeSeat(trx: Knex, sessionId: string): Promise<boolean> {
  const rows = await trx('bookings').where({ id: sessionId }).whereRaw('seats_taken < seats_total').update({ seats_taken: trx.raw('seats_taken + 1') }, ['id']);
  return rows.length === 1;
}

/** Gives one seat back to the public (nobody was waiting for it). */
export async function releaseSeat(trx: Knex, sessionId: string): Promise<void> {
  await trx('bookings').where({ id: sessionId }).where('seats_taken', '>', 0).update({ seats_taken: trx.raw('seats_taken - 1') });
}

/** The refusal when a session has no seat left. */
export function sessionFullError(seatsTotal: number): DomainError {
  return new DomainError('slot_unavailable', 'That session is full: no seats left. Join its waitlist to be offered a seat when one frees up.', {
    details: { reason: 'full', seatsTotal, seatsLeft: 0, alternatives: [] },
  });
}

/**
 * Throws conflict (reason `seated`) when `email` (any case) holds a seat of the session that it
 * did not give up. Run it with the session row locked (lockOpenSession): the lock serializes the
 * takers of one session, so two bookings of one address never both pass.
 */
export async function requireNotSeated(trx: Knex, sessionId: string, email: string): Promise<void> {
  if (await isSeated(trx, sessionId, email)) throw new DomainError('conflict', 'You already have a seat in this session', { details: { reason: 'seated' } });
}

/** The seats of the session that `email` (any case) holds or has held. */
const seatsOf = (trx: Knex, sessionId: string, email: string) => trx('booking_attendees').where({ booking_id: sessionId }).whereRaw('lower(email) = lower(?)', [email]);

/** Whether `email` (any case) holds a seat of the session that was not given up. */
export async function isSeated(trx: Knex, sessionId: string, email: string): Promise<boolean> {
  return Boolean(await seatsOf(trx, sessionId, email).whereNull('canceled_at').first('id'));
}

/** Throws slot_unavailable (in_past, too_soon) when a session can no longer be joined at `now`. */
export function requireJoinable(session: Pick<BookingRow, 'start_at'>, rules: Pick<SlotRules, 'minimumNoticeMinutes'>, now: number): void {
  const start = new Date(session.start_at).getTime();
  if (start <= now) throw new DomainError('slot_unavailable', 'That session has already started.', { details: { reason: 'in_past', alternatives: [] } });
  if (start < now + rules.minimumNoticeMinutes * MINUTE_MS) {
    throw new DomainError('slot_unavailable', `That session starts too soon: book at least ${rules.minimumNoticeMinutes} minutes ahead.`, { details: { reason: 'too_soon', alternatives: [] } });
  }
}

/** A seated attendee and the secrets only they get (the database keeps hashes). */
export interface Seat {
  attendeeId: string;
  manageToken: string;
  joinToken: string;
}

/**
 * Seats one person in a session whose seat was already taken (takeSeat): their own attendee row
 * with their own manage token and join link. When the address gave up a seat of this session
 * before, the session's ICS sequence is raised (see below).
 */
export async function insertSeat(trx: Knex, sessionId: string, person: { name: string; email: string; timezone: string }, options: { createdByUserId: string | null; now: Date; issueManageToken: ManageTokenIssuer }): Promise<Seat> {
  const attendeeId = randomUUID();
  const manageToken = options.issueManageToken(attendeeId);
  const joinToken = generateSecret('yava_jn_');
  const accountId = await findAttendeeAccountId(trx, person.email, options.createdByUserId);
  // Someone who gave up a seat here got a CANCEL at the session's sequence: the invite for their
  // new seat must outrank it in their calendar (same UID), so the session's sequence goes up.
  const gaveUp = await seatsOf(trx, sessionId, person.email).whereNotNull('canceled_at').first('id');
  if (gaveUp) await trx('bookings').where({ id: sessionId }).update({ sequence: trx.raw('sequence + 1') });
  await trx('booking_attendees')
    .insert({
      id: attendeeId,
      booking_id: sessionId,
      user_id: accountId,
      name: person.name,
      email: person.email.toLowerCase(),
      timezone: person.timezone,
      manage_token_hash: hashSecret(manageToken),
      join_token_hash: hashSecret(joinToken),
      created_at: options.now,
    });
  return { attendeeId, manageToken, joinToken };
}
