import type { Knex } from 'knex';
import { periodsOf, type ResolvedScope } from '../scope.js';
import { describeScope, num, periodSql, scopedBookings } from '../sql.js';

/** Who acted, from the history label (`host:ada`, `attendee:x@y`, `admin:root`). */
const WHO = ['host', 'attendee', 'admin'] as const;

function bySeries(scope: ResolvedScope, rows: Array<{ period: string; n: string }>) {
  const counts = new Map(periodsOf(scope).map((p) => [p, 0]));
  for (const r of rows) counts.set(r.period, num(r.n, 0));
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([period, count]) => ({ period, count }));
}

/**
 * Canceled meetings starting in the range: per period, by who canceled, and the lead time
 * from the cancellation to the meeting's start (hours; negative: canceled after it began).
 */
export async function cancellationsMetric(db: Knex, scope: ResolvedScope) {
  const base = () =>
    db
      .with('b', scopedBookings(db, scope).where('status', 'canceled'))
      .with('c', db.raw("SELECT DISTINCT ON (h.booking_id) h.booking_id, h.actor, h.at FROM booking_status_history h JOIN b ON b.id = h.booking_id WHERE h.to_status = 'canceled' ORDER BY h.booking_id, h.at DESC"));
  const series: Array<{ period: string; n: string }> = await base().from('b').select({ period: periodSql(db, 'b.start_at', scope) }).count({ n: '*' }).groupByRaw('1');
  const who: Array<{ who: string; n: string }> = await base().from('b').select(db.raw("split_part(coalesce(b.canceled_by, 'unknown'), ':', 1) AS who")).count({ n: '*' }).groupByRaw('1');
  const [lead] = (await base()
    .from('c')
    .join('b', 'b.id', 'c.booking_id')
    .select(
      db.raw('percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM b.start_at - c.at) / 3600) AS median'),
      db.raw('avg(extract(epoch FROM b.start_at - c.at) / 3600) AS average'),
      db.raw('count(*) FILTER (WHERE b.start_at - c.at < interval \'24 hours\') AS within_day'),
    )) as Array<{ median: string | null; average: string | null; within_day: string }>;
  const byWho: Record<string, number> = Object.fromEntries(WHO.map((w) => [w, 0]));
  for (const r of who) byWho[r.who] = (byWho[r.who] ?? 0) + num(r.n, 0);
  const s = bySeries(scope, series);
  return {
    metric: 'cancellations',
    ...describeScope(scope),
    total: s.reduce((t, p) => t + p.count, 0),
    byWho,
    leadTimeHours: { median: lead?.median === null ? null : num(lead?.median), average: lead?.average === null ? null : num(lead?.average), withinDay: num(lead?.within_day, 0) },
    series: s,
  };
}

/** Reschedules of meetings (now) starting in the range: per period and by who moved them. */
export async function reschedulesMetric(db: Knex, scope: ResolvedScope) {
  const base = () => db.with('b', scopedBookings(db, scope)).from('booking_status_history as h').join('b', 'b.id', 'h.booking_id').whereRaw("h.details->>'rescheduledFrom' IS NOT NULL");
  const series: Array<{ period: string; n: string }> = await base().select({ period: periodSql(db, 'b.start_at', scope) }).count({ n: '*' }).groupByRaw('1');
  const who: Array<{ who: string; n: string }> = await base().select(db.raw("split_part(h.actor, ':', 1) AS who")).count({ n: '*' }).groupByRaw('1');
  const [moved] = (await base().select(db.raw('count(DISTINCT h.booking_id) AS n'))) as Array<{ n: string }>;
  const byWho: Record<string, number> = Object.fromEntries(WHO.map((w) => [w, 0]));
  for (const r of who) byWho[r.who] = (byWho[r.who] ?? 0) + num(r.n, 0);
  const s = bySeries(scope, series);
  return { metric: 'reschedules', ...describeScope(scope), total: s.reduce((t, p) => t + p.count, 0), meetingsMoved: num(moved?.n, 0), byWho, series: s };
}
