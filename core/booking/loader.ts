/**
 * The database side of availability: loads what the pure slot engine (core/availability)
 * needs for a set of hosts over a window, in three queries whatever the number of hosts (one
 * statement inside a transaction):
 * users + default schedules, active booking busy ranges (with their starts for daily limits),
 * and external busy blocks. Both busy queries use `user_id = ANY(?)` and a range overlap
 * `busy && tstzrange(?, ?)`, which the gist indexes on (user_id, busy) serve.
 */
import type { Knex } from 'knex';
import type { DailyLimit, HostAvailability, Schedule } from '../availability/types.js';
import { mergeIntervals, type Interval } from '../time/intervals.js';
import { DAY_MS, MINUTE_MS } from '../time/units.js';
import { EXTERNAL_EVENTS_BUSY_SQL, UNSEEN_CALENDAR_BUSY_SQL } from '../calendars/busy.js';
import { epochMsCeil, epochMsFloor } from '../db/epochMs.js';

/** Mon–Fri 09:00–17:00 in `timezone`: what a user without a saved schedule works. */
export function defaultSchedule(timezone: string): Schedule {
  return {
    timezone,
    weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, start: '09:00', end: '17:00' })),
    overrides: [],
  };
}

export interface HostRow {
  id: string;
  username: string;
  name: string;
  email: string;
  timezone: string;
  dailyMeetingLimit: number | null;
  /** Meetings per ISO week (Monday–Sunday in the schedule's zone), across event types; null = none. */
  weeklyMeetingLimit?: number | null;
  schedule: Schedule;
}

export interface LoadHostAvailabilityOptions {
  hostIds: readonly string[];
  /** The window slots are searched in. */
  range: Interval;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  /** The event type whose per-host daily limit applies (counts that host's active bookings of it). */
  eventTypeId?: string | null;
  eventDailyLimit?: number | null;
  /** Leave this booking out (a reschedule must not collide with itself). */
  excludeBookingId?: string;
  /** The hosts' rows when the caller read them already (with the event type): one statement fewer. */
  hostRows?: readonly HostRow[];
}

export interface LoadedHost extends HostRow {
  availability: HostAvailability;
  /** When each of the host's active bookings in the window starts (external busy blocks are not meetings). */
  meetingStarts: number[];
}

interface HostQueryRow {
  id: string;
  username: string;
  name: string;
  email: string;
  timezone: string;
  daily_meeting_limit: number | null;
  weekly_meeting_limit: number | null;
  schedule_timezone: string | null;
  weekly: Schedule['weekly'] | string;
  overrides: Schedule['overrides'] | string;
}

/**
 * One host's busy ranges, aggregated by PostgreSQL into a JSON array per host: [start, end] in
 * epoch milliseconds, and for bookings also the booking's start and whether it is of the event
 * type whose daily limit counts. Ten rows of compact arrays instead of thousands of rows of
 * uuids and numeric strings: the driver and JSON.parse do a fraction of the work.
 */
interface BusyQueryRow {
  user_id: string;
  busy: Array<[number, number]> | string;
}

interface BookingBusyQueryRow {
  user_id: string;
  busy: Array<[number, number, number, boolean | null]> | string;
}

function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** Users whose ids `idsExpr` (an SQL uuid[] expression) names, each with their default schedule's columns. */
export const hostsSql = (idsExpr: string) => `SELECT u.id, u.username, u.name, u.email, u.timezone, u.daily_meeting_limit, u.weekly_meeting_limit, s.timezone AS schedule_timezone, s.weekly, s.overrides
       FROM users u LEFT JOIN schedules s ON s.user_id = u.id AND s.is_default
      WHERE u.id = ANY(${idsExpr})`;

/** Users and their default schedules (or the default Mon–Fri 09–17 in their zone), in `ids` order. */
const HOSTS_SQL = hostsSql('?::uuid[]');

/** Active booking busy ranges of the hosts over a window, leaving out one booking (or none), by host. */
const BOOKING_BUSY_SQL = `SELECT bh.user_id,
              json_agg(json_build_array(${epochMsFloor('lower(bh.busy)')}, ${epochMsCeil('upper(bh.busy)')},
                                        ${epochMsFloor('b.start_at')}, b.event_type_id = ?::uuid)) AS busy
         FROM booking_hosts bh JOIN bookings b ON b.id = bh.booking_id
        WHERE bh.active AND bh.user_id = ANY(?::uuid[]) AND bh.busy && tstzrange(?, ?) AND bh.booking_id IS DISTINCT FROM ?::uuid
        GROUP BY bh.user_id`;

