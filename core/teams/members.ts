/**
 * Managing a team's members (admins only, `manage_members`): add one, change their role or
 * round-robin priority and weight, remove one. A team always keeps at least one admin, and
 * someone who can no longer take bookings (a guest, or removed) stops hosting the team's event
 * types.
 */
import type { Knex } from 'knex';
import type { SchedulingContext } from '../booking/context.js';
import { invalidField } from '../booking/inputs.js';
import { requireTeamBySlug, requireUserByUsername } from '../booking/records.js';
import { getTeam } from '../booking/teams.js';
import type { TeamDetails } from '../booking/types.js';
import { DomainError, PG, sqlState } from '../errors.js';
import { can, requireTeamPermission, teamRoleOf, type TeamRole } from './policy.js';

export interface TeamMemberPatch {
  role?: TeamRole;
  /** Round robin: higher goes first. */
  priority?: number;
  /** Round robin: share of bookings (> 0; 200 takes twice as many as 100). */
  weight?: number;
}

export interface AddTeamMemberInput extends TeamMemberPatch {
  username: string;
}

type Team = { id: string; slug: string; name: string };

function requireWeight(weight: number | undefined): void {
  if (weight !== undefined && !(Number.isInteger(weight) && weight > 0)) throw invalidField('weight', 'expected a positive whole number');
}

/** Throws validation_failed when the change would leave the team without an admin. */
async function requireAnotherAdmin(trx: Knex, team: Team, userId: string): Promise<void> {
  const others: Array<{ user_id: string }> = await trx('team_members').where({ team_id: team.id, role: 'admin' }).whereNot({ user_id: userId }).select('user_id');
  if (others.length === 0) throw invalidField('role', `team "${team.slug}" needs at least one admin`);
}

/**
 * Takes the user off the hosts of the team's event types (they can no longer take bookings).
 * Throws validation_failed when they are the only host of one.
 */
async function stopHosting(trx: Knex, team: Team, userId: string, username: string): Promise<void> {
  const sole: { slug: string } | undefined = await trx('event_types as e')
    .join('event_type_hosts as h', 'h.event_type_id', 'e.id')
    .where({ 'e.team_id': team.id, 'h.user_id': userId })
    .whereNull('e.archived_at')
    .whereNotExists(trx('event_type_hosts as o').whereRaw('o.event_type_id = e.id').whereNot('o.user_id', userId))
    .first('e.slug');
  if (sole) throw invalidField('username', `${username} is the only host of event type "${sole.slug}"; give it another host first`);
  await trx('event_type_hosts').where({ user_id: userId }).whereIn('event_type_id', trx('event_types').where({ team_id: team.id }).select('id')).delete();
}

/**
 * Adds a member (default role host, priority 0, weight 100). Throws team_not_found, forbidden,
 * user_not_found, validation_failed, conflict (already a member).
 */
export async function addTeamMember(ctx: SchedulingContext, actorId: string, slug: string, input: AddTeamMemberInput): Promise<TeamDetails> {
  requireWeight(input.weight);
  await ctx.db.transaction(async (trx) => {
    const team = await requireTeamBySlug(trx, slug);
    await requireTeamPermission(trx, team, actorId, 'manage_members');
    const user = await requireUserByUsername(trx, input.username);
    try {
      await trx('team_members').insert({ team_id: team.id, user_id: user.id, role: input.role ?? 'host', priority: input.priority ?? 0, weight: input.weight ?? 100 });
    } catch (error) {
      if (sqlState(error) === PG.uniqueViolation) throw new DomainError('conflict', `${user.username} is already a member of team "${team.slug}"`);
      throw error;
    }
  });
  return getTeam(ctx, actorId, slug);
}

/** The member row's user, or member_not_found. */
async function requireMember(trx: Knex, team: Team, username: string): Promise<{ id: string; username: string; role: TeamRole }> {
  const user = await requireUserByUsername(trx, username);
  const role = await teamRoleOf(trx, team.id, user.id);
  if (!role) throw new DomainError('not_found', `${user.username} is not a member of team "${team.slug}"`);
  return { id: user.id, username: user.username, role };
}

/**
 * Changes a member's role, round-robin priority or weight. Throws team_not_found, forbidden,
 * user_not_found, not_found (not a member), validation_failed (last admin, sole host, bad weight).
 */
export async function updateTeamMember(ctx: SchedulingContext, actorId: string, slug: string, username: string, patch: TeamMemberPatch): Promise<TeamDetails> {
  requireWeight(patch.weight);
  await ctx.db.transaction(async (trx) => {
    const team = await requireTeamBySlug(trx, slug);
    await requireTeamPermission(trx, team, actorId, 'manage_members');
    const member = await requireMember(trx, team, username);
    if (patch.role && patch.role !== member.role) {
      if (member.role === 'admin') await requireAnotherAdmin(trx, team, member.id);
      if (!can(patch.role, 'take_bookings')) await stopHosting(trx, team, member.id, member.username);
    }
    const columns: Record<string, unknown> = {};
    if (patch.role !== undefined) columns.role = patch.role;
    if (patch.priority !== undefined) columns.priority = patch.priority;
    if (patch.weight !== undefined) columns.weight = patch.weight;
    if (Object.keys(columns).length) await trx('team_members').where({ team_id: team.id, user_id: member.id }).update(columns);
  });
  return getTeam(ctx, actorId, slug);
}

/**
 * Removes a member (and takes them off the team's event types). Throws team_not_found,
 * forbidden, user_not_found, not_found (not a member), validation_failed (last admin, sole host).
 */
export async function removeTeamMember(ctx: SchedulingContext, actorId: string, slug: string, username: string): Promise<void> {
  await ctx.db.transaction(async (trx) => {
    const team = await requireTeamBySlug(trx, slug);
    await requireTeamPermission(trx, team, actorId, 'manage_members');
    const member = await requireMember(trx, team, username);
    if (member.role === 'admin') await requireAnotherAdmin(trx, team, member.id);
    await stopHosting(trx, team, member.id, member.username);
    await trx('team_members').where({ team_id: team.id, user_id: member.id }).delete();
  });
}
