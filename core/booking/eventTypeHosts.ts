/**
 * Who hosts an event type and who may manage it: the owner, or the admins of its team (the team
 * policy in core/teams/policy.ts decides; its other members may read it).
 */
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';
import { can, requireTeamPermission, teamRoleOf, TEAM_POLICY, type TeamRole } from '../teams/policy.js';
import { invalidField } from './inputs.js';
import { UUID_RE, requireUsersByUsername, type EventTypeRow } from './records.js';
import type { EventKind } from './types.js';

/** Whether the user may edit the event type (its owner, or a team member allowed `manage_event_types`). */
export async function canManageEventType(db: Knex, userId: string, row: EventTypeRow): Promise<boolean> {
  if (row.owner_user_id) return row.owner_user_id === userId;
  return can(await teamRoleOf(db, row.team_id!, userId), 'manage_event_types');
}

/**
 * A live event type the user may manage (`manage`) or read (`view`: any member of its team).
 * Throws event_type_not_found (also when it is not theirs), forbidden (a team member whose role
 * may not manage it).
 */
export async function requireOwnEventType(db: Knex, userId: string, id: string, access: 'manage' | 'view' = 'manage'): Promise<EventTypeRow> {
  const row = UUID_RE.test(id) ? await db<EventTypeRow>('event_types').where({ id }).whereNull('archived_at').first() : undefined;
  if (row?.owner_user_id === userId) return row;
  if (!row?.team_id || !(await teamRoleOf(db, row.team_id, userId))) throw new DomainError('event_type_not_found', 'Event type was not found');
  const team = (await db('teams').where({ id: row.team_id }).first('id', 'slug')) as { id: string; slug: string };
  await requireTeamPermission(db, team, userId, access === 'manage' ? 'manage_event_types' : 'view_team');
  return row;
}

/**
 * Host ids of a team event type from usernames (default: every member who may take bookings):
 * membership in such a role is their consent to host (personal event types ask first,
 * hostInvitations.ts). Throws user_not_found, validation_failed (a host outside the team or whose
 * role cannot take bookings, no host, a one_on_one with several).
 */
export async function resolveTeamHostIds(db: Knex, teamId: string, kind: EventKind, usernames: string[] | undefined): Promise<string[]> {
  const members: Array<{ user_id: string; role: TeamRole }> = await db('team_members').where({ team_id: teamId }).select('user_id', 'role');
  const roles = new Map(members.map((m) => [m.user_id, m.role]));
  const memberIds = new Set(members.filter((m) => TEAM_POLICY.take_bookings.includes(m.role)).map((m) => m.user_id));
  let ids = [...memberIds];
  if (usernames && usernames.length) {
    const users = await requireUsersByUsername(db, usernames);
    const outsider = users.find((u) => !memberIds.has(u.id));
    if (outsider) throw invalidField('hosts', roles.has(outsider.id) ? `${outsider.username} is a team ${roles.get(outsider.id)} and cannot take bookings` : `${outsider.username} is not a member of the team`);
    ids = users.map((u) => u.id);
  }
  if (ids.length === 0) throw invalidField('hosts', 'an event type needs at least one host');
  if (kind === 'one_on_one' && ids.length !== 1) throw invalidField('hosts', 'a one_on_one event type has exactly one host');
  return ids;
}

/** Replaces the event type's hosts. */
export async function setEventTypeHosts(trx: Knex, eventTypeId: string, hostIds: string[]): Promise<void> {
  await trx('event_type_hosts').where({ event_type_id: eventTypeId }).delete();
  await trx('event_type_hosts').insert(hostIds.map((user_id) => ({ event_type_id: eventTypeId, user_id })));
}
