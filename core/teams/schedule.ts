/**
 * A team's schedule (`view_schedule`: admins, hosts and guests): each member's bookings, load
 * and free time (working hours minus bookings and connected-calendar busy time) over a range.
 */
import type { Knex } from 'knex';
import { listWorkingIntervals } from '../availability/index.js';
import type { SchedulingContext } from '../booking/context.js';
import { requireTimeZone, resolveDateRange } from '../booking/inputs.js';
import { loadHostAvailability } from '../booking/loader.js';
import { requireTeamBySlug, requireUserById } from '../booking/records.js';
import type { BookingStatus } from '../db/models.js';
import { clampInterval, mergeIntervals, subtractIntervals, type Interval } from '../time/intervals.js';
import { MINUTE_MS } from '../time/units.js';
import { requireTeamPermission, type TeamRole } from './policy.js';

export interface TeamScheduleInput {
  /** First day (YYYY-MM-DD in `timezone`); default today. */
  from?: string;
  /** Last day, inclusive; default `from` + 6 days. */
  to?: string;
  /** Zone of from/to; default the caller's. */
  timezone?: string;
}

export interface TeamScheduleBooking {
  id: string;
  title: string;
  status: BookingStatus;
  start: string;
  end: string;
  eventType: string | null;
  assignmentReason: string | null;
}

export interface MemberSchedule {
  username: string;
  name: string;
  role: TeamRole;
  timezone: string;
  /** Meetings (pending, scheduled, completed) in the range and the minutes they take. */
  load: { meetings: number; busyMinutes: number };
  bookings: TeamScheduleBooking[];
  /** Working time in the range that nothing occupies. */
  free: Array<{ start: string; end: string }>;
}

export interface TeamSchedule {
  team: string;
  timezone: string;
  from: string;
  to: string;
  members: MemberSchedule[];
}

interface MemberRow {
  user_id: string;
  username: string;
  name: string;
  role: TeamRole;
}

interface BookingRow {
  user_id: string;
  id: string;
  title: string;
  status: BookingStatus;
  start_at: Date;
  end_at: Date;
  et_slug: string | null;
  assignment_reason: string | null;
}

const iso = (ms: number | Date) => new Date(ms).toISOString();

/** Members' bookings overlapping the range (not canceled or declined), by start. */
function loadMemberBookings(db: Knex, userIds: string[], range: Interval): Promise<BookingRow[]> {
  return db('booking_hosts as h')
    .join('bookings as b', 'b.id', 'h.booking_id')
    .leftJoin('event_types as e', 'e.id', 'b.event_type_id')
    .whereIn('h.user_id', userIds)
    .whereIn('b.status', ['pending', 'scheduled', 'completed'])
    .where('b.start_at', '<', new Date(range.end))
    .where('b.end_at', '>', new Date(range.start))
    .orderBy([{ column: 'b.start_at' }, { column: 'b.id' }])
    .select('h.user_id', 'b.id', 'b.title', 'b.status', 'b.start_at', 'b.end_at', 'e.slug as et_slug', 'b.assignment_reason');
}

/** Working intervals minus busy time, cut to the range. */
function freeTime(schedule: Parameters<typeof listWorkingIntervals>[0], busy: Interval[], range: Interval): Interval[] {
  const working = listWorkingIntervals(schedule, range).flatMap((i) => clampInterval(i, range) ?? []);
  return subtractIntervals(working, mergeIntervals(busy));
}

/**
 * Each member's bookings, load and free time between two dates. Throws team_not_found (not a
 * member), forbidden (role may not `view_schedule`), validation_failed (zone, dates).
 *
 * @example getTeamSchedule(ctx, userId, 'sales', { from: '2026-11-30', to: '2026-12-04', timezone: 'Europe/Paris' })
 */
export async function getTeamSchedule(ctx: SchedulingContext, userId: string, slug: string, input: TeamScheduleInput): Promise<TeamSchedule> {
  const { db } = ctx;
  const team = await requireTeamBySlug(db, slug);
  await requireTeamPermission(db, team, userId, 'view_schedule');
  const timezone = requireTimeZone(input.timezone ?? (await requireUserById(db, userId)).timezone);
  const range = resolveDateRange({ from: input.from, to: input.to, timezone }, ctx.clock.now().getTime());
  const members: MemberRow[] = await db('team_members as m').join('users as u', 'u.id', 'm.user_id').where('m.team_id', team.id).orderBy('u.username').select('m.user_id', 'u.username', 'u.name', 'm.role');
  const ids = members.map((m) => m.user_id);
  const [hosts, bookings] = await Promise.all([loadHostAvailability(db, { hostIds: ids, range }), loadMemberBookings(db, ids, range)]);
  const hostById = new Map(hosts.map((h) => [h.id, h]));
  return {
    team: team.slug,
    timezone,
    from: range.from,
    to: range.to,
    members: members.map((m) => {
      const host = hostById.get(m.user_id)!;
      const own = bookings.filter((b) => b.user_id === m.user_id);
      const busyMinutes = own.reduce((sum, b) => sum + Math.round((new Date(b.end_at).getTime() - new Date(b.start_at).getTime()) / MINUTE_MS), 0);
      return {
        username: m.username,
        name: m.name,
        role: m.role,
        timezone: host.schedule.timezone,
        load: { meetings: own.length, busyMinutes },
        bookings: own.map((b) => ({ id: b.id, title: b.title, status: b.status, start: iso(b.start_at), end: iso(b.end_at), eventType: b.et_slug, assignmentReason: b.assignment_reason })),
        free: freeTime(host.schedule, host.availability.busy, range).map((i) => ({ start: iso(i.start), end: iso(i.end) })),
      };
    }),
  };
}
