/**
 * SQL pieces every metric shares: the bookings in scope (by meeting start), and the period a
 * meeting falls in, in the reader's zone (so DST days and weeks are the zone's own).
 */
import type { Knex } from 'knex';
import { localTimeToInstant, offsetSpans } from '../time/zones.js';
import { periodsOf, type ResolvedScope } from './scope.js';

/** Statuses of meetings that take (or took) the host's time. */
export const ACTIVE_STATUSES = ['scheduled', 'completed', 'no_show'] as const;
/** Statuses of meetings whose time has come and gone: was the invitee there or not. */
export const HELD_STATUSES = ['completed', 'no_show'] as const;

/**
 * Whether a meeting is in scope, as SQL over the `bookings` row (aliased `table`, if given): one of
 * its hosts is among the scope's (it counts once when any is; `bookings.host_ids` is kept from
 * booking_hosts by a trigger) and, for a team, it was booked through one of the team's event
 * types. Nothing to test for everyone.
 */
export function bookingsInScope(db: Knex, scope: Pick<ResolvedScope, 'hostIds' | 'eventTypeIds'>, table?: string): Knex.Raw {
  const column = (name: string) => (table ? `${table}.${name}` : name);
  const hosts = column('host_ids');
  // The first host through a hashed `= ANY` (most meetings have one host); the whole overlap only
  // for meetings with more. The same answer as `host_ids && ids`, at about half its cost per row.
  const byHost = scope.hostIds ? db.raw('(??[1] = ANY(?::uuid[]) OR (cardinality(??) > 1 AND ?? && ?::uuid[]))', [hosts, scope.hostIds, hosts, hosts, scope.hostIds]) : db.raw('true');
  if (!scope.eventTypeIds) return byHost;
  return db.raw('(? AND ?? = ANY(?::uuid[]))', [byHost, column('event_type_id'), scope.eventTypeIds]);
}

/** `SELECT … FROM bookings` limited to the scope (see bookingsInScope) and [from, to) by start (one index range). */
export function scopedBookings(db: Knex, scope: ResolvedScope): Knex.QueryBuilder {
  return db('bookings')
    .select('id', 'event_type_id', 'status', 'start_at', 'end_at', 'created_at', 'canceled_by', 'host_ids')
    .where('start_at', '>=', scope.from)
    .where('start_at', '<', scope.to)
    .where(bookingsInScope(db, scope));
}

/**
 * The periods of a scope and the SQL that puts an instant in one: `width_bucket` over the
 * instants at which each period starts in the reader's zone (worked out here, DST included), so
 * PostgreSQL compares timestamps instead of converting every row to local time. `labelOf` turns
 * the bucket number back into the period's first day (YYYY-MM-DD); weeks start on Monday.
 */
export function periodBuckets(db: Knex, column: string, scope: Pick<ResolvedScope, 'groupBy' | 'timezone' | 'fromDate' | 'toDate'>) {
  const labels = periodsOf(scope);
  const starts = labels.map((day) => new Date(localTimeToInstant(day, 0, scope.timezone)).toISOString());
  return {
    labels,
    starts,
    sql: db.raw('width_bucket(??, ?::timestamptz[])', [column, starts]),
    labelOf: (bucket: number | string) => labels[Math.min(labels.length, Math.max(1, Number(bucket))) - 1]!,
  };
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

/** The reader's zone offset over the scope as SQL arrays: `starts[i]` is where `offsets[i]` (seconds) begins. */
export function zoneOffsets(scope: Pick<ResolvedScope, 'timezone' | 'from' | 'to'>): { starts: string[]; offsets: number[] } {
  const spans = offsetSpans(scope.timezone, scope.from.getTime(), scope.to.getTime());
  return { starts: spans.map((s) => new Date(s.start).toISOString()), offsets: spans.map((s) => s.offsetMinutes * 60) };
}
