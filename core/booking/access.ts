/**
 * Who may act on a booking: a host (by account), an admin of the team that owns its event type
 * (acting as a host, allowed by the team policy's `manage_bookings`), or an attendee (by manage
 * token, or by an account linked to the attendee row or owning its verified e-mail).
 */
import type { Knex } from 'knex';
import { whereAttendeeIsUser } from '../auth/emailOwnership.js';
import { hashSecret } from '../auth/secrets.js';
import type { BookingStatus } from '../db/models.js';
import { DomainError } from '../errors.js';
import { bookingTeamManager, bookingTeamRole } from '../teams/policy.js';
import { lockBookingRow, type BookingRow } from './bookingRepository.js';
import { bookingNotFound, resolveBookingId } from './bookingIds.js';
import type { BookingActor } from './types.js';

export type BookingRole = 'host' | 'attendee' | 'admin';

/** The actor's role on a booking and the label history rows and notifications carry. */
export interface ResolvedRole {
  role: BookingRole;
  label: string;
}

/** Throws unauthorized when the actor carries neither an account nor a manage token. */
export function requireActor(actor: BookingActor): void {
  if (!actor.userId && !actor.manageToken) throw new DomainError('unauthorized', 'Log in as a host, or use the manage link (?token=…) from your confirmation');
}

/** Who the actor is for this booking: a host, an attendee (manage token or account), or nobody. */
export async function resolveRole(db: Knex, bookingId: string, actor: BookingActor): Promise<ResolvedRole | null> {
  if (actor.admin && actor.userId) {
    const admin: { username: string } | undefined = await db('users').where({ id: actor.userId, role: 'admin' }).first('username');
    if (admin) return { role: 'admin', label: `admin:${admin.username}` };
  }
  if (actor.userId) {
    const host: { username: string } | undefined = await db('booking_hosts as h').join('users as u', 'u.id', 'h.user_id').where({ 'h.booking_id': bookingId, 'h.user_id': actor.userId }).first('u.username');
    if (host) return { role: 'host', label: `host:${host.username}` };
    const admin = await bookingTeamManager(db, bookingId, actor.userId);
    if (admin) return { role: 'host', label: `admin:${admin}` };
  }
  if (actor.manageToken) {
    const attendee: { email: string } | undefined = await db('booking_attendees').where({ booking_id: bookingId, manage_token_hash: hashSecret(actor.manageToken) }).first('email');
    if (attendee) return { role: 'attendee', label: `attendee:${attendee.email}` };
  }
  if (actor.userId) {
    const userId = actor.userId;
    const attendee: { email: string } | undefined = await db('booking_attendees as a').where('a.booking_id', bookingId).where((q) => whereAttendeeIsUser(q, userId, 'a')).first('a.email');
    if (attendee) return { role: 'attendee', label: `attendee:${attendee.email}` };
  }
  return null;
}

/**
 * The zone a message to the actor of a change names times in: the acting attendee's (by the
 * `attendee:<email>` label), or the acting host's or admin's profile zone; 'UTC' when neither is found.
 *
 * @example await askerZone(trx, bookingId, 'host:bob') // 'Europe/Berlin'
 */
export async function askerZone(db: Knex, bookingId: string, label: string): Promise<string> {
  const [role, who] = [label.slice(0, label.indexOf(':')), label.slice(label.indexOf(':') + 1)];
  const row: { timezone: string } | undefined =
    role === 'attendee'
      ? await db('booking_attendees').where({ booking_id: bookingId }).whereRaw('lower(email) = lower(?)', [who]).first('timezone')
      : await db('users').whereRaw('lower(username) = lower(?)', [who]).first('timezone');
  return row?.timezone ?? 'UTC';
}

/**
 * Whether an actor with no role on a booking may still know it exists: a member of the team
 * that owns its event type, whose schedule lists the team's meetings.
 */
