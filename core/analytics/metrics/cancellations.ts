import type { Knex } from 'knex';
import type { ResolvedScope } from '../scope.js';
import { bookingsInScope, describeScope, num, periodBuckets } from '../sql.js';

/** Who acted, from the history label (`host:ada`, `attendee:x@y`, `admin:root`). */
const WHO = ['host', 'attendee', 'admin'] as const;

type KindRow = { kind: 'period' | 'who' | 'lead' | 'moved'; key: string | null; n: string; median?: string | null; average?: string | null };

function bySeries(periods: ReturnType<typeof periodBuckets>, rows: KindRow[]) {
  const counts = new Map(periods.labels.map((p) => [p, 0]));
  for (const r of rows.filter((x) => x.kind === 'period')) counts.set(periods.labelOf(r.key!), (counts.get(periods.labelOf(r.key!)) ?? 0) + num(r.n, 0));
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([period, count]) => ({ period, count }));
}

function byWho(rows: KindRow[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(WHO.map((w) => [w, 0]));
  for (const r of rows.filter((x) => x.kind === 'who')) out[r.key!] = (out[r.key!] ?? 0) + num(r.n, 0);
  return out;
}

/**
 * Canceled meetings starting in the range: per period, by who canceled, and the lead time
 * from the cancellation to the meeting's start (hours; negative: canceled after it began).
 * One statement: the canceled meetings in scope are read once and feed the three figures.
 */
export async function cancellationsMetric(db: Knex, scope: ResolvedScope) {
  const periods = periodBuckets(db, 'start_at', scope);
  const { rows } = await db.raw<{ rows: KindRow[] }>(
    `WITH b AS MATERIALIZED (
       SELECT id, start_at, canceled_by FROM bookings WHERE start_at >= ? AND start_at < ? AND status = 'canceled' AND ?),
     c AS (
       SELECT DISTINCT ON (h.booking_id) h.booking_id, h.at FROM booking_status_history h JOIN b ON b.id = h.booking_id
        WHERE h.to_status = 'canceled' ORDER BY h.booking_id, h.at DESC),
     lead AS (SELECT date_part('epoch', b.start_at - c.at) / 3600 AS hours FROM c JOIN b ON b.id = c.booking_id)
     SELECT 'period' AS kind, width_bucket(start_at, ?::timestamptz[])::text AS key, count(*) AS n, NULL::float8 AS median, NULL::numeric AS average FROM b GROUP BY 2
     UNION ALL SELECT 'who', split_part(coalesce(canceled_by, 'unknown'), ':', 1), count(*), NULL, NULL FROM b GROUP BY 2
     UNION ALL SELECT 'lead', NULL, count(*) FILTER (WHERE hours < 24), percentile_cont(0.5) WITHIN GROUP (ORDER BY hours), avg(hours) FROM lead`,
    [scope.from, scope.to, bookingsInScope(db, scope), periods.starts],
  );
  const s = bySeries(periods, rows);
  const lead = rows.find((r) => r.kind === 'lead');
  const hours = (v: string | null | undefined) => (v === null || v === undefined ? null : num(v));
  return {
    metric: 'cancellations',
    ...describeScope(scope),
    total: s.reduce((t, p) => t + p.count, 0),
    byWho: byWho(rows),
    leadTimeHours: { median: hours(lead?.median), average: hours(lead?.average), withinDay: num(lead?.n, 0) },
    series: s,
  };
}

/**
 * Reschedules of meetings (now) starting in the range: per period and by who moved them. Read
 * from the reschedule rows of the history (a partial index) to their meetings, not the other way.
 */
export async function reschedulesMetric(db: Knex, scope: ResolvedScope) {
  const periods = periodBuckets(db, 'start_at', scope);
  const { rows } = await db.raw<{ rows: KindRow[] }>(
    `WITH r AS (
       SELECT h.booking_id, h.actor, b.start_at FROM booking_status_history h JOIN bookings b ON b.id = h.booking_id
        WHERE (h.details->>'rescheduledFrom') IS NOT NULL AND b.start_at >= ? AND b.start_at < ? AND ?)
     SELECT 'period' AS kind, width_bucket(start_at, ?::timestamptz[])::text AS key, count(*) AS n FROM r GROUP BY 2
     UNION ALL SELECT 'who', split_part(actor, ':', 1), count(*) FROM r GROUP BY 2
     UNION ALL SELECT 'moved', NULL, count(DISTINCT booking_id) FROM r`,
    [scope.from, scope.to, bookingsInScope(db, scope, 'b'), periods.starts],
  );
  const s = bySeries(periods, rows);
  return { metric: 'reschedules', ...describeScope(scope), total: s.reduce((t, p) => t + p.count, 0), meetingsMoved: num(rows.find((r) => r.kind === 'moved')?.n, 0), byWho: byWho(rows), series: s };
}
