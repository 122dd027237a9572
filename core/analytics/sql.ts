/**
 * SQL pieces every metric shares: the bookings in scope (by meeting start), and the period a
 * meeting falls in, in the reader's zone (so DST days and weeks are the zone's own).
 */
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { periodsOf, type ResolvedScope } from './scope.js';

const DAY_MS = 86_400_000;

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
  const starts = labels.map((day) => DateTime.fromISO(day, { zone: scope.timezone }).toISO()!);
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

/**
 * A zone's UTC offset (seconds) over [from, to), as spans between its changes: `starts[i]` is
 * where `offsets[i]` begins. Found by probing each day and narrowing a change to the second.
 */
export function offsetSpans(zone: string, from: Date, to: Date): { starts: string[]; offsets: number[] } {
  const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone }).offset * 60;
  const starts = [from.getTime()];
  const offsets = [offsetAt(from.getTime())];
  for (let t = from.getTime(); t < to.getTime(); t += DAY_MS) {
    let [lo, hi] = [t, Math.min(t + DAY_MS, to.getTime())];
    if (offsetAt(hi) === offsets.at(-1)) continue;
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2000) * 1000;
      if (offsetAt(mid) === offsets.at(-1)) lo = mid;
      else hi = mid;
    }
    starts.push(hi);
    offsets.push(offsetAt(hi));
  }
  return { starts: starts.map((ms) => new Date(ms).toISOString()), offsets };
}