/** External busy blocks: free/busy answers and synced calendar events that count, by host. */
const EXTERNAL_BUSY_SQL = `SELECT x.user_id, json_agg(json_build_array(x.s, x.e)) AS busy
         FROM (SELECT user_id, ${epochMsFloor('lower(busy)')} AS s, ${epochMsCeil('upper(busy)')} AS e
                 FROM external_busy WHERE user_id = ANY(?::uuid[]) AND busy && tstzrange(?, ?)
               UNION ALL
               ${EXTERNAL_EVENTS_BUSY_SQL}
               UNION ALL
               ${UNSEEN_CALENDAR_BUSY_SQL}) x
        GROUP BY x.user_id`;

/** EXTERNAL_BUSY_SQL's parameters: the hosts and the window, once for each of its three branches. */
const externalBusyArgs = (ids: string[], from: string, to: string) => [ids, from, to, ids, from, to, ids, from, to];

/** The three reads as one statement, each a JSON array (for a transaction's one connection). */
const ALL_SQL = `SELECT (SELECT coalesce(json_agg(h), '[]') FROM (${HOSTS_SQL}) h) AS hosts,
       (SELECT coalesce(json_agg(b), '[]') FROM (${BOOKING_BUSY_SQL}) b) AS bookings,
       (SELECT coalesce(json_agg(x), '[]') FROM (${EXTERNAL_BUSY_SQL}) x) AS external`;

/** Users and their default schedules (or the default Mon–Fri 09–17 in their zone), in `ids` order. */
export async function loadHostRows(db: Knex, ids: readonly string[]): Promise<HostRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.raw<{ rows: HostQueryRow[] }>(HOSTS_SQL, [ids as string[]]);
  return hostRows(ids, rows);
}

/** Host rows from hostsSql's JSON (a string or parsed), in `ids` order; users not found are left out. */
export function hostRowsOf(ids: readonly string[], json: unknown): HostRow[] {
  return hostRows(ids, parseJson<HostQueryRow[]>(json));
}

function hostRows(ids: readonly string[], rows: HostQueryRow[]): HostRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const schedule: Schedule = r.schedule_timezone
      ? { timezone: r.schedule_timezone, weekly: parseJson(r.weekly), overrides: parseJson(r.overrides) }
      : defaultSchedule(r.timezone);
    return [{ id: r.id, username: r.username, name: r.name, email: r.email, timezone: r.timezone, dailyMeetingLimit: r.daily_meeting_limit, weeklyMeetingLimit: r.weekly_meeting_limit, schedule }];
  });
}

/**
 * The hosts, their booking busy ranges and their external busy blocks over [from, to). On a
 * pool the three queries go out together (a server runs them on separate connections), the
 * hosts' only when the caller has not read them (`known`); in a transaction, whose one
 * connection takes one statement at a time, they are one statement.
 */
async function loadRaw(db: Knex, ids: string[], from: string, to: string, exclude: string | null, eventTypeId: string | null, known?: readonly HostRow[]) {
  const bookingArgs = [eventTypeId, ids, from, to, exclude];
  const externalArgs = externalBusyArgs(ids, from, to);
  if ('isTransaction' in db && db.isTransaction === true) {
    const { rows } = await db.raw<{ rows: Array<{ hosts: unknown; bookings: unknown; external: unknown }> }>(ALL_SQL, [ids, ...bookingArgs, ...externalArgs]);
    const all = rows[0]!;
    return { hosts: hostRows(ids, parseJson(all.hosts)), bookings: parseJson<BookingBusyQueryRow[]>(all.bookings), external: parseJson<BusyQueryRow[]>(all.external) };
  }
  const [hosts, bookings, external] = await Promise.all([
    known ?? loadHostRows(db, ids),
    db.raw<{ rows: BookingBusyQueryRow[] }>(BOOKING_BUSY_SQL, bookingArgs),
    db.raw<{ rows: BusyQueryRow[] }>(EXTERNAL_BUSY_SQL, externalArgs),
  ]);
  return { hosts, bookings: bookings.rows, external: external.rows };
}

/**
 * The busy time the hosts' calendars hold over `range` (free/busy answers, synced events that
 * count, and the time past a bounded calendar's range), merged per host: what is not a Yava
 * meeting but still cannot be booked.
 */
