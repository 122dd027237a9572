/**
 * Team RBAC in one place: the policy table of team role × action, and the checks every entry
 * point (API routes, CLI through the API, chat bots through core) goes through. A use case that
 * acts on a team asks {@link requireTeamPermission} (or {@link hasTeamPermission}); nothing else
 * decides what a team role may do.
 *
 * | action               | admin | host | guest |
 * | -------------------- | ----- | ---- | ----- |
 * | view_team            |  yes  | yes  |  yes  |
 * | view_schedule        |  yes  | yes  |  yes  |
 * | book_for_team        |  yes  | yes  |  yes  |
 * | take_bookings        |  yes  | yes  |  no   |
 * | manage_members       |  yes  |  no  |  no   |
 * | manage_event_types   |  yes  |  no  |  no   |
 * | manage_bookings      |  yes  |  no  |  no   |
 *
 * Someone outside the team gets `team_not_found` (the team's existence is not revealed); a
 * member whose role lacks the action gets `forbidden`.
 */
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';

export const TEAM_ROLES = ['admin', 'host', 'guest'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const TEAM_ACTIONS = ['view_team', 'view_schedule', 'book_for_team', 'take_bookings', 'manage_members', 'manage_event_types', 'manage_bookings'] as const;
export type TeamAction = (typeof TEAM_ACTIONS)[number];

/** Which roles may do what: the one table every check reads. */
export const TEAM_POLICY: Readonly<Record<TeamAction, readonly TeamRole[]>> = {
  view_team: ['admin', 'host', 'guest'],
  view_schedule: ['admin', 'host', 'guest'],
  book_for_team: ['admin', 'host', 'guest'],
  take_bookings: ['admin', 'host'],
  manage_members: ['admin'],
  manage_event_types: ['admin'],
  manage_bookings: ['admin'],
};

/** What each action means, for refusals people read. */
const ACTION_WORDS: Readonly<Record<TeamAction, string>> = {
  view_team: 'see this team',
  view_schedule: "see the team's schedule",
  book_for_team: 'book on behalf of the team',
  take_bookings: "take the team's bookings",
  manage_members: "manage the team's members",
  manage_event_types: "manage the team's event types",
  manage_bookings: "manage other members' bookings",
};

/**
 * Whether `role` may do `action` (null: not a member, never).
 * @example can('guest', 'view_schedule') // true
 */
export function can(role: TeamRole | null, action: TeamAction): boolean {
  return role !== null && TEAM_POLICY[action].includes(role);
}

/** Whether a text is one of the team roles. */
export const isTeamRole = (value: string): value is TeamRole => (TEAM_ROLES as readonly string[]).includes(value);

/** The user's role in the team, or null when not a member. */
export async function teamRoleOf(db: Knex, teamId: string, userId: string): Promise<TeamRole | null> {
  const row: { role: string } | undefined = await db('team_members').where({ team_id: teamId, user_id: userId }).first('role');
  return row && isTeamRole(row.role) ? row.role : null;
}

/** Whether the user may do `action` in the team. */
export async function hasTeamPermission(db: Knex, teamId: string, userId: string, action: TeamAction): Promise<boolean> {
  return can(await teamRoleOf(db, teamId, userId), action);
}

/**
 * Checks the user may do `action` in the team; returns their role.
 * Throws team_not_found (not a member), forbidden (the role may not).
 */
export async function requireTeamPermission(db: Knex, team: { id: string; slug: string }, userId: string, action: TeamAction): Promise<TeamRole> {
  const role = await teamRoleOf(db, team.id, userId);
  if (role === null) throw new DomainError('team_not_found', `No team "${team.slug}"`, { details: { team: team.slug } });
  if (!can(role, action)) {
    throw new DomainError('forbidden', `A team ${role} cannot ${ACTION_WORDS[action]} (team "${team.slug}")`, { details: { team: team.slug, role, action } });
  }
  return role;
}

/**
 * The teams (ids) in which the user may do `action`.
 * @example await teamsWhere(db, userId, 'manage_bookings') // ['0b5c…']
 */
export async function teamsWhere(db: Knex, userId: string, action: TeamAction): Promise<string[]> {
  const rows: Array<{ team_id: string }> = await db('team_members').where({ user_id: userId }).whereIn('role', TEAM_POLICY[action] as TeamRole[]).select('team_id');
  return rows.map((r) => r.team_id);
}

/**
 * The user's role in the team that owns this booking's event type, or null (not a member, or
 * not a team booking). Every member sees the team's bookings on its schedule.
 */
export async function bookingTeamRole(db: Knex, bookingId: string, userId: string): Promise<TeamRole | null> {
  const row: { role: string } | undefined = await db('bookings as b')
    .join('event_types as e', 'e.id', 'b.event_type_id')
    .join('team_members as m', 'm.team_id', 'e.team_id')
    .where({ 'b.id': bookingId, 'm.user_id': userId })
    .first('m.role');
  return row && isTeamRole(row.role) ? row.role : null;
}

/**
 * Whether the user may manage this booking as an admin of the team that owns its event type
 * (`manage_bookings`); their username, for the history label, or null.
 */
export async function bookingTeamManager(db: Knex, bookingId: string, userId: string): Promise<string | null> {
  const row: { username: string } | undefined = await db('bookings as b')
    .join('event_types as e', 'e.id', 'b.event_type_id')
    .join('team_members as m', 'm.team_id', 'e.team_id')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'b.id': bookingId, 'm.user_id': userId })
    .whereIn('m.role', TEAM_POLICY.manage_bookings as TeamRole[])
    .first('u.username');
  return row?.username ?? null;
}