export async function isBookingTeamMember(db: Knex, bookingId: string, actor: BookingActor): Promise<boolean> {
  return Boolean(actor.userId && (await bookingTeamRole(db, bookingId, actor.userId)));
}

/**
 * The refusal for an actor with no role on an existing booking: forbidden (`message`) for a
 * member of its team, who knows of it; for anyone else exactly what an id that does not exist
 * gets (booking_not_found), so a meeting id tells an outsider nothing.
 */
export async function refusalWithoutRole(db: Knex, bookingId: string, actor: BookingActor, message: string): Promise<DomainError> {
  return (await isBookingTeamMember(db, bookingId, actor)) ? new DomainError('forbidden', message) : bookingNotFound();
}

/**
 * The full id of the booking the actor names by id or by a unique prefix of 8+ characters
 * (narrowed to the bookings the actor may see). Throws booking_not_found, ambiguous_id.
 */
export function resolveBookingIdFor(db: Knex, idOrPrefix: string, actor: BookingActor): Promise<string> {
  return resolveBookingId(db, idOrPrefix, async (id) => (await resolveRole(db, id, actor)) !== null);
}

/**
 * Locks the booking named by id or unique prefix and checks the actor may act.
 * Throws unauthorized, booking_not_found (also for someone else's, see refusalWithoutRole),
 * ambiguous_id, forbidden, precondition_failed.
 */
export async function requireBookingFor(trx: Knex, idOrPrefix: string, actor: BookingActor, roles: readonly BookingRole[]): Promise<{ booking: BookingRow; label: string }> {
  requireActor(actor);
  const id = await resolveBookingIdFor(trx, idOrPrefix, actor);
  const booking = await lockBookingRow(trx, id);
  if (!booking) throw bookingNotFound();
  const role = await resolveRole(trx, id, actor);
  if (!role) throw await refusalWithoutRole(trx, id, actor, 'You are neither a host of this meeting nor holding its manage token');
  if (!roles.includes(role.role)) throw new DomainError('forbidden', 'Only a host may do this');
  // After the role: the version (and the status it reports) is for those who may see the meeting.
  requireVersion(booking, actor.ifVersion);
  return { booking, label: role.label };
}

/**
 * Throws precondition_failed when the caller acts on a version of the meeting that is no longer
 * the current one (checked on the locked row, so two writers cannot both pass). Its details carry
 * the current status and version, for the caller to show the conflict.
 */
export function requireVersion(booking: Pick<BookingRow, 'status' | 'version'>, expected: number | undefined): void {
  if (expected === undefined || Number(booking.version) === expected) return;
  throw new DomainError('precondition_failed', 'This meeting changed since you loaded it; look at it again before changing it', { details: { current: { status: booking.status, version: Number(booking.version) } } });
}

/** Statuses a booking can still be moved or canceled from. */
export const CANCELABLE: readonly BookingStatus[] = ['pending', 'pending_payment', 'scheduled'];

/** Whether a meeting has ended by `now` (it took place, or its time passed). */
export function hasEnded(booking: { end_at: Date }, now: Date): boolean {
  return new Date(booking.end_at).getTime() <= now.getTime();
}

/** Throws invalid_transition (`details.reason` 'meeting_over') when the meeting has ended: what took place is not moved. */
export function requireNotEnded(booking: { end_at: Date }, now: Date, action: string): void {
  if (!hasEnded(booking, now)) return;
  const endedAt = new Date(booking.end_at).toISOString();
  throw new DomainError('invalid_transition', `This meeting is over (it ended at ${endedAt}): a meeting that took place cannot be ${action}`, { details: { reason: 'meeting_over', endedAt, action } });
}

/** Throws invalid_transition unless the booking's status is one of `allowed`. */
export function requireStatus(booking: { status: BookingStatus }, allowed: readonly BookingStatus[], action: string): void {
  if (!allowed.includes(booking.status)) {
    throw new DomainError('invalid_transition', `A ${booking.status} meeting cannot be ${action}`, { details: { status: booking.status, action } });
  }
}
