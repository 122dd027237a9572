/**
 * Teams: named groups of users whose members host team event types (with round-robin priority
 * and weight).
 */
import { openPlanGuard } from '../billing/planGuard.js';
import { DomainError, PG, sqlState } from '../errors.js';
import { requireTeamPermission, type TeamRole } from '../teams/policy.js';
import type { SchedulingContext } from './context.js';
import { SLUG_RE } from './eventTypes.js';
import { invalidField } from './inputs.js';
import { requireTeamBySlug, requireUsersByUsername } from './records.js';
import type { TeamDetails } from './types.js';

export interface CreateTeamInput {
  slug: string;
  name: string;
  members: Array<{ username: string; priority?: number; weight?: number; role?: TeamRole }>;
}

interface TeamRow {
  id: string;
  slug: string;
  name: string;
}

type MemberRow = TeamDetails['members'][number];

/**
 * Creates a team; the caller becomes its admin. Members default to the host role. Throws validation_failed,
 * slug_taken, user_not_found (unknown member), plan_required (teams need Enterprise).
 *
 * @example createTeam(ctx, userId, { slug: 'sales', name: 'Sales', members: [{ username: 'bob', weight: 50 }] })
 */
export async function createTeam(ctx: SchedulingContext, userId: string, input: CreateTeamInput): Promise<TeamDetails> {
  const slug = input.slug.toLowerCase();
  if (!SLUG_RE.test(slug)) throw invalidField('slug', 'use lower-case letters, digits and "-"');
  try {
    const team = await ctx.db.transaction(async (trx) => {
      await (ctx.plans ?? openPlanGuard).beforeCreateTeam(trx, userId);
      const users = await requireUsersByUsername(trx, input.members.map((m) => m.username));
      const [row]: TeamRow[] = await trx('teams').insert({ slug, name: input.name }).returning(['id', 'slug', 'name']);
      const rows = new Map<string, Record<string, unknown>>();
      for (const m of input.members) {
        const user = users.find((u) => u.username.toLowerCase() === m.username.toLowerCase())!;
        rows.set(user.id, { team_id: row!.id, user_id: user.id, role: user.id === userId ? 'admin' : (m.role ?? 'host'), priority: m.priority ?? 0, weight: m.weight ?? 100 });
      }
      if (!rows.has(userId)) rows.set(userId, { team_id: row!.id, user_id: userId, role: 'admin', priority: 0, weight: 100 });
      await trx('team_members').insert([...rows.values()]);
      return row!;
    });
    return presentTeam(ctx, userId, team);
  } catch (error) {
    if (sqlState(error) === PG.uniqueViolation) throw new DomainError('slug_taken', `The team slug "${slug}" is taken`, { errors: [{ field: 'slug', message: 'already taken' }] });
    throw error;
  }
}

/** A team with its members, for a member (`view_team`). Throws team_not_found for anyone else. */
async function presentTeam(ctx: SchedulingContext, userId: string, team: TeamRow): Promise<TeamDetails> {
  await requireTeamPermission(ctx.db, team, userId, 'view_team');
  const members: MemberRow[] = await ctx.db('team_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where('m.team_id', team.id)
    .orderBy('u.username')
    .select('u.id as userId', 'u.username', 'u.name', 'm.role', 'm.priority', 'm.weight');
  return { id: team.id, slug: team.slug, name: team.name, members };
}

/** A team and its members. Throws team_not_found (also for non-members). */
export async function getTeam(ctx: SchedulingContext, userId: string, slug: string): Promise<TeamDetails> {
  return presentTeam(ctx, userId, await requireTeamBySlug(ctx.db, slug));
}

/** Teams the user belongs to, by slug. */
export async function listTeams(ctx: SchedulingContext, userId: string): Promise<TeamDetails[]> {
  const teams: TeamRow[] = await ctx.db('teams').whereIn('id', ctx.db('team_members').where({ user_id: userId }).select('team_id')).orderBy('slug').select('id', 'slug', 'name');
  return Promise.all(teams.map((t) => presentTeam(ctx, userId, t)));
}
