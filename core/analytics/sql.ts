/**
 * SQL pieces every metric shares: the bookings in scope (by meeting start), and the period a
 * meeting falls in, computed by PostgreSQL in the reader's zone (so DST days and weeks are
 * the zone's own).
 */
import type { Knex } from 'knex';
import type { GroupBy, ResolvedScope } from './scope.js';

/** Statuses of meetings that take (or took) the host's time. */
export const ACTIVE_STATUSES = ['scheduled', 'completed', 'no_show'] as const;
/** Statuses of meetings whose time has come and gone: was the invitee there or not. */
export const HELD_STATUSES = ['completed', 'no_show'] as const;

/** `SELECT … FROM bookings` limited to the scope's hosts and [from, to) by start. */
export function scopedBookings(db: Knex, scope: ResolvedScope): Knex.QueryBuilder {
  const q = db('bookings').select('id', 'event_type_id', 'status', 'start_at', 'end_at', 'created_at', 'canceled_by').where('start_at', '>=', scope.from).where('start_at', '<', scope.to);
  if (scope.hostIds) q.whereIn('id', db('booking_hosts').select('booking_id').whereIn('user_id', scope.hostIds.length ? scope.hostIds : ['00000000-0000-0000-0000-000000000000']));
  return q;
}

/** Host rows in scope (a meeting with two hosts in a team counts once per host here). */
export function scopedHosts(db: Knex, scope: ResolvedScope): Knex.QueryBuilder {
  const q = db('booking_hosts').select('booking_id', 'user_id');
  if (scope.hostIds) q.whereIn('user_id', scope.hostIds.length ? scope.hostIds : ['00000000-0000-0000-0000-000000000000']);
  return q;
}

const UNITS: Record<GroupBy, string> = { day: 'day', week: 'week', month: 'month' };

/** The SQL for the local date (YYYY-MM-DD) starting the period of `column`; weeks start on Monday. */
export function periodSql(db: Knex, column: string, scope: Pick<ResolvedScope, 'groupBy' | 'timezone'>): Knex.Raw {
  return db.raw(`to_char(date_trunc('${UNITS[scope.groupBy]}', ?? AT TIME ZONE ?), 'YYYY-MM-DD')`, [column, scope.timezone]);
}

/** A number from a PostgreSQL aggregate (bigint and numeric arrive as strings), rounded to `digits`. */
export function num(value: unknown, digits = 2): number {
  const n = value === null || value === undefined ? 0 : Number(value);
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** The header every metric answer carries. */
export function describeScope(scope: ResolvedScope) {
  return { scope: scope.scope, from: scope.fromDate, to: scope.toDate, timezone: scope.timezone, groupBy: scope.groupBy };
}
