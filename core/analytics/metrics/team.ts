import type { Knex } from 'knex';
import { DomainError } from '../../errors.js';
import { can, isTeamRole } from '../../teams/policy.js';
import type { ResolvedScope } from '../scope.js';
import { HELD_STATUSES, bookingsInScope, describeScope, num } from '../sql.js';
import { offeredAndBooked } from './utilisation.js';

/**
 * Per member of a team: meetings hosted (scheduled, completed, no-show), no-show rate among
 * held meetings, utilisation, and their share of the team's round-robin bookings beside
 * their share of the weights. Needs scope=team:<slug> (validation_failed otherwise).
 *
 * The weight share is among members who can take bookings (`take_bookings`: admins and hosts);
 * a guest's is 0, since round robin never picks one.
 */
export async function teamPerformanceMetric(db: Knex, scope: ResolvedScope) {
  if (!scope.team) throw new DomainError('validation_failed', 'scope: team performance needs scope=team:<slug>', { errors: [{ field: 'scope', message: 'expected team:<slug>' }] });
  const members = scope.hostIds ?? [];
  const { rows } = await db.raw<{ rows: Array<{ user_id: string; username: string; role: string; weight: number; meetings: string; held: string; no_shows: string; rr: string; booked: string | number }> }>(
    // The members' meetings in range (one index range), counted per set of hosts, status and
    // event type first (a few hundred groups), then split by member: the work follows the
    // meetings in range, not every meeting the members ever hosted.
    `WITH sets AS (
       SELECT host_ids, status, event_type_id, count(*) AS n, sum(date_part('epoch', end_at - start_at)) / 60 AS minutes FROM bookings
        WHERE start_at >= ? AND start_at < ? AND ? GROUP BY 1, 2, 3),
     b AS (
       SELECT h.user_id, s.status, (e.kind = 'round_robin' AND e.team_id = ?) AS rr, s.n, s.minutes
         FROM sets s
         CROSS JOIN LATERAL unnest(s.host_ids) AS h(user_id)
         LEFT JOIN event_types e ON e.id = s.event_type_id
        WHERE h.user_id = ANY(?::uuid[])),
     per AS (
       SELECT user_id,
              coalesce(sum(n) FILTER (WHERE status IN ('scheduled', 'completed', 'no_show')), 0) AS meetings,
              coalesce(sum(n) FILTER (WHERE status = ANY(?::text[])), 0) AS held,
              coalesce(sum(n) FILTER (WHERE status = 'no_show'), 0) AS no_shows,
              coalesce(sum(n) FILTER (WHERE rr AND status NOT IN ('canceled', 'rejected')), 0) AS rr,
              coalesce(sum(minutes) FILTER (WHERE status IN ('scheduled', 'completed', 'no_show')), 0) AS booked
         FROM b GROUP BY user_id)
     SELECT u.id AS user_id, u.username, m.role, m.weight, COALESCE(p.meetings, 0) AS meetings, COALESCE(p.held, 0) AS held, COALESCE(p.no_shows, 0) AS no_shows, COALESCE(p.rr, 0) AS rr, COALESCE(p.booked, 0) AS booked
       FROM team_members m
       JOIN users u ON u.id = m.user_id
       LEFT JOIN per p ON p.user_id = m.user_id
      WHERE m.team_id = ?
      ORDER BY u.username`,
    [scope.from, scope.to, bookingsInScope(db, scope), scope.team.id, members, [...HELD_STATUSES], scope.team.id],
  );
  // Booked minutes came with the meetings above; only the offered hours are asked for here.
  const util = new Map<string, { offered: number; booked: number }>(rows.map((r) => [r.user_id, { offered: 0, booked: Number(r.booked) }]));
  for (const r of await offeredAndBooked(db, scope, { booked: false })) {
    const u = util.get(r.user_id) ?? { offered: 0, booked: 0 };
    u.offered += r.offered;
    util.set(r.user_id, u);
  }
  const weightOf = (r: { role: string; weight: number }) => (isTeamRole(r.role) && can(r.role, 'take_bookings') ? Number(r.weight) : 0);
  const totalWeight = rows.reduce((s, r) => s + weightOf(r), 0);
  const totalRr = rows.reduce((s, r) => s + num(r.rr, 0), 0);
  return {
    metric: 'team-performance',
    ...describeScope(scope),
    team: scope.team.slug,
    roundRobinBookings: totalRr,
    members: rows.map((r) => {
      const u = util.get(r.user_id) ?? { offered: 0, booked: 0 };
      const held = num(r.held, 0);
      return {
        username: r.username,
        meetings: num(r.meetings, 0),
        noShows: num(r.no_shows, 0),
        noShowRate: held ? num(num(r.no_shows, 0) / held, 4) : 0,
        offeredMinutes: num(u.offered, 1),
        bookedMinutes: num(u.booked, 1),
        utilisation: u.offered > 0 ? num(u.booked / u.offered, 4) : null,
        roundRobin: { bookings: num(r.rr, 0), share: totalRr ? num(num(r.rr, 0) / totalRr, 4) : 0, weight: Number(r.weight), weightShare: totalWeight ? num(weightOf(r) / totalWeight, 4) : 0 },
      };
    }),
  };
}
