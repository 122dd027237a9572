import type { Knex } from 'knex';
import type { ResolvedScope } from '../scope.js';
import { HELD_STATUSES, describeScope, num, scopedBookings } from '../sql.js';

const rate = (part: number, whole: number) => (whole ? num(part / whole, 4) : 0);

/**
 * No-shows among meetings that were held (completed or no-show) in the range: per host and
 * per invitee email (lower-cased), most no-shows first.
 */
export async function noShowsMetric(db: Knex, scope: ResolvedScope) {
  // One statement: the held meetings in scope are read once and feed the three figures.
  const inScope = scope.hostIds ? 'AND id IN (SELECT booking_id FROM booking_hosts WHERE user_id = ANY(?::uuid[]))' : '';
  const hostsOf = scope.hostIds ? 'AND h.user_id = ANY(?::uuid[])' : '';
  const ids = scope.hostIds ? [scope.hostIds] : [];
  const { rows } = await db.raw<{ rows: Array<{ kind: 'host' | 'invitee' | 'total'; key: string | null; meetings: string; no_shows: string }> }>(
    `WITH b AS MATERIALIZED (
       SELECT id, status FROM bookings WHERE start_at >= ? AND start_at < ? AND status = ANY(?::text[]) ${inScope}),
     hosts AS (
       SELECT u.username AS key, count(*) AS meetings, count(*) FILTER (WHERE b.status = 'no_show') AS no_shows
         FROM b JOIN booking_hosts h ON h.booking_id = b.id ${hostsOf} JOIN users u ON u.id = h.user_id
        GROUP BY u.username),
     invitees AS (
       SELECT lower(a.email) AS key, count(*) AS meetings, count(*) FILTER (WHERE b.status = 'no_show') AS no_shows
         FROM b JOIN booking_attendees a ON a.booking_id = b.id
        GROUP BY 1 HAVING count(*) FILTER (WHERE b.status = 'no_show') > 0
        ORDER BY 3 DESC, 1 LIMIT 100)
     SELECT 'host' AS kind, key, meetings, no_shows, row_number() OVER (ORDER BY no_shows DESC, key) AS pos FROM hosts
     UNION ALL SELECT 'invitee', key, meetings, no_shows, row_number() OVER (ORDER BY no_shows DESC, key) FROM invitees
     UNION ALL SELECT 'total', NULL, count(*), count(*) FILTER (WHERE status = 'no_show'), 0 FROM b
     ORDER BY 1, 5`,
    [scope.from, scope.to, [...HELD_STATUSES], ...ids, ...ids],
  );
  const hosts = rows.filter((r) => r.kind === 'host').map((r) => ({ username: r.key!, meetings: r.meetings, no_shows: r.no_shows }));
  const invitees = rows.filter((r) => r.kind === 'invitee').map((r) => ({ email: r.key!, meetings: r.meetings, no_shows: r.no_shows }));
  const totals = rows.find((r) => r.kind === 'total');
  const meetings = num(totals?.meetings, 0);
  const noShows = num(totals?.no_shows, 0);
  return {
    metric: 'no-shows',
    ...describeScope(scope),
    meetings,
    noShows,
    rate: rate(noShows, meetings),
    byHost: hosts.map((h) => ({ username: h.username, meetings: num(h.meetings, 0), noShows: num(h.no_shows, 0), rate: rate(num(h.no_shows, 0), num(h.meetings, 0)) })),
    byInvitee: invitees.map((i) => ({ email: i.email, meetings: num(i.meetings, 0), noShows: num(i.no_shows, 0), rate: rate(num(i.no_shows, 0), num(i.meetings, 0)) })),
  };
}

/** Meetings (scheduled, completed, no-show) by local weekday (0 = Monday) and hour of their start, in the reader's zone. */
export async function busiestHoursMetric(db: Knex, scope: ResolvedScope) {
  const rows: Array<{ dow: number; hour: number; n: string }> = await db
    .with('b', scopedBookings(db, scope).whereIn('status', ['scheduled', 'completed', 'no_show']))
    .from('b')
    .select(db.raw('(extract(isodow FROM start_at AT TIME ZONE ?) - 1)::int AS dow', [scope.timezone]), db.raw('extract(hour FROM start_at AT TIME ZONE ?)::int AS hour', [scope.timezone]))
    .count({ n: '*' })
    .groupByRaw('1, 2');
  const matrix = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const r of rows) matrix[Number(r.dow)]![Number(r.hour)] = num(r.n, 0);
  let busiest: { weekday: number; hour: number; count: number } | null = null;
  for (const [d, row] of matrix.entries()) for (const [h, count] of row.entries()) if (count > 0 && (!busiest || count > busiest.count)) busiest = { weekday: d, hour: h, count };
  return { metric: 'busiest-hours', ...describeScope(scope), weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], matrix, busiest, total: matrix.flat().reduce((a, b) => a + b, 0) };
}

/** Hours from booking to meeting (meetings starting in the range, every status but rejected). */
export async function leadTimeMetric(db: Knex, scope: ResolvedScope) {
  const lead = 'extract(epoch FROM start_at - created_at) / 3600';
  const [row] = (await db
    .with('b', scopedBookings(db, scope).whereNot('status', 'rejected'))
    .from('b')
    .select(
      db.raw('count(*) AS n'),
      db.raw(`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${lead}) AS median`),
      db.raw(`percentile_cont(0.9) WITHIN GROUP (ORDER BY ${lead}) AS p90`),
      db.raw(`avg(${lead}) AS average`),
      db.raw("count(*) FILTER (WHERE start_at - created_at < interval '1 hour') AS under_hour"),
      db.raw("count(*) FILTER (WHERE start_at - created_at >= interval '1 hour' AND start_at - created_at < interval '1 day') AS under_day"),
      db.raw("count(*) FILTER (WHERE start_at - created_at >= interval '1 day' AND start_at - created_at < interval '7 days') AS under_week"),
      db.raw("count(*) FILTER (WHERE start_at - created_at >= interval '7 days' AND start_at - created_at < interval '30 days') AS under_month"),
      db.raw("count(*) FILTER (WHERE start_at - created_at >= interval '30 days') AS later"),
    )) as Array<Record<string, string | null>>;
  const n = num(row?.n, 0);
  const hours = (v: string | null | undefined) => (n === 0 || v === null || v === undefined ? null : num(v));
  return {
    metric: 'lead-time',
    ...describeScope(scope),
    meetings: n,
    hours: { median: hours(row?.median), p90: hours(row?.p90), average: hours(row?.average) },
    buckets: [
      { label: 'under 1 hour', count: num(row?.under_hour, 0) },
      { label: '1 hour to 1 day', count: num(row?.under_day, 0) },
      { label: '1 to 7 days', count: num(row?.under_week, 0) },
      { label: '7 to 30 days', count: num(row?.under_month, 0) },
      { label: '30 days or more', count: num(row?.later, 0) },
    ],
  };
}
