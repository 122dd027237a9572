/**
 * Multi-person availability: when several people share no free time, each person's state at
 * each candidate time ("alice busy, bob free"), so someone can see who is in the way.
 */
import type { Knex } from 'knex';
import { listAvailableSlots, type HostAvailability, type ListAvailableSlotsOptions } from '../availability/index.js';
import type { Interval } from '../time/intervals.js';
import type { SchedulingContext } from './context.js';
import { requireDurationMinutes, requireTimeZone, resolveDateRange } from './inputs.js';
import { loadHostAvailability } from './loader.js';
import { DomainError } from '../errors.js';
import { listEventTypeHostIds, requireEventTypeBySlug, requireUserById, requireUsersByUsername } from './records.js';
import { adHocRules, rulesOfEventType, type SlotRules } from './rules.js';

/** free: can take it; busy: a meeting or calendar event is in the way; limit: a daily or weekly limit is reached; off: outside working hours. */
export type PersonState = 'free' | 'busy' | 'limit' | 'off';

export interface PersonStateTime {
  start: string;
  end: string;
  /** By username, in the order the people were named. */
  states: Record<string, PersonState>;
}

export interface PeopleStateList {
  timezone: string;
  people: string[];
  times: PersonStateTime[];
}

export interface ListPeopleStatesInput {
  usernames: string[];
  durationMinutes: number;
  from?: string;
  to?: string;
  timezone?: string;
  /** At most this many times (default 50). */
  limit?: number;
}

/** Starts one host can take under the options, on a one-minute grid (any whole-minute start). */
function startsOf(base: Omit<ListAvailableSlotsOptions, 'hosts' | 'kind'>, host: HostAvailability): Set<number> {
  return new Set(listAvailableSlots({ ...base, slotStepMinutes: 1, kind: 'one_on_one', hosts: [host] }).map((s) => s.start));
}

/**
 * Each person's state at every candidate start (the rules' grid inside anyone's working hours)
 * where at least one of them is free, soonest first, at most `limit`. Pure over loaded hosts.
 */
export function statesOverHosts(rules: SlotRules, hosts: ReadonlyArray<{ username: string; availability: HostAvailability }>, range: Interval, now: number, limit: number): PersonStateTime[] {
  const base = { now, range, durationMinutes: rules.durationMinutes, bufferBeforeMinutes: rules.bufferBeforeMinutes, bufferAfterMinutes: rules.bufferAfterMinutes, minimumNoticeMinutes: rules.minimumNoticeMinutes, maxDaysAhead: rules.maxDaysAhead };
  const people = hosts.map(({ username, availability: a }) => {
    const idle = { ...a, busy: [], dailyLimits: [], weeklyLimits: [] };
    return { username, free: startsOf(base, a), unlimited: startsOf(base, { ...a, dailyLimits: [], weeklyLimits: [] }), inHours: startsOf(base, idle), grid: listAvailableSlots({ ...base, slotStepMinutes: rules.slotStepMinutes, kind: 'one_on_one', hosts: [idle] }).map((s) => s.start) };
  });
  const candidates = [...new Set(people.flatMap((p) => p.grid))].sort((a, b) => a - b);
  const times: PersonStateTime[] = [];
  for (const start of candidates) {
    if (times.length >= limit) break;
    const states: Record<string, PersonState> = {};
    for (const p of people) states[p.username] = p.free.has(start) ? 'free' : p.unlimited.has(start) ? 'limit' : p.inHours.has(start) ? 'busy' : 'off';
    if (Object.values(states).includes('free')) times.push({ start: new Date(start).toISOString(), end: new Date(start + rules.durationMinutes * 60_000).toISOString(), states });
  }
  return times;
}

/** Loads the hosts and lists their states (see {@link statesOverHosts}). */
export async function listStatesFor(db: Knex, rules: SlotRules, hostIds: string[], range: Interval, now: number, limit: number): Promise<PersonStateTime[]> {
  const hosts = await loadHostAvailability(db, { hostIds, range, bufferBeforeMinutes: rules.bufferBeforeMinutes, bufferAfterMinutes: rules.bufferAfterMinutes, eventTypeId: rules.eventTypeId, eventDailyLimit: rules.dailyLimit });
  return statesOverHosts(rules, hosts, range, now, limit);
}

/**
 * Each named person's state per candidate time of `durationMinutes` between two dates.
 * Throws user_not_found, validation_failed (duration, zone, dates).
 *
 * @example listPeopleStates(ctx, { usernames: ['alice', 'bob'], durationMinutes: 30, from: '2026-12-01', to: '2026-12-01' }) // times: [{ start, end, states: { alice: 'busy', bob: 'free' } }]
 */
export async function listPeopleStates(ctx: SchedulingContext, input: ListPeopleStatesInput): Promise<PeopleStateList> {
  requireDurationMinutes(input.durationMinutes);
  const users = await requireUsersByUsername(ctx.db, input.usernames);
  const timezone = requireTimeZone(input.timezone ?? users[0]?.timezone ?? 'UTC');
  const range = resolveDateRange({ from: input.from, to: input.to, timezone }, ctx.clock.now().getTime());
  const rules = { ...adHocRules(input.durationMinutes, users.length, null), kind: 'one_on_one' as const };
  const times = await listStatesFor(ctx.db, rules, users.map((u) => u.id), range, ctx.clock.now().getTime(), input.limit ?? 50);
  return { timezone, people: users.map((u) => u.username), times };
}

export interface ListEventTypeStatesInput {
  user?: string;
  team?: string;
  eventType: string;
  from?: string;
  to?: string;
  /** Zone of from/to; default the owner's (team: the first host's). */
  timezone?: string;
  limit?: number;
}

/**
 * The hosts' states per candidate time of a public event type (the booking page of a collective
 * type when no time suits every host). Throws user_not_found, team_not_found,
 * event_type_not_found (also for a non-public one), validation_failed.
 */
export async function listEventTypeStates(ctx: SchedulingContext, input: ListEventTypeStatesInput): Promise<PeopleStateList> {
  const row = await requireEventTypeBySlug(ctx.db, input.team ? { team: input.team } : { user: input.user ?? '' }, input.eventType);
  if (!row.is_public) throw new DomainError('event_type_not_found', `No event type "${input.eventType}"`);
  const hostIds = await listEventTypeHostIds(ctx.db, row);
  const timezone = requireTimeZone(input.timezone ?? (await requireUserById(ctx.db, row.owner_user_id ?? hostIds[0]!)).timezone);
  const range = resolveDateRange({ from: input.from, to: input.to, timezone }, ctx.clock.now().getTime());
  const rules = { ...rulesOfEventType(row), kind: 'one_on_one' as const };
  const times = await listStatesFor(ctx.db, rules, hostIds, range, ctx.clock.now().getTime(), input.limit ?? 50);
  const names = await ctx.db('users').whereIn('id', hostIds).orderBy('username').select('username');
  return { timezone, people: names.map((n: { username: string }) => n.username), times };
}
