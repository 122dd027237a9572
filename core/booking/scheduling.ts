/**
 * The scheduling service: working hours, user settings, event types, teams, and slot queries.
 * Inputs are plain values (camelCase); outputs are the plain objects of ./types.ts.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { compileSchedule } from '../availability/index.js';
import type { DateOverride, Schedule, WeeklyRule } from '../availability/types.js';
import { User } from '../db/models.js';
import { DomainError, PG, constraintName, sqlState } from '../errors.js';
import type { Logger } from '../logger.js';
import { defaultSchedule, loadHostRows } from './loader.js';
import {
  UUID_RE,
  listEventTypeHostIds,
  presentEventTypes,
  requireEventTypeBySlug,
  requireTeamBySlug,
  requireUserById,
  requireUserByUsername,
  requireUsersByUsername,
  type EventTypeRow,
} from './records.js';
import { adHocRules, computeSlots, requireTimeZone, resolveDateRange, rulesOfEventType, type SlotRules } from './slots.js';
import type { EventKind, EventTypeDetails, ScheduleDetails, SlotList, TeamDetails } from './types.js';

export interface SchedulingServiceDeps {
  db: Knex;
  clock: Clock;
  logger?: Logger;
}

export interface SaveScheduleInput {
  timezone: string;
  weekly: WeeklyRule[];
  overrides?: DateOverride[];
}

export interface UpdateUserSettingsInput {
  timezone?: string;
  name?: string;
  /** null removes the limit. */
  dailyMeetingLimit?: number | null;
}

export interface EventTypeInput {
  slug: string;
  title: string;
  description?: string | null;
  durationMinutes: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  minimumNoticeMinutes?: number;
  slotStepMinutes?: number | null;
  maxDaysAhead?: number | null;
  dailyLimit?: number | null;
  requiresApproval?: boolean;
  pendingHoldsSlot?: boolean;
  kind?: EventKind;
  location?: string | null;
  isPublic?: boolean;
  /** Usernames of the hosts; default: the owner (personal) or every member (team). */
  hosts?: string[];
  /** Makes it a team event type; the caller must be a member. */
  teamSlug?: string;
}

export type EventTypePatch = Partial<Omit<EventTypeInput, 'teamSlug'>>;

export interface CreateTeamInput {
  slug: string;
  name: string;
  members: Array<{ username: string; priority?: number; weight?: number; role?: 'owner' | 'admin' | 'member' }>;
}

export interface ListSlotsInput {
  /** Owner username of a personal event type. */
  user?: string;
  /** Team slug of a team event type. */
  team?: string;
  eventType: string;
  from?: string;
  to?: string;
  /** Zone of from/to; default: the user's zone (team: the first host's zone). */
  timezone?: string;
  /** Who asks (may see non-public event types they host). */
  viewerUserId?: string;
}

export interface ListCommonSlotsInput {
  usernames: string[];
  durationMinutes: number;
  from?: string;
  to?: string;
  /** Zone of from/to; default: the first user's zone. */
  timezone?: string;
}

const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

function invalid(field: string, message: string): DomainError {
  return new DomainError('validation_failed', `${field}: ${message}`, { errors: [{ field, message }] });
}

function validateSchedule(input: Schedule): void {
  requireTimeZone(input.timezone);
  try {
    compileSchedule(input);
  } catch (error) {
    throw invalid('weekly', error instanceof Error ? error.message : 'invalid working hours');
  }
}

