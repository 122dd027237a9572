import type { Knex } from 'knex';
import type { ResolvedScope } from '../scope.js';
import { ACTIVE_STATUSES, HELD_STATUSES, bookingsInScope, describeScope, num, scopedBookings, zoneOffsets } from '../sql.js';

const rate = (part: number, whole: number) => (whole ? num(part / whole, 4) : 0);

/**
 * No-shows among meetings that were held (completed or no-show) in the range: per host and
 * per invitee email (lower-cased), most no-shows first.
 */
export async function noShowsMetric(db: Knex, scope: ResolvedScope) {
  // One statement. Held meetings in scope are counted per set of hosts in one index range (a
  // few sets; each meeting is in exactly one, so they also give the totals), then split by host. Invitees: the top 100 by no-shows come from the no-show meetings alone, and
  // only their meetings are then counted (through the lower(email) index), not every invitee's.
  const { rows } = await db.raw<{ rows: Array<{ kind: 'host' | 'invitee' | 'total'; key: string | null; meetings: string; no_shows: string }> }>(
    `WITH per_set AS (
       SELECT host_ids, count(*) AS meetings, count(*) FILTER (WHERE status = 'no_show') AS no_shows
         FROM bookings WHERE start_at >= ? AND start_at < ? AND status = ANY(?::text[]) AND ? GROUP BY host_ids),
     per_host AS (
       SELECT h.user_id, sum(s.meetings) AS meetings, sum(s.no_shows) AS no_shows
         FROM per_set s CROSS JOIN LATERAL unnest(s.host_ids) AS h(user_id) WHERE ? GROUP BY h.user_id),
     hosts AS (SELECT u.username AS key, p.meetings, p.no_shows FROM per_host p JOIN users u ON u.id = p.user_id),
     missed AS (
       SELECT lower(a.email) AS key, count(*) AS no_shows FROM bookings k JOIN booking_attendees a ON a.booking_id = k.id
        WHERE k.start_at >= ? AND k.start_at < ? AND k.status = 'no_show' AND ? GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 100),
     invitees AS (
       SELECT m.key, count(*) AS meetings, m.no_shows FROM missed m
         JOIN booking_attendees a ON lower(a.email) = m.key AND lower(a.email) = ANY(ARRAY(SELECT key FROM missed))
         JOIN bookings k ON k.id = a.booking_id AND k.start_at >= ? AND k.start_at < ? AND k.status = ANY(?::text[]) AND ?
        GROUP BY m.key, m.no_shows)
     SELECT 'host' AS kind, key, meetings, no_shows, row_number() OVER (ORDER BY no_shows DESC, key) AS pos FROM hosts
     UNION ALL SELECT 'invitee', key, meetings, no_shows, row_number() OVER (ORDER BY no_shows DESC, key) FROM invitees
     UNION ALL SELECT 'total', NULL, sum(meetings), sum(no_shows), 0 FROM per_set
     ORDER BY 1, 5`,
    [
      scope.from, scope.to, [...HELD_STATUSES], bookingsInScope(db, scope),
      scope.hostIds ? db.raw('h.user_id = ANY(?::uuid[])', [scope.hostIds]) : db.raw('true'),
      scope.from, scope.to, bookingsInScope(db, scope, 'k'),
      scope.from, scope.to, [...HELD_STATUSES], bookingsInScope(db, scope, 'k'),
    ],
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

/**
 * Meetings (scheduled, completed, no-show) by local weekday (0 = Monday) and hour of their start,
 * in the reader's zone: each start is moved by its zone offset (a handful of spans between DST
 * changes, worked out here) and split into day and hour by integer arithmetic in PostgreSQL.
 */
export async function busiestHoursMetric(db: Knex, scope: ResolvedScope) {
  const zone = zoneOffsets(scope);
  const { rows } = await db.raw<{ rows: Array<{ dow: number; hour: number; n: string }> }>(
    `WITH l AS (
       SELECT floor(date_part('epoch', start_at))::bigint + (?::int[])[width_bucket(start_at, ?::timestamptz[])] AS t
         FROM bookings WHERE start_at >= ? AND start_at < ? AND status = ANY(?::text[]) AND ?)
     SELECT ((t / 86400 + 3) % 7)::int AS dow, ((t % 86400) / 3600)::int AS hour, count(*) AS n FROM l GROUP BY 1, 2`,
    [zone.offsets, zone.starts, scope.from, scope.to, [...ACTIVE_STATUSES], bookingsInScope(db, scope)],
  );
  const matrix = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const r of rows) matrix[Number(r.dow)]![Number(r.hour)] = num(r.n, 0);
  let busiest: { weekday: number; hour: number; count: number } | null = null;
  for (const [d, row] of matrix.entries()) for (const [h, count] of row.entries()) if (count > 0 && (!busiest || count > busiest.count)) busiest = { weekday: d, hour: h, count };
  return { metric: 'busiest-hours', ...describeScope(scope), weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], matrix, busiest, total: matrix.flat().reduce((a, b) => a + b, 0) };
}

/** Hours from booking to meeting (meetings starting in the range, every status but rejected). */
export async function leadTimeMetric(db: Knex, scope: ResolvedScope) {
  const lead = "date_part('epoch', start_at - created_at) / 3600";
  const [row] = (await db
    .with('b', scopedBookings(db, scope).whereNot('status', 'rejected'))
    .from('b')
    .select(
      db.raw('count(*) AS n'),
      // Both quantiles from one sort of the lead times.
      db.raw(`percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${lead}) AS quantiles`),
      db.raw(`avg(${lead}) AS average`),
      db.raw("count(*) FILTER (WHERE start_at - created_at < interval '1 hour') AS under_hour"),
      db.raw("count(*) FILTER (WHERE start_at - created_at >= interval '1 hour' AND start_at - created_at < interval '1 day') AS under_day"),
      db.raw("count(*) FILTER (WHERE start_at - created_at >= interval '1 day' AND start_at - created_at < interval '7 days') AS under_week"),
      db.raw("count(*) FILTER (WHERE start_at - created_at >= interval '7 days' AND start_at - created_at < interval '30 days') AS under_month"),
      db.raw("count(*) FILTER (WHERE start_at - created_at >= interval '30 days') AS later"),
    )) as Array<Record<string, string | null> & { quantiles: number[] | null }>;
  const n = num(row?.n, 0);
  const [median, p90] = row?.quantiles ?? [null, null];
  const hours = (v: string | null | undefined) => (n === 0 || v === null || v === undefined ? null : num(v));
  return {
    metric: 'lead-time',
    ...describeScope(scope),
    meetings: n,
    hours: { median: hours(median === null ? null : String(median)), p90: hours(p90 === null ? null : String(p90)), average: hours(row?.average) },
    buckets: [
      { label: 'under 1 hour', count: num(row?.under_hour, 0) },
      { label: '1 hour to 1 day', count: num(row?.under_day, 0) },
      { label: '1 to 7 days', count: num(row?.under_week, 0) },
      { label: '7 to 30 days', count: num(row?.under_month, 0) },
      { label: '30 days or more', count: num(row?.later, 0) },
    ],
  };
}
