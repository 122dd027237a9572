/**
 * What an analytics question is about: whose meetings (me, a team, everyone), which days, in
 * which zone, bucketed by day, week or month. Reading a team needs membership (or the admin
 * role); reading everyone needs the admin role.
 *
 * A team's figures are its own bookings (of its event types) hosted by its members, never the
 * members' personal meetings: anyone can add anyone to a team, so membership must not open a
 * member's own calendar to the team's admins.
 */
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { DomainError } from '../errors.js';
import { isValidTimeZone } from '../time/zones.js';

export type GroupBy = 'day' | 'week' | 'month';

export interface AnalyticsQuery {
  /** `me`, `team:<slug>` or `all`. */
  scope: string;
  /** First day, YYYY-MM-DD in `timezone` (default: 29 days before `to`). */
  from?: string;
  /** Last day, inclusive, YYYY-MM-DD in `timezone` (default: today). */
  to?: string;
  /** IANA zone (default: the reader's own). */
  timezone?: string;
  groupBy?: GroupBy;
}

export interface Reader {
  userId: string;
  role: 'admin' | 'user';
}

export interface ResolvedScope {
  scope: string;
  /** The hosts whose meetings count; null for everyone. */
  hostIds: string[] | null;
  /** The event types whose meetings count (a team: its own); null for any, ad hoc meetings included. */
  eventTypeIds: string[] | null;
  team: { id: string; slug: string } | null;
  /** [from, to) as instants: midnight of the first day to midnight after the last, in `timezone`. */
  from: Date;
  to: Date;
  fromDate: string;
  toDate: string;
  timezone: string;
  groupBy: GroupBy;
}

const invalid = (field: string, message: string) => new DomainError('validation_failed', `${field}: ${message}`, { errors: [{ field, message }] });

/** Longest range one question may cover. */
export const MAX_RANGE_DAYS = 732;

/**
 * Resolves who and when. Throws validation_failed (bad dates, zone or scope), forbidden
 * (a team the reader is not in, `all` without the admin role), team_not_found.
 * @example resolveScope(db, reader, { scope: 'team:sales', from: '2026-11-01', to: '2026-11-30', timezone: 'Europe/Berlin' }, now)
 */
export async function resolveScope(db: Knex, reader: Reader, query: AnalyticsQuery, now: Date): Promise<ResolvedScope> {
  const timezone = query.timezone ?? ((await db('users').where({ id: reader.userId }).first('timezone')) as { timezone: string } | undefined)?.timezone ?? 'UTC';
  if (!isValidTimeZone(timezone)) throw invalid('timezone', `unknown time zone "${timezone}"; use an IANA name such as Europe/Berlin`);
  const toDay = query.to ? parseDay(query.to, timezone, 'to') : DateTime.fromJSDate(now, { zone: timezone }).startOf('day');
  const fromDay = query.from ? parseDay(query.from, timezone, 'from') : toDay.minus({ days: 29 });
  if (fromDay > toDay) throw invalid('from', 'must not be after "to"');
  if (toDay.diff(fromDay, 'days').days > MAX_RANGE_DAYS) throw invalid('from', `a range covers at most ${MAX_RANGE_DAYS} days`);
  const base = { from: fromDay.toJSDate(), to: toDay.plus({ days: 1 }).startOf('day').toJSDate(), fromDate: fromDay.toISODate()!, toDate: toDay.toISODate()!, timezone, groupBy: query.groupBy ?? 'day' };
  if (query.scope === 'me') return { ...base, scope: 'me', hostIds: [reader.userId], eventTypeIds: null, team: null };
  if (query.scope === 'all') {
    if (reader.role !== 'admin') throw new DomainError('forbidden', 'Only admins can read everyone\u2019s figures; use scope=me or scope=team:<slug>');
    return { ...base, scope: 'all', hostIds: null, eventTypeIds: null, team: null };
  }
  const slug = /^team:(.+)$/.exec(query.scope)?.[1];
  if (!slug) throw invalid('scope', 'expected me, team:<slug> or all');
  const team: { id: string; slug: string } | undefined = await db('teams').whereRaw('lower(slug) = lower(?)', [slug]).first('id', 'slug');
  if (!team) throw new DomainError('team_not_found', `No team "${slug}"`);
  const members: Array<{ user_id: string }> = await db('team_members').where({ team_id: team.id }).select('user_id');
  if (reader.role !== 'admin' && !members.some((m) => m.user_id === reader.userId)) throw new DomainError('forbidden', `Only members of ${team.slug} (and admins) can read its figures`);
  const eventTypes: Array<{ id: string }> = await db('event_types').where({ team_id: team.id }).select('id');
  return { ...base, scope: `team:${team.slug}`, hostIds: members.map((m) => m.user_id), eventTypeIds: eventTypes.map((e) => e.id), team };
}

function parseDay(value: string, zone: string, field: string): DateTime {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? DateTime.fromISO(value, { zone }) : null;
  if (!day?.isValid) throw invalid(field, 'expected a date as YYYY-MM-DD');
  return day.startOf('day');
}

/** Every period start (YYYY-MM-DD, in the zone) from the first day to the last, for gap-free series. */
export function periodsOf(scope: Pick<ResolvedScope, 'fromDate' | 'toDate' | 'timezone' | 'groupBy'>): string[] {
  const unit = scope.groupBy === 'week' ? 'week' : scope.groupBy;
  let t = DateTime.fromISO(scope.fromDate, { zone: scope.timezone }).startOf(unit);
  const end = DateTime.fromISO(scope.toDate, { zone: scope.timezone });
  const out: string[] = [];
  while (t <= end) {
    out.push(t.toISODate()!);
    t = t.plus({ [unit]: 1 });
  }
  return out;
}
