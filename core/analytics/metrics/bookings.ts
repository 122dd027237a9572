import type { Knex } from 'knex';
import type { BookingStatus } from '../../db/models.js';
import type { ResolvedScope } from '../scope.js';
import { describeScope, num, periodBuckets, scopedBookings } from '../sql.js';

const STATUSES: BookingStatus[] = ['pending', 'scheduled', 'completed', 'no_show', 'canceled', 'rejected'];
type StatusCounts = Record<BookingStatus, number>;
const zero = (): StatusCounts => Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;

/** Meetings starting in the range, per period and status (every status, no-shows included). */
export async function bookingsMetric(db: Knex, scope: ResolvedScope) {
  const periods = periodBuckets(db, 'start_at', scope);
  const rows: Array<{ bucket: number; status: BookingStatus; n: string }> = await db
    .with('b', scopedBookings(db, scope))
    .from('b')
    .select({ bucket: periods.sql }, 'status')
    .count({ n: '*' })
    .groupByRaw('1, 2');
  const byPeriod = new Map(periods.labels.map((p) => [p, zero()]));
  const totals = zero();
  for (const r of rows) {
    const period = periods.labelOf(r.bucket);
    const counts = byPeriod.get(period) ?? zero();
    counts[r.status] = num(r.n, 0);
    byPeriod.set(period, counts);
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
