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
 * Whether a meeting's hosts meet the scope's (it counts once when any of its hosts is in scope; `bookings.host_ids` is kept from booking_hosts by a trigger), or nothing for everyone.
 */
export function hostsInScope(db: Knex, scope: Pick<ResolvedScope, 'hostIds'>, column = 'host_ids'): Knex.Raw {
  if (!scope.hostIds) return db.raw('true');
  // The first host through a hashed `= ANY` (most meetings have one host); the whole overlap only
  // for meetings with more. The same answer as `host_ids && ids`, at about half its cost per row.
  return db.raw('(??[1] = ANY(?::uuid[]) OR (cardinality(??) > 1 AND ?? && ?::uuid[]))', [column, scope.hostIds, column, column, scope.hostIds]);
}

/** `SELECT … FROM bookings` limited to the scope's hosts and [from, to) by start (one index range). */
export function scopedBookings(db: Knex, scope: ResolvedScope): Knex.QueryBuilder {
  return db('bookings')
    .select('id', 'event_type_id', 'status', 'start_at', 'end_at', 'created_at', 'canceled_by', 'host_ids')
    .where('start_at', '>=', scope.from)
    .where('start_at', '<', scope.to)
    .where(hostsInScope(db, scope));
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
