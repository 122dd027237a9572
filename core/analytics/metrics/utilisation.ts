import type { Knex } from 'knex';
import { periodsOf, type ResolvedScope } from '../scope.js';
import { ACTIVE_STATUSES, bookingsInScope, describeScope, num, periodBuckets } from '../sql.js';

/** The working hours a user without a schedule gets (as the slot engine assumes): Mon–Fri 09–17 in their zone. */
const DEFAULT_WEEKLY = JSON.stringify(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '09:00', end: '17:00' })));

/**
 * Minutes offered (working hours from each host's default schedule, date overrides replacing
 * their day, evaluated in the schedule's zone) and booked (active meetings' lengths), per host
 * and per week starting Monday in the reader's zone, all computed by PostgreSQL.
 *
 * Set-based: each host's weekly rules and overrides are unpacked from JSON once (a few rows per
 * host), the calendar days are one integer series (its size known to the planner), and rules
 * meet days in a hash join on the weekday, so the work grows with hosts × days, not with JSON
 * parsing per day.
 */
export async function offeredAndBooked(db: Knex, scope: ResolvedScope, options: { booked?: boolean } = {}): Promise<Array<{ user_id: string; username: string; period: string; offered: number; booked: number }>> {
  const ids = scope.hostIds ?? [];
  const all = scope.hostIds === null;
  // Local dates of any zone in [from, to) lie within a day of the UTC dates.
  const weeks = periodBuckets(db, 'start_at', { ...scope, groupBy: 'week' });
  const firstDay = new Date(scope.from.getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
  const dayCount = Math.ceil((scope.to.getTime() - scope.from.getTime()) / 86_400_000) + 4;
  const { rows } = await db.raw<{ rows: Array<{ user_id: string; username: string; period: number; offered: string | null; booked: string | null }> }>(
    `WITH h AS MATERIALIZED (
       SELECT u.id AS user_id, u.username, COALESCE(s.timezone, u.timezone) AS tz, COALESCE(s.weekly, ?::jsonb) AS weekly, COALESCE(s.overrides, '[]'::jsonb) AS overrides
         FROM users u LEFT JOIN schedules s ON s.user_id = u.id AND s.is_default
        WHERE ? OR u.id = ANY(?::uuid[])),
     rules AS MATERIALIZED (
       SELECT h.user_id, h.tz, array_position(ARRAY['mon','tue','wed','thu','fri','sat','sun'], r->>'day') AS dow, (r->>'start')::time AS s, (r->>'end')::time AS e
         FROM h, jsonb_array_elements(h.weekly) r),
     ovr AS MATERIALIZED (
       SELECT h.user_id, h.tz, (o->>'date')::date AS day, o->'intervals' AS intervals FROM h, jsonb_array_elements(h.overrides) o),
     days AS MATERIALIZED (SELECT (?::date + i) AS day FROM generate_series(0, ?::int) i),
     w AS (
       SELECT r.user_id, (d.day + r.s) AT TIME ZONE r.tz AS ws, (d.day + r.e) AT TIME ZONE r.tz AS we
         FROM rules r JOIN days d ON extract(isodow FROM d.day)::int = r.dow
        WHERE NOT EXISTS (SELECT 1 FROM ovr WHERE ovr.user_id = r.user_id AND ovr.day = d.day)
       UNION ALL
       SELECT ovr.user_id, (ovr.day + (i->>'start')::time) AT TIME ZONE ovr.tz, (ovr.day + (i->>'end')::time) AT TIME ZONE ovr.tz
         FROM ovr, jsonb_array_elements(ovr.intervals) i),
     offered AS (
       SELECT user_id, width_bucket(greatest(ws, ?::timestamptz), ?::timestamptz[]) AS period,
              sum(date_part('epoch', least(we, ?::timestamptz) - greatest(ws, ?::timestamptz))) / 60 AS minutes
         FROM w WHERE we > ?::timestamptz AND ws < ?::timestamptz GROUP BY 1, 2),
     booked_sets AS (
       SELECT host_ids, width_bucket(start_at, ?::timestamptz[]) AS period, sum(date_part('epoch', end_at - start_at)) / 60 AS minutes
         FROM bookings WHERE ?::boolean AND start_at >= ? AND start_at < ? AND status = ANY(?::text[]) AND ? GROUP BY 1, 2),
     booked AS (
       SELECT bh.user_id, s.period, sum(s.minutes) AS minutes FROM booked_sets s CROSS JOIN LATERAL unnest(s.host_ids) AS bh(user_id)
        WHERE ? OR bh.user_id = ANY(?::uuid[]) GROUP BY 1, 2)
     SELECT COALESCE(o.user_id, k.user_id) AS user_id, h.username, COALESCE(o.period, k.period) AS period, o.minutes AS offered, k.minutes AS booked
       FROM offered o FULL JOIN booked k ON k.user_id = o.user_id AND k.period = o.period
       JOIN h ON h.user_id = COALESCE(o.user_id, k.user_id)`,
    [DEFAULT_WEEKLY, all, ids, firstDay, dayCount, scope.from, weeks.starts, scope.to, scope.from, scope.from, scope.to, weeks.starts, options.booked !== false, scope.from, scope.to, [...ACTIVE_STATUSES], bookingsInScope(db, scope), all, ids],
  );
  return rows.map((r) => ({ user_id: r.user_id, username: r.username, period: weeks.labelOf(r.period), offered: num(r.offered, 1), booked: num(r.booked, 1) }));
}

const rateOf = (booked: number, offered: number) => (offered > 0 ? num(booked / offered, 4) : null);

/** Availability offered against booked, per host and as a weekly trend. */
export async function utilisationMetric(db: Knex, scope: ResolvedScope) {
  const rows = await offeredAndBooked(db, scope);
  const weeks = new Map(periodsOf({ ...scope, groupBy: 'week' }).map((p) => [p, { offered: 0, booked: 0 }]));
  const hosts = new Map<string, { offered: number; booked: number }>();
  for (const r of rows) {
    const week = weeks.get(r.period) ?? { offered: 0, booked: 0 };
    week.offered += r.offered;
    week.booked += r.booked;
    weeks.set(r.period, week);
    const host = hosts.get(r.username) ?? { offered: 0, booked: 0 };
    host.offered += r.offered;
    host.booked += r.booked;
    hosts.set(r.username, host);
  }
  const offered = [...hosts.values()].reduce((s, h) => s + h.offered, 0);
  const booked = [...hosts.values()].reduce((s, h) => s + h.booked, 0);
  return {
    metric: 'utilisation',
    ...describeScope(scope),
    offeredMinutes: num(offered, 1),
    bookedMinutes: num(booked, 1),
    rate: rateOf(booked, offered),
    byHost: [...hosts].sort(([a], [b]) => a.localeCompare(b)).map(([username, h]) => ({ username, offeredMinutes: num(h.offered, 1), bookedMinutes: num(h.booked, 1), rate: rateOf(h.booked, h.offered) })),
    weekly: [...weeks].sort(([a], [b]) => a.localeCompare(b)).map(([period, w]) => ({ period, offeredMinutes: num(w.offered, 1), bookedMinutes: num(w.booked, 1), rate: rateOf(w.booked, w.offered) })),
  };
}
