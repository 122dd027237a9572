/**
 * Assigning a team booking to a specific member (team admins, `manage_bookings`): the member
 * must be able to take bookings and be free for it (working hours, other bookings, calendars,
 * daily and weekly limits); the busy range moves to them under the exclusion constraint, the
 * history records who assigned it to whom and why, and everyone is told (a 'reassigned' change:
 * e-mails, calendars, reminders, webhooks).
 */
import { DomainError } from '../errors.js';
import { can, requireTeamPermission, teamRoleOf } from '../teams/policy.js';
import { CANCELABLE, isBookingTeamMember, requireActor, requireStatus, resolveBookingIdFor, resolveRole } from './access.js';
import { bookingNotFound } from './bookingIds.js';
import { durationMinutesOf, listBookingHostIds, loadBooking, lockBookingRow, recordStatus, updateBookingRow } from './bookingRepository.js';
import { inTransaction, lockHosts, type BookingContext } from './context.js';
import { invalidField } from './inputs.js';
import { requireUserById, requireUserByUsername, type EventTypeRow } from './records.js';
import { rulesOfEventType } from './rules.js';
import type { BookingDetails } from './types.js';
import { findSlot } from './slots.js';
import { unavailableReason } from './unavailable.js';

export interface AssignBookingInput {
  /** The member who takes the booking. */
  username: string;
  /** Why (kept in the booking's history and assignment reason). */
  reason: string;
}

/**
 * Gives a pending or scheduled booking of a team event type to `username` instead of its
 * current host. Throws unauthorized, booking_not_found (also for an outsider's), forbidden (not
 * a team booking, or the caller may not manage the team's bookings), team_not_found, invalid_transition,
 * user_not_found, validation_failed (not a member, a guest, already the host, a booking with
 * several hosts, no reason), slot_unavailable (the member is not free: `details.reason`).
 *
 * @example assignBooking(ctx, '3f2a9c1e', { username: 'bob', reason: 'speaks German' }, adminId)
 */
export async function assignBooking(ctx: BookingContext, idOrPrefix: string, input: AssignBookingInput, actorId: string): Promise<BookingDetails> {
  requireActor({ userId: actorId });
  const reason = input.reason.trim();
  if (!reason) throw invalidField('reason', 'say why the booking is assigned');
  return inTransaction(ctx.db, async (trx) => {
    const asker = { userId: actorId };
    const id = await resolveBookingIdFor(trx, idOrPrefix, asker);
    const booking = await lockBookingRow(trx, id);
    // Someone who neither hosts, attends nor shares its team hears what a missing id gets.
    if (!booking || !((await resolveRole(trx, id, asker)) || (await isBookingTeamMember(trx, id, asker)))) throw bookingNotFound();
    const eventType = booking.event_type_id ? await trx<EventTypeRow>('event_types').where({ id: booking.event_type_id }).first() : undefined;
    const team = eventType?.team_id ? ((await trx('teams').where({ id: eventType.team_id }).first('id', 'slug')) as { id: string; slug: string }) : undefined;
    if (!eventType || !team) throw new DomainError('forbidden', 'Only meetings booked through a team event type can be assigned');
    await requireTeamPermission(trx, team, actorId, 'manage_bookings');
    requireStatus(booking, CANCELABLE, 'assigned');
    const target = await requireUserByUsername(trx, input.username);
    const role = await teamRoleOf(trx, team.id, target.id);
    if (!role) throw invalidField('username', `${target.username} is not a member of team "${team.slug}"`);
    if (!can(role, 'take_bookings')) throw invalidField('username', `${target.username} is a team ${role} and cannot take bookings`);
    const current = await listBookingHostIds(trx, id);
    if (current.length !== 1) throw invalidField('username', 'only a meeting with one host can be assigned');
    if (current[0] === target.id) throw invalidField('username', `${target.username} already hosts this meeting`);
    await lockHosts(trx, [...current, target.id]);
    const now = ctx.clock.now();
    const start = new Date(booking.start_at).getTime();
    // Any whole-minute start inside the member's hours; notice and horizon were the booker's rules.
    const rules = { ...rulesOfEventType(eventType), kind: 'one_on_one' as const, durationMinutes: durationMinutesOf(booking), minimumNoticeMinutes: 0, maxDaysAhead: null, slotStepMinutes: 1 };
    // Not free: say why, naming the member. No nearest free times: an assignment keeps the time.
    const check = { rules, hostIds: [target.id], start, now: now.getTime(), timezone: target.timezone, excludeBookingId: id };
    const { slot, hosts } = await findSlot(trx, check);
    if (!slot) {
      const { reason, sentence } = unavailableReason(check, hosts);
      throw new DomainError('slot_unavailable', `${target.username} cannot take this meeting: ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}. Assign it to someone else, or reschedule it first.`, { details: { reason, alternatives: [] } });
    }
    // The same busy range and active flag, now the member's; the exclusion constraint decides races.
    await trx.raw('INSERT INTO booking_hosts (booking_id, user_id, busy, active) SELECT booking_id, ?, busy, active FROM booking_hosts WHERE booking_id = ? AND user_id = ?', [target.id, id, current[0]]);
    await trx('booking_hosts').where({ booking_id: id }).whereNot({ user_id: target.id }).delete();
    const actor = await requireUserById(trx, actorId);
    const previous = await requireUserById(trx, current[0]!);
    await updateBookingRow(trx, id, { assignment_reason: `assigned to ${target.username} by ${actor.username}: ${reason}`, sequence: booking.sequence + 1, updated_at: now });
    await recordStatus(trx, { bookingId: id, from: booking.status, to: booking.status, actor: `admin:${actor.username}`, at: now, reason: `assigned from ${previous.username} to ${target.username}: ${reason}`, details: { assignedTo: target.username, previousHost: previous.username } });
    // The invitees, the new host and the former one are told; the calendars and reminders follow.
    const previousHosts = [{ id: previous.id, name: previous.name, email: previous.email, timezone: previous.timezone }];
    await ctx.notifier.bookingChanged(trx, { type: 'reassigned', bookingId: id, previousHosts, actor: `user:${actorId}`, reason });
    return (await loadBooking(trx, id))!;
  });
}
