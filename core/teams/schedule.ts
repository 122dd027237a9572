/**
 * A team's schedule (`view_schedule`: admins, hosts and guests): each member's bookings, load
 * and free time (working hours minus bookings and connected-calendar busy time) over a range.
 *
 * A member's bookings that are not the team's (not of its event types) show only as busy time:
 * anyone can add anyone to a team, so membership must not reveal a member's own meetings. The
 * reader sees in full the bookings they host themselves, and an instance admin sees every one.
 */
import type { Knex } from 'knex';
import { listWorkingIntervals } from '../availability/index.js';
import type { SchedulingContext } from '../booking/context.js';
import { requireTimeZone, resolveDateRange } from '../booking/inputs.js';
import { loadHostAvailability, type LoadedHost } from '../booking/loader.js';
import { requireTeamBySlug } from '../booking/records.js';
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
  /** The team's bookings, and those the reader hosts (an instance admin: all). */
  bookings: TeamScheduleBooking[];
  /** When the member's other bookings are (their own business): times only. */
  busy: Array<{ start: string; end: string }>;
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
  team_id: string | null;
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
    .select('h.user_id', 'b.id', 'b.title', 'b.status', 'b.start_at', 'b.end_at', 'e.slug as et_slug', 'e.team_id', 'b.assignment_reason');
}

/** Working intervals minus busy time, cut to the range. */
function freeTime(schedule: Parameters<typeof listWorkingIntervals>[0], busy: Interval[], range: Interval): Interval[] {
  const working = listWorkingIntervals(schedule, range).flatMap((i) => clampInterval(i, range) ?? []);
  return subtractIntervals(working, mergeIntervals(busy));
}

/** Whether the reader may see this booking in full: the team's, one they host, or any for an instance admin. */
type Reveals = (booking: BookingRow) => boolean;

function memberSchedule(m: MemberRow, host: LoadedHost, own: BookingRow[], range: Interval, reveals: Reveals): MemberSchedule {
  const busyMinutes = own.reduce((sum, b) => sum + Math.round((new Date(b.end_at).getTime() - new Date(b.start_at).getTime()) / MINUTE_MS), 0);
  return {
    username: m.username,
    name: m.name,
    role: m.role,
    timezone: host.schedule.timezone,
    load: { meetings: own.length, busyMinutes },
    bookings: own.filter(reveals).map((b) => ({ id: b.id, title: b.title, status: b.status, start: iso(b.start_at), end: iso(b.end_at), eventType: b.et_slug, assignmentReason: b.assignment_reason })),
    busy: own.filter((b) => !reveals(b)).map((b) => ({ start: iso(b.start_at), end: iso(b.end_at) })),
    free: freeTime(host.schedule, host.availability.busy, range).map((i) => ({ start: iso(i.start), end: iso(i.end) })),
  };
}

/**
 * Each member's load and free time between two dates, with the team's bookings (and those the
 * reader hosts; an instance admin: all) in full and the member's others as busy times only.
 * Throws team_not_found (not a member), forbidden (role may not `view_schedule`),
 * validation_failed (zone, dates).
 *
 * @example getTeamSchedule(ctx, userId, 'sales', { from: '2026-11-30', to: '2026-12-04', timezone: 'Europe/Paris' })
 */
export async function getTeamSchedule(ctx: SchedulingContext, userId: string, slug: string, input: TeamScheduleInput): Promise<TeamSchedule> {
  const { db } = ctx;
  const team = await requireTeamBySlug(db, slug);
  await requireTeamPermission(db, team, userId, 'view_schedule');
  const reader = (await db('users').where({ id: userId }).first('timezone', 'role')) as { timezone: string; role: string };
  const timezone = requireTimeZone(input.timezone ?? reader.timezone);
  const range = resolveDateRange({ from: input.from, to: input.to, timezone }, ctx.clock.now().getTime());
  const members: MemberRow[] = await db('team_members as m').join('users as u', 'u.id', 'm.user_id').where('m.team_id', team.id).orderBy('u.username').select('m.user_id', 'u.username', 'u.name', 'm.role');
  const ids = members.map((m) => m.user_id);
  const [hosts, bookings] = await Promise.all([loadHostAvailability(db, { hostIds: ids, range }), loadMemberBookings(db, ids, range)]);
  const hostById = new Map(hosts.map((h) => [h.id, h]));
  const readerHosts = new Set(bookings.filter((b) => b.user_id === userId).map((b) => b.id));
  const reveals: Reveals = (b) => reader.role === 'admin' || b.team_id === team.id || readerHosts.has(b.id);
  return {
    team: team.slug,
    timezone,
    from: range.from,
    to: range.to,
    members: members.map((m) => memberSchedule(m, hostById.get(m.user_id)!, bookings.filter((b) => b.user_id === m.user_id), range, reveals)),
  };
}
