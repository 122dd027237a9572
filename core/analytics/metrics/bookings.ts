import type { Knex } from 'knex';
import type { BookingStatus } from '../../db/models.js';
import { periodsOf, type ResolvedScope } from '../scope.js';
import { describeScope, num, periodSql, scopedBookings } from '../sql.js';

const STATUSES: BookingStatus[] = ['pending', 'scheduled', 'completed', 'no_show', 'canceled', 'rejected'];
type StatusCounts = Record<BookingStatus, number>;
const zero = (): StatusCounts => Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;

/** Meetings starting in the range, per period and status (every status, no-shows included). */
export async function bookingsMetric(db: Knex, scope: ResolvedScope) {
  const rows: Array<{ period: string; status: BookingStatus; n: string }> = await db
    .with('b', scopedBookings(db, scope))
    .from('b')
    .select({ period: periodSql(db, 'start_at', scope) }, 'status')
    .count({ n: '*' })
    .groupByRaw('1, 2');
  const byPeriod = new Map(periodsOf(scope).map((p) => [p, zero()]));
  const totals = zero();
  for (const r of rows) {
    const counts = byPeriod.get(r.period) ?? zero();
    counts[r.status] = num(r.n, 0);
    byPeriod.set(r.period, counts);
    totals[r.status] += num(r.n, 0);
  }
  const sum = (c: StatusCounts) => STATUSES.reduce((s, k) => s + c[k], 0);
  return {
    metric: 'bookings',
    ...describeScope(scope),
    total: sum(totals),
    totals,
    series: [...byPeriod].sort(([a], [b]) => a.localeCompare(b)).map(([period, counts]) => ({ period, total: sum(counts), ...counts })),
  };
}
