import type { Knex } from 'knex';
import { periodsOf, type ResolvedScope } from '../scope.js';
import { ACTIVE_STATUSES, describeScope, num } from '../sql.js';

/** The working hours a user without a schedule gets (as the slot engine assumes): Mon–Fri 09–17 in their zone. */
const DEFAULT_WEEKLY = JSON.stringify(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '09:00', end: '17:00' })));

/**
 * Minutes offered (working hours from each host's default schedule, date overrides replacing
 * their day, evaluated in the schedule's zone) and booked (active meetings' lengths), per host
 * and per week starting Monday in the reader's zone, all computed by PostgreSQL.
 */
export async function offeredAndBooked(db: Knex, scope: ResolvedScope): Promise<Array<{ user_id: string; username: string; period: string; offered: number; booked: number }>> {
  const ids = scope.hostIds ?? [];
  const all = scope.hostIds === null;
  const { rows } = await db.raw<{ rows: Array<{ user_id: string; username: string; period: string; offered: string | null; booked: string | null }> }>(
    `WITH h AS (
       SELECT u.id AS user_id, u.username, COALESCE(s.timezone, u.timezone) AS tz, COALESCE(s.weekly, ?::jsonb) AS weekly, COALESCE(s.overrides, '[]'::jsonb) AS overrides
         FROM users u LEFT JOIN schedules s ON s.user_id = u.id AND s.is_default
        WHERE ? OR u.id = ANY(?::uuid[])),
     d AS (
       SELECT h.*, g::date AS day FROM h, generate_series((?::timestamptz AT TIME ZONE h.tz)::date - 1, (?::timestamptz AT TIME ZONE h.tz)::date, interval '1 day') g),
     w AS (
       SELECT d.user_id, (d.day + (r->>'start')::time) AT TIME ZONE d.tz AS ws, (d.day + (r->>'end')::time) AT TIME ZONE d.tz AS we
         FROM d, jsonb_array_elements(d.weekly) r
        WHERE r->>'day' = (ARRAY['mon','tue','wed','thu','fri','sat','sun'])[extract(isodow FROM d.day)::int]
          AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(d.overrides) o WHERE o->>'date' = to_char(d.day, 'YYYY-MM-DD'))
       UNION ALL
       SELECT d.user_id, (d.day + (i->>'start')::time) AT TIME ZONE d.tz, (d.day + (i->>'end')::time) AT TIME ZONE d.tz
         FROM d, jsonb_array_elements(d.overrides) o, jsonb_array_elements(o->'intervals') i
        WHERE o->>'date' = to_char(d.day, 'YYYY-MM-DD')),
     offered AS (
       SELECT user_id, to_char(date_trunc('week', greatest(ws, ?::timestamptz) AT TIME ZONE ?), 'YYYY-MM-DD') AS period,
              sum(extract(epoch FROM least(we, ?::timestamptz) - greatest(ws, ?::timestamptz))) / 60 AS minutes
         FROM w WHERE we > ?::timestamptz AND ws < ?::timestamptz GROUP BY 1, 2),
     booked AS (
       SELECT bh.user_id, to_char(date_trunc('week', b.start_at AT TIME ZONE ?), 'YYYY-MM-DD') AS period, sum(extract(epoch FROM b.end_at - b.start_at)) / 60 AS minutes
         FROM bookings b JOIN booking_hosts bh ON bh.booking_id = b.id JOIN h ON h.user_id = bh.user_id
        WHERE b.start_at >= ? AND b.start_at < ? AND b.status = ANY(?::text[]) GROUP BY 1, 2)
     SELECT COALESCE(o.user_id, k.user_id) AS user_id, h.username, COALESCE(o.period, k.period) AS period, o.minutes AS offered, k.minutes AS booked
       FROM offered o FULL JOIN booked k ON k.user_id = o.user_id AND k.period = o.period
       JOIN h ON h.user_id = COALESCE(o.user_id, k.user_id)`,
    [DEFAULT_WEEKLY, all, ids, scope.from, scope.to, scope.from, scope.timezone, scope.to, scope.from, scope.from, scope.to, scope.timezone, scope.from, scope.to, [...ACTIVE_STATUSES]],
  );
  return rows.map((r) => ({ user_id: r.user_id, username: r.username, period: r.period, offered: num(r.offered, 1), booked: num(r.booked, 1) }));
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
