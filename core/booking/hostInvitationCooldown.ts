/**
 * The pause after someone turns down hosting a personal event type. Declining its invitation or
 * leaving it after accepting is recorded (event_type_host_refusals), and for a week after that the
 * owner cannot invite them again: every invitation is an e-mail and a notice, so an owner must not
 * be able to repeat one at will. Only the user's own answer counts: an owner who took someone off
 * the hosts may ask them again at once.
 */
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';
import { DAY_MS } from '../time/units.js';

type Db = Knex | Knex.Transaction;

/** How long after declining or leaving a user cannot be invited to host that event type again. */
export const HOST_INVITATION_COOLDOWN_MS = 7 * DAY_MS;

/** How a user turned hosting down. */
export type HostRefusal = 'declined' | 'left';

/** The instant from which someone who declined or left at `refusedAt` can be invited again. */
export const reinviteAllowedAt = (refusedAt: Date): Date => new Date(refusedAt.getTime() + HOST_INVITATION_COOLDOWN_MS);

/**
 * Records that `userId` declined or left hosting the event type at `at` (the latest one counts);
 * returns the instant from which the owner can invite them to it again.
 */
export async function recordHostRefusal(trx: Db, refusal: { eventTypeId: string; userId: string; reason: HostRefusal; at: Date }): Promise<Date> {
  await trx('event_type_host_refusals')
    .insert({ event_type_id: refusal.eventTypeId, user_id: refusal.userId, reason: refusal.reason, refused_at: refusal.at })
    .onConflict(['event_type_id', 'user_id'])
    .merge();
  return reinviteAllowedAt(refusal.at);
}

const REFUSED: Record<HostRefusal, string> = { declined: 'declined to host', left: 'stopped hosting' };

/**
 * Throws invitation_cooldown when any of `users` declined or left hosting the event type less than
 * HOST_INVITATION_COOLDOWN_MS before `now`; `details.users` names each with `invitableAt`, the
 * instant from which they can be invited again.
 *
 * @example await requireNoInvitationCooldown(trx, eventTypeId, [bob], clock.now()) // bob declined 2 days ago: throws, invitableAt in 5 days
 */
export async function requireNoInvitationCooldown(trx: Db, eventTypeId: string, users: ReadonlyArray<{ id: string; username: string }>, now: Date): Promise<void> {
  if (!users.length) return;
  const rows: Array<{ user_id: string; reason: HostRefusal; refused_at: Date }> = await trx('event_type_host_refusals')
    .where({ event_type_id: eventTypeId })
    .whereIn(
      'user_id',
      users.map((u) => u.id),
    )
    .where('refused_at', '>', new Date(now.getTime() - HOST_INVITATION_COOLDOWN_MS))
    .select('user_id', 'reason', 'refused_at');
  if (!rows.length) return;
  const cooling = users.flatMap((u) => {
    const row = rows.find((r) => r.user_id === u.id);
    if (!row) return [];
    const refusedAt = new Date(row.refused_at);
    return [{ username: u.username, reason: row.reason, refusedAt: refusedAt.toISOString(), invitableAt: reinviteAllowedAt(refusedAt).toISOString() }];
  });
  const each = cooling.map((c) => `${c.username} ${REFUSED[c.reason]} this event type at ${c.refusedAt} and can be invited again from ${c.invitableAt}`);
  const them = cooling.length === 1 ? cooling[0]!.username : 'them';
  throw new DomainError(
    'invitation_cooldown',
    `${each.join('; ')}. Someone who turned hosting down is not asked again for 7 days. Leave ${them} out of hosts for now; after that time, name ${them} in hosts again to send a new invitation.`,
    { details: { users: cooling } },
  );
}

/** Deletes refusals older than the cool-down (they no longer hold anyone back); returns how many. Run by the server's housekeeping. */
export async function purgeHostRefusals(db: Db, now: Date): Promise<number> {
  const deleted: unknown[] = await db('event_type_host_refusals').where('refused_at', '<=', new Date(now.getTime() - HOST_INVITATION_COOLDOWN_MS)).delete().returning('user_id');
  return deleted.length;
}