const toColumns = (input: EventTypePatch): Record<string, unknown> => {
  const map: Record<string, [string, unknown]> = {
    slug: ['slug', input.slug?.toLowerCase()],
    title: ['title', input.title],
    description: ['description', input.description],
    durationMinutes: ['duration_minutes', input.durationMinutes],
    bufferBeforeMinutes: ['buffer_before_minutes', input.bufferBeforeMinutes],
    bufferAfterMinutes: ['buffer_after_minutes', input.bufferAfterMinutes],
    minimumNoticeMinutes: ['minimum_notice_minutes', input.minimumNoticeMinutes],
    slotStepMinutes: ['slot_step_minutes', input.slotStepMinutes],
    maxDaysAhead: ['max_days_ahead', input.maxDaysAhead],
    dailyLimit: ['daily_limit', input.dailyLimit],
    requiresApproval: ['requires_approval', input.requiresApproval],
    pendingHoldsSlot: ['pending_holds_slot', input.pendingHoldsSlot],
    kind: ['kind', input.kind],
    location: ['location', input.location],
    isPublic: ['is_public', input.isPublic],
  };
  const out: Record<string, unknown> = {};
  for (const [key, [column, value]] of Object.entries(map)) if (key in input && value !== undefined) out[column] = value;
  return out;
};

function mapSlugConflict(error: unknown, slug: string | undefined): never {
  if (sqlState(error) === PG.uniqueViolation && (constraintName(error) ?? '').includes('slug')) {
    throw new DomainError('slug_taken', `The slug "${slug}" is already used; choose another`, { errors: [{ field: 'slug', message: 'already taken' }] });
  }
  throw error;
}