export async function loadExternalBusy(db: Knex, hostIds: readonly string[], range: Interval): Promise<Map<string, Interval[]>> {
  const ids = [...hostIds];
  const out = new Map<string, Interval[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const [from, to] = [new Date(range.start).toISOString(), new Date(range.end).toISOString()];
  const { rows } = await db.raw<{ rows: BusyQueryRow[] }>(EXTERNAL_BUSY_SQL, externalBusyArgs(ids, from, to));
  for (const row of rows) out.set(row.user_id, mergeIntervals(parseJson<Array<[number, number]>>(row.busy).map(([start, end]) => ({ start, end }))));
  return out;
}

/**
 * Loads each host's working hours, busy time and daily limits for the slot engine. Busy
 * ranges of active booking_hosts rows are already widened by their own buffers. The window is
 * widened by two days each side so daily limits see whole local days in any zone.
 */
export async function loadHostAvailability(db: Knex, options: LoadHostAvailabilityOptions): Promise<LoadedHost[]> {
  const ids = [...options.hostIds];
  if (ids.length === 0) return [];
  const from = new Date(options.range.start - 2 * DAY_MS - (options.bufferBeforeMinutes ?? 0) * MINUTE_MS).toISOString();
  const to = new Date(options.range.end + 2 * DAY_MS + (options.bufferAfterMinutes ?? 0) * MINUTE_MS).toISOString();
  const { hosts, bookings, external } = await loadRaw(db, ids, from, to, options.excludeBookingId ?? null, options.eventTypeId ?? null, options.hostRows);
  if (hosts.length === 0) return [];

  const busy = new Map<string, Interval[]>(ids.map((id) => [id, []]));
  const allStarts = new Map<string, number[]>(ids.map((id) => [id, []]));
  const eventStarts = new Map<string, number[]>(ids.map((id) => [id, []]));
  for (const row of bookings) {
    const [ranges, starts, ofEvent] = [busy.get(row.user_id)!, allStarts.get(row.user_id)!, eventStarts.get(row.user_id)!];
    for (const [s, e, start, sameEventType] of parseJson<Array<[number, number, number, boolean | null]>>(row.busy)) {
      ranges.push({ start: s, end: e });
      starts.push(start);
      if (sameEventType) ofEvent.push(start);
    }
  }
  for (const row of external) {
    const ranges = busy.get(row.user_id)!;
    for (const [s, e] of parseJson<Array<[number, number]>>(row.busy)) ranges.push({ start: s, end: e });
  }
  const weekStarts = await loadWeekStarts(db, hosts, options);

  return hosts.map((host) => {
    const dailyLimits: DailyLimit[] = [];
    if (options.eventDailyLimit && options.eventTypeId) dailyLimits.push({ limit: options.eventDailyLimit, starts: eventStarts.get(host.id)! });
    if (host.dailyMeetingLimit) dailyLimits.push({ limit: host.dailyMeetingLimit, starts: allStarts.get(host.id)! });
    const weeklyLimits = host.weeklyMeetingLimit ? [{ limit: host.weeklyMeetingLimit, starts: weekStarts.get(host.id) ?? [] }] : [];
    return { ...host, availability: { hostId: host.id, schedule: host.schedule, busy: busy.get(host.id)!, dailyLimits, weeklyLimits }, meetingStarts: allStarts.get(host.id)! };
  });
}

/**
 * Starts of the active bookings of hosts with a weekly limit, over the window widened by eight
 * days each side so every week the window touches is counted whole, in whatever zone.
 */
async function loadWeekStarts(db: Knex, hosts: readonly HostRow[], options: LoadHostAvailabilityOptions): Promise<Map<string, number[]>> {
  const ids = hosts.filter((h) => h.weeklyMeetingLimit).map((h) => h.id);
  const out = new Map<string, number[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const { rows } = await db.raw<{ rows: Array<{ user_id: string; start_at: number | string }> }>(
    `SELECT bh.user_id, extract(epoch FROM b.start_at) * 1000 AS start_at
       FROM booking_hosts bh JOIN bookings b ON b.id = bh.booking_id
      WHERE bh.active AND bh.user_id = ANY(?::uuid[]) AND b.start_at >= ? AND b.start_at < ? AND bh.booking_id IS DISTINCT FROM ?::uuid`,
    [ids, new Date(options.range.start - 8 * DAY_MS).toISOString(), new Date(options.range.end + 8 * DAY_MS).toISOString(), options.excludeBookingId ?? null],
  );
  for (const row of rows) out.get(row.user_id)!.push(Number(row.start_at));
  return out;
}
