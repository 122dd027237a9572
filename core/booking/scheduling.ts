/**
 * The scheduling service: working hours, user settings, event types, teams, and slot queries,
 * each in its own module, bound to one set of dependencies. Inputs are plain values (camelCase);
 * outputs are the plain objects of ./types.ts.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { HostNotices, SchedulingContext } from './context.js';
import { createEventType, deleteEventType, findEventType, getEventType, listEventTypes, updateEventType, type EventTypeInput, type EventTypePatch } from './eventTypes.js';
import { acceptHostInvitation, declineHostInvitation, leaveEventType, listCoHostedEventTypes, listHostInvitations } from './hostInvitations.js';
import { defaultSchedule } from './loader.js';
import { getSchedule, saveSchedule, type SaveScheduleInput } from './schedules.js';
import { listUpcomingDateOverrides, removeDateOverride, setDateOverride } from './dateOverrides.js';
import type { DateOverride } from '../availability/types.js';
import { listCommonSlots, listSlots, type ListCommonSlotsInput, type ListSlotsInput } from './slotQueries.js';
import { explainUnofferedStart, type ExplainUnofferedStartInput } from './explainUnofferedStart.js';
import { createTeam, getTeam, listTeams, type CreateTeamInput } from './teams.js';
import { findUser, updateUserSettings, type UpdateUserSettingsInput } from './userSettings.js';
import { getTeamSchedule, type TeamScheduleInput } from '../teams/schedule.js';
import { listEventTypeStates, listPeopleStates, type ListEventTypeStatesInput, type ListPeopleStatesInput } from './peopleStates.js';
import { addTeamMember, removeTeamMember, updateTeamMember, type AddTeamMemberInput, type TeamMemberPatch } from '../teams/members.js';
import type { AvailabilityCache } from '../cache/availabilityCache.js';
import type { PlanGuard } from '../billing/planGuard.js';

export interface SchedulingServiceDeps {
  db: Knex;
  clock: Clock;
  logger?: Logger;
  slotCache?: AvailabilityCache;
  readDb?: Knex;
  payments?: SchedulingContext['payments'];
  plans?: PlanGuard;
  /** Called after a host's working hours changed (conflict repair re-checks their bookings); failures are logged. */
  onScheduleChanged?: (userId: string) => Promise<unknown>;
  /** Called after a member left a team (conflict repair hands their team bookings on); failures are logged. */
  onHostLeftTeam?: (userId: string, teamId: string) => Promise<unknown>;
  /** Where host invitations are told (SchedulingContext's notices). */
  notices?: HostNotices;
}

/** Schedules, settings, event types, teams and slot queries. */
export function createSchedulingService({ db, clock, logger, slotCache, readDb, payments, plans, onScheduleChanged, onHostLeftTeam, notices }: SchedulingServiceDeps) {
  const ctx: SchedulingContext = { db, clock, slotCache, readDb, payments, plans, notices };
  /** After working hours changed: conflict repair re-checks the host's bookings (its failure is logged, not the caller's). */
  async function changed<T>(userId: string, saving: Promise<T>): Promise<T> {
    const saved = await saving;
    await onScheduleChanged?.(userId).catch((error: unknown) => logger?.warn({ userId, error: (error as Error)?.message }, 'conflict repair after a schedule change failed'));
    return saved;
  }
  return {
    getSchedule: (userId: string) => getSchedule(ctx, userId),
    saveSchedule: (userId: string, input: SaveScheduleInput) => changed(userId, saveSchedule(ctx, userId, input)),
    listUpcomingDateOverrides: (userId: string) => listUpcomingDateOverrides(ctx, userId),
    setDateOverride: (userId: string, override: DateOverride) => changed(userId, setDateOverride(ctx, userId, override)),
    removeDateOverride: (userId: string, date: string) => changed(userId, removeDateOverride(ctx, userId, date)),
    /** The default schedule for a zone (Mon–Fri 09:00–17:00). */
    defaultSchedule,
    updateUserSettings: (userId: string, input: UpdateUserSettingsInput) => updateUserSettings(ctx, userId, input),
    findUser: (username: string) => findUser(ctx, username),
    createEventType: (userId: string, input: EventTypeInput) => createEventType(ctx, userId, input),
    listEventTypes: (userId: string) => listEventTypes(ctx, userId),
    getEventType: (userId: string, id: string) => getEventType(ctx, userId, id),
    findEventType: (owner: { user: string } | { team: string }, slug: string) => findEventType(ctx, owner, slug),
    updateEventType: (userId: string, id: string, patch: EventTypePatch) => updateEventType(ctx, userId, id, patch),
    deleteEventType: (userId: string, id: string) => deleteEventType(ctx, userId, id),
    listHostInvitations: (userId: string) => listHostInvitations(ctx, userId),
    acceptHostInvitation: (userId: string, id: string) => acceptHostInvitation(ctx, userId, id),
    declineHostInvitation: (userId: string, id: string) => declineHostInvitation(ctx, userId, id),
    listCoHostedEventTypes: (userId: string) => listCoHostedEventTypes(ctx, userId),
    leaveEventType: (userId: string, id: string) => leaveEventType(ctx, userId, id),
    createTeam: (userId: string, input: CreateTeamInput) => createTeam(ctx, userId, input),
    getTeam: (userId: string, slug: string) => getTeam(ctx, userId, slug),
    listTeams: (userId: string) => listTeams(ctx, userId),
    addTeamMember: (userId: string, slug: string, input: AddTeamMemberInput) => addTeamMember(ctx, userId, slug, input),
    updateTeamMember: (userId: string, slug: string, username: string, patch: TeamMemberPatch) => updateTeamMember(ctx, userId, slug, username, patch),
    async removeTeamMember(userId: string, slug: string, username: string) {
      await removeTeamMember(ctx, userId, slug, username);
      const [member, team] = await Promise.all([db('users').whereRaw('lower(username) = lower(?)', [username]).first('id'), db('teams').whereRaw('lower(slug) = lower(?)', [slug]).first('id')]);
      if (member && team) await onHostLeftTeam?.(member.id, team.id).catch((error: unknown) => logger?.warn({ team: slug, error: (error as Error)?.message }, 'conflict repair after a member left failed'));
    },
    getTeamSchedule: (userId: string, slug: string, input: TeamScheduleInput) => getTeamSchedule(ctx, userId, slug, input),
    listSlots: (input: ListSlotsInput) => listSlots(ctx, input),
    explainUnofferedStart: (input: ExplainUnofferedStartInput) => explainUnofferedStart(ctx, input),
    listCommonSlots: (input: ListCommonSlotsInput) => listCommonSlots(ctx, input),
    listPeopleStates: (input: ListPeopleStatesInput) => listPeopleStates(ctx, input),
    listEventTypeStates: (input: ListEventTypeStatesInput) => listEventTypeStates(ctx, input),
  };
}

export type SchedulingService = ReturnType<typeof createSchedulingService>;