/** Schedules, settings, event types, teams and slot queries. */
export function createSchedulingService({ db, clock }: SchedulingServiceDeps) {
  /** Whether the user may edit the event type (owner, or member of its team). */
  async function canManage(trx: Knex, userId: string, row: EventTypeRow): Promise<boolean> {
    if (row.owner_user_id) return row.owner_user_id === userId;
    const member = await trx('team_members').where({ team_id: row.team_id, user_id: userId }).first('user_id');
    return Boolean(member);
  }

  async function requireOwnEventType(trx: Knex, userId: string, id: string): Promise<EventTypeRow> {
    const row: EventTypeRow | undefined = UUID_RE.test(id) ? await trx('event_types').where({ id }).whereNull('archived_at').first() : undefined;
    if (!row || !(await canManage(trx, userId, row))) throw new DomainError('event_type_not_found', 'Event type was not found');
    return row;
  }

  /** Host ids for an event type from usernames; checks team membership and kind rules. */
  async function resolveHostIds(trx: Knex, owner: { userId: string } | { teamId: string }, kind: EventKind, usernames: string[] | undefined): Promise<string[]> {
    let ids: string[];
    if ('teamId' in owner) {
      const members: Array<{ user_id: string }> = await trx('team_members').where({ team_id: owner.teamId }).select('user_id');
      const memberIds = new Set(members.map((m) => m.user_id));
      if (usernames && usernames.length) {
        const users = await requireUsersByUsername(trx, usernames);
        const outsider = users.find((u) => !memberIds.has(u.id));
        if (outsider) throw invalid('hosts', `${outsider.username} is not a member of the team`);
        ids = users.map((u) => u.id);
      } else ids = [...memberIds];
    } else {
      ids = usernames && usernames.length ? (await requireUsersByUsername(trx, usernames)).map((u) => u.id) : [owner.userId];
    }
    if (ids.length === 0) throw invalid('hosts', 'an event type needs at least one host');
    if (kind === 'one_on_one' && ids.length !== 1) throw invalid('hosts', 'a one_on_one event type has exactly one host');
    return ids;
  }

  async function setHosts(trx: Knex, eventTypeId: string, hostIds: string[]): Promise<void> {
    await trx('event_type_hosts').where({ event_type_id: eventTypeId }).delete();
    await trx('event_type_hosts').insert(hostIds.map((user_id) => ({ event_type_id: eventTypeId, user_id })));
  }

  async function slotsFor(rules: SlotRules, hostIds: string[], range: { start: number; end: number }, timezone: string): Promise<SlotList> {
    const { slots, hosts } = await computeSlots(db, { rules, hostIds, range, now: clock.now().getTime() });
    const names = new Map(hosts.map((h) => [h.id, h.username]));
    return {
      timezone,
      slots: slots.map((s) => ({ start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString(), hosts: s.hostIds.map((id) => names.get(id)!).sort() })),
    };
  }

  return {
    /** The user's default schedule, or Mon–Fri 09:00–17:00 in their zone (`saved: false`). Throws user_not_found. */
    async getSchedule(userId: string): Promise<ScheduleDetails> {
      const [host] = await loadHostRows(db, [userId]);
      if (!host) throw new DomainError('user_not_found', 'User was not found');
      const saved = await db('schedules').where({ user_id: userId, is_default: true }).first('id');
      return { ...host.schedule, saved: Boolean(saved) };
    },

    /**
     * Replaces the user's default schedule. Empty `intervals` in an override = day off.
     * Throws validation_failed (unknown zone, malformed or reversed times, unknown weekday).
     */
    async saveSchedule(userId: string, input: SaveScheduleInput): Promise<ScheduleDetails> {
      const schedule: Schedule = { timezone: input.timezone, weekly: input.weekly, overrides: input.overrides ?? [] };
      validateSchedule(schedule);
      await db.transaction(async (trx) => {
        const existing = await trx('schedules').where({ user_id: userId, is_default: true }).forUpdate().first('id');
        const values = { timezone: schedule.timezone, weekly: JSON.stringify(schedule.weekly), overrides: JSON.stringify(schedule.overrides), updated_at: clock.now() };
        if (existing) await trx('schedules').where({ id: existing.id }).update(values);
        else await trx('schedules').insert({ ...values, user_id: userId, is_default: true });
      });
      return { ...schedule, saved: true };
    },

    /** Updates the user's zone, name or daily meeting limit (null = none). Throws validation_failed, user_not_found. */
    async updateUserSettings(userId: string, input: UpdateUserSettingsInput): Promise<User> {
      const patch: Record<string, unknown> = {};
      if (input.timezone !== undefined) patch.timezone = requireTimeZone(input.timezone);
      if (input.name !== undefined) patch.name = input.name.trim();
      if (input.dailyMeetingLimit !== undefined) {
        if (input.dailyMeetingLimit !== null && !(Number.isInteger(input.dailyMeetingLimit) && input.dailyMeetingLimit > 0)) throw invalid('dailyMeetingLimit', 'expected a positive whole number or null');
        patch.daily_meeting_limit = input.dailyMeetingLimit;
      }
      if (Object.keys(patch).length) await db('users').where({ id: userId }).update({ ...patch, updated_at: clock.now() });
      const user = await User.query(db).findById(userId);
      if (!user) throw new DomainError('user_not_found', 'User was not found');
      return user;
    },

    /**
     * Creates an event type owned by the user, or by `teamSlug`'s team (caller must be a member).
     * Throws validation_failed, slug_taken, team_not_found, user_not_found (unknown host), forbidden.
     */
    async createEventType(userId: string, input: EventTypeInput): Promise<EventTypeDetails> {
      const slug = input.slug.toLowerCase();
      if (!SLUG_RE.test(slug)) throw invalid('slug', 'use lower-case letters, digits and "-"');
      const kind = input.kind ?? 'one_on_one';
      try {
        const id = await db.transaction(async (trx) => {
          let owner: { userId: string } | { teamId: string } = { userId };
          if (input.teamSlug) {
            const team = await requireTeamBySlug(trx, input.teamSlug);
            const member = await trx('team_members').where({ team_id: team.id, user_id: userId }).first('user_id');
            if (!member) throw new DomainError('forbidden', `You are not a member of team "${team.slug}"`);
            owner = { teamId: team.id };
          }
          const hostIds = await resolveHostIds(trx, owner, kind, input.hosts);
          const now = clock.now();
          const [row] = await trx('event_types')
            .insert({
              ...toColumns({ ...input, kind }),
              owner_user_id: 'userId' in owner ? owner.userId : null,
              team_id: 'teamId' in owner ? owner.teamId : null,
              created_at: now,
              updated_at: now,
            })
            .returning('id');
          await setHosts(trx, row.id, hostIds);
          return row.id as string;
        });
        return (await presentEventTypes(db, [await db('event_types').where({ id }).first()]))[0]!;
      } catch (error) {
        mapSlugConflict(error, slug);
      }
    },

    /** The user's event types and those of their teams, by title. */
    async listEventTypes(userId: string): Promise<EventTypeDetails[]> {
      const rows: EventTypeRow[] = await db('event_types')
        .whereNull('archived_at')
        .where((q) => q.where({ owner_user_id: userId }).orWhereIn('team_id', db('team_members').where({ user_id: userId }).select('team_id')))
        .orderBy([{ column: 'title' }, { column: 'id' }]);
      return presentEventTypes(db, rows);
    },

    /** Throws event_type_not_found (also when it is not the user's). */
    async getEventType(userId: string, id: string): Promise<EventTypeDetails> {
      return (await presentEventTypes(db, [await requireOwnEventType(db, userId, id)]))[0]!;
    },

    /** The public view of an event type by owner and slug. Throws user_not_found, team_not_found, event_type_not_found. */
    async findEventType(owner: { user: string } | { team: string }, slug: string): Promise<EventTypeDetails> {
      return (await presentEventTypes(db, [await requireEventTypeBySlug(db, owner as never, slug)]))[0]!;
    },

    /** Changes fields; `hosts` replaces the host list. Throws event_type_not_found, validation_failed, slug_taken. */
    async updateEventType(userId: string, id: string, patch: EventTypePatch): Promise<EventTypeDetails> {
      if (patch.slug !== undefined && !SLUG_RE.test(patch.slug.toLowerCase())) throw invalid('slug', 'use lower-case letters, digits and "-"');
      try {
        await db.transaction(async (trx) => {
          const row = await requireOwnEventType(trx, userId, id);
          const kind = patch.kind ?? (row.kind as EventKind);
          const columns = toColumns(patch);
          if (Object.keys(columns).length) await trx('event_types').where({ id }).update({ ...columns, updated_at: clock.now() });
          if (patch.hosts !== undefined || patch.kind !== undefined) {
            const current = await listEventTypeHostIds(trx, row);
            const hostIds = patch.hosts !== undefined ? await resolveHostIds(trx, row.team_id ? { teamId: row.team_id } : { userId: row.owner_user_id! }, kind, patch.hosts) : current;
            if (kind === 'one_on_one' && hostIds.length !== 1) throw invalid('hosts', 'a one_on_one event type has exactly one host');
            await setHosts(trx, id, hostIds);
          }
        });
      } catch (error) {
        mapSlugConflict(error, patch.slug);
      }
      return this.getEventType(userId, id);
    },

    /** Archives the event type (its bookings stay). Throws event_type_not_found. */
    async deleteEventType(userId: string, id: string): Promise<void> {
      await db.transaction(async (trx) => {
        await requireOwnEventType(trx, userId, id);
        await trx('event_types').where({ id }).update({ archived_at: clock.now(), updated_at: clock.now() });
      });
    },

    /**
     * Creates a team; the caller becomes its owner (and a member). Throws validation_failed,
     * slug_taken, user_not_found (unknown member).
     */
    async createTeam(userId: string, input: CreateTeamInput): Promise<TeamDetails> {
      const slug = input.slug.toLowerCase();
      if (!SLUG_RE.test(slug)) throw invalid('slug', 'use lower-case letters, digits and "-"');
      try {
        const teamId = await db.transaction(async (trx) => {
          const users = await requireUsersByUsername(trx, input.members.map((m) => m.username));
          const [team] = await trx('teams').insert({ slug, name: input.name }).returning('id');
          const rows = new Map<string, Record<string, unknown>>();
          for (const m of input.members) {
            const user = users.find((u) => u.username.toLowerCase() === m.username.toLowerCase())!;
            rows.set(user.id, { team_id: team.id, user_id: user.id, role: user.id === userId ? 'owner' : (m.role ?? 'member'), priority: m.priority ?? 0, weight: m.weight ?? 100 });
          }
          if (!rows.has(userId)) rows.set(userId, { team_id: team.id, user_id: userId, role: 'owner', priority: 0, weight: 100 });
          await trx('team_members').insert([...rows.values()]);
          return team.id as string;
        });
        return this.getTeam(userId, slug, teamId);
      } catch (error) {
        if (sqlState(error) === PG.uniqueViolation) throw new DomainError('slug_taken', `The team slug "${slug}" is taken`, { errors: [{ field: 'slug', message: 'already taken' }] });
        throw error;
      }
    },

    /** A team and its members. Throws team_not_found (also for non-members). */
    async getTeam(userId: string, slug: string, knownId?: string): Promise<TeamDetails> {
      const team = knownId ? await db('teams').where({ id: knownId }).first('id', 'slug', 'name') : await requireTeamBySlug(db, slug);
      const members = await db('team_members as m').join('users as u', 'u.id', 'm.user_id').where('m.team_id', team.id).orderBy('u.username').select('u.id', 'u.username', 'u.name', 'm.role', 'm.priority', 'm.weight');
      if (!members.some((m: { id: string }) => m.id === userId)) throw new DomainError('team_not_found', `No team "${slug}"`);
      return { id: team.id, slug: team.slug, name: team.name, members: members.map((m: any) => ({ userId: m.id, username: m.username, name: m.name, role: m.role, priority: m.priority, weight: m.weight })) };
    },

    /** Teams the user belongs to. */
    async listTeams(userId: string): Promise<TeamDetails[]> {
      const teams: Array<{ id: string; slug: string }> = await db('teams').whereIn('id', db('team_members').where({ user_id: userId }).select('team_id')).orderBy('slug');
      return Promise.all(teams.map((t) => this.getTeam(userId, t.slug, t.id)));
    },

    /**
     * Bookable slots of an event type between two dates (in `timezone`, `to` inclusive; default
     * a week from today). Non-public event types are visible to their hosts only.
     * Throws user_not_found, team_not_found, event_type_not_found, validation_failed (zone, dates, range > 62 days).
     */
    async listSlots(input: ListSlotsInput): Promise<SlotList> {
      if (!input.user && !input.team) throw invalid('user', 'give user or team');
      const row = await requireEventTypeBySlug(db, input.team ? { team: input.team } : { user: input.user! }, input.eventType);
      const hostIds = await listEventTypeHostIds(db, row);
      if (!row.is_public && !(input.viewerUserId && (hostIds.includes(input.viewerUserId) || (await canManage(db, input.viewerUserId, row))))) {
        throw new DomainError('event_type_not_found', `No event type "${input.eventType}"`);
      }
      let timezone = input.timezone;
      if (!timezone) timezone = (await requireUserById(db, row.owner_user_id ?? hostIds[0]!)).timezone;
      requireTimeZone(timezone);
      const range = resolveDateRange({ from: input.from, to: input.to, timezone }, clock.now().getTime());
      return slotsFor(rulesOfEventType(row), hostIds, range, timezone);
    },

    /**
     * Slots of `durationMinutes` when every named user is free (their working hours, bookings and
     * calendars). Throws user_not_found, validation_failed.
     *
     * @example listCommonSlots({ usernames: ['ada', 'bob'], durationMinutes: 30, from: '2026-11-25', to: '2026-11-26', timezone: 'Europe/Berlin' })
     */
    async listCommonSlots(input: ListCommonSlotsInput): Promise<SlotList> {
      if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 1 || input.durationMinutes > 1440) throw invalid('durationMinutes', 'expected 1 to 1440 minutes');
      const users = await requireUsersByUsername(db, input.usernames);
      if (users.length === 0) throw invalid('users', 'name at least one user');
      const timezone = requireTimeZone(input.timezone ?? users[0]!.timezone);
      const range = resolveDateRange({ from: input.from, to: input.to, timezone }, clock.now().getTime());
      return slotsFor(adHocRules(input.durationMinutes, users.length, null), users.map((u) => u.id), range, timezone);
    },

    /** The default schedule for a zone (Mon–Fri 09:00–17:00). */
    defaultSchedule,

    /** Resolves a username; throws user_not_found. */
    async findUser(username: string) {
      return requireUserByUsername(db, username);
    },
  };
}

export type SchedulingService = ReturnType<typeof createSchedulingService>;
