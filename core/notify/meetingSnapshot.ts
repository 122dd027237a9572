import type { Knex } from 'knex';
import type { IcsMeeting } from '../ics/calendar.js';
import type { BookingStatus } from '../db/models.js';
import type { NotificationRule } from './reminders/types.js';

export interface SnapshotPerson {
  id: string;
  name: string;
  email: string;
  timezone: string;
}

export interface MeetingSnapshot {
  id: string;
  title: string;
  notes: string | null;
  location: string | null;
  status: BookingStatus;
  start: Date;
  end: Date;
  icalUid: string;
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
  eventTypeId: string | null;
  /** The event type's kind, or 'ad_hoc' for a meeting booked without one (chat, `yava book "…"`). */
  kind: 'one_on_one' | 'group' | 'collective' | 'round_robin' | 'ad_hoc';
  /** The user who booked it, when a signed-in user did (ad-hoc meetings, a host booking for someone). */
  createdByUserId: string | null;
  /** The series it is an occurrence of, if any. */
  seriesId?: string | null;
  hosts: SnapshotPerson[];
  attendees: Array<SnapshotPerson & { userId: string | null }>;
  /** The event type's conferencing (core/conferencing): a fixed link is the location until the booking has its own. */
  conferencing?: { kind: 'google_meet' | 'zoom' | 'link'; url: string | null } | null;
  /** The event type's reminder and follow-up rules, when read with the meeting (loadMeetingSnapshot). */
  notificationRules?: NotificationRule[];
  /** Whose look the e-mails take: the event type's team, else the first host (brand colour, logo, "hide Yava branding"). */
  brand?: EmailBrand;
}

export interface EmailBrand {
  name: string;
  color: string | null;
  logoUrl: string | null;
  hideBranding: boolean;
}

type BrandRow = { name: string; brand_color: string | null; logo_url: string | null; hide_branding: boolean };
const brandOf = (row: BrandRow): EmailBrand => ({ name: row.name, color: row.brand_color, logoUrl: row.logo_url, hideBranding: Boolean(row.hide_branding) });

interface SnapshotBookingRow {
  id: string;
  title: string;
  notes: string | null;
  location: string | null;
  event_type_location: string | null;
  status: BookingStatus;
  start_at: Date | string;
  end_at: Date | string;
  ical_uid: string;
  sequence: number;
  created_at: Date | string;
  updated_at: Date | string;
  event_type_id: string | null;
  event_type_kind: Exclude<MeetingSnapshot['kind'], 'ad_hoc'> | null;
  created_by_user_id: string | null;
  series_id?: string | null;
  conferencing_kind?: 'google_meet' | 'zoom' | 'link' | null;
  conferencing_url?: string | null;
}

/** One booking with its hosts, team and attendees as JSON arrays: a single round trip. */
const SNAPSHOT_SQL = `
  SELECT b.*, et.location AS event_type_location, et.kind AS event_type_kind, et.team_id AS event_type_team_id,
         c.kind AS conferencing_kind, c.url AS conferencing_url,
         (SELECT coalesce(json_agg(json_build_object('booking_id', h.booking_id, 'id', u.id, 'name', u.name, 'email', u.email, 'timezone', u.timezone,
                                                     'brand_color', u.brand_color, 'logo_url', u.logo_url, 'hide_branding', u.hide_branding) ORDER BY u.name), '[]')
            FROM booking_hosts h JOIN users u ON u.id = h.user_id WHERE h.booking_id = b.id) AS snapshot_hosts,
         (SELECT coalesce(json_agg(json_build_object('id', t.id, 'name', t.name, 'brand_color', t.brand_color, 'logo_url', t.logo_url, 'hide_branding', t.hide_branding)), '[]')
            FROM teams t WHERE t.id = et.team_id) AS snapshot_teams,
         (SELECT coalesce(json_agg(json_build_object('booking_id', a.booking_id, 'id', a.id, 'name', a.name, 'email', a.email, 'timezone', a.timezone, 'user_id', a.user_id)
                                   ORDER BY a.created_at, a.id), '[]')
            FROM booking_attendees a WHERE a.booking_id = b.id AND a.canceled_at IS NULL) AS snapshot_attendees,
         (SELECT coalesce(json_agg(json_build_object('id', n.id, 'kind', n.kind, 'channel', n.channel, 'offsetMinutes', n.offset_minutes, 'template', n.template)
                                   ORDER BY n.kind DESC, n.offset_minutes DESC, n.channel), '[]')
            FROM event_type_notifications n WHERE n.event_type_id = b.event_type_id) AS snapshot_rules
    FROM bookings b LEFT JOIN event_types et ON et.id = b.event_type_id
         LEFT JOIN event_type_conferencing c ON c.event_type_id = b.event_type_id
   WHERE b.id = ?`;

type HostRow = SnapshotPerson & BrandRow & { booking_id: string };
type AttendeeRow = SnapshotPerson & { booking_id: string; user_id: string | null };
type TeamRow = BrandRow & { id: string };

/** A booking with its hosts and attendees, read with `db` (a transaction when inside one), in one statement. */
export async function loadMeetingSnapshot(db: Knex | Knex.Transaction, bookingId: string): Promise<MeetingSnapshot | null> {
  const { rows } = await db.raw<{ rows: Array<SnapshotBookingRow & { snapshot_hosts: HostRow[]; snapshot_teams: TeamRow[]; snapshot_attendees: AttendeeRow[]; snapshot_rules: NotificationRule[] }> }>(SNAPSHOT_SQL, [bookingId]);
  const row = rows[0];
  return row ? { ...toSnapshot(row, row.snapshot_hosts, row.snapshot_teams, row.snapshot_attendees), notificationRules: row.snapshot_rules } : null;
}

const snapshotsOfChanges = new WeakMap<object, Promise<MeetingSnapshot | null>>();

/**
 * The snapshot of the booking a change is about, read once per change: every notifier told of one
 * change (combineNotifiers, in its transaction) shares it instead of reading it again. Each change
 * is a new object, so a later change of the same booking reads afresh. Do not mutate the result.
 */
export function loadChangeSnapshot(trx: Knex | Knex.Transaction, change: { bookingId: string }): Promise<MeetingSnapshot | null> {
  let snapshot = snapshotsOfChanges.get(change);
  if (!snapshot) {
    snapshot = loadMeetingSnapshot(trx, change.bookingId);
    snapshotsOfChanges.set(change, snapshot);
  }
  return snapshot;
}

/** Snapshots for the bookings a query selects (three queries whatever the count). */
export async function loadMeetingSnapshots(db: Knex | Knex.Transaction, bookingsQuery: Knex.QueryBuilder): Promise<MeetingSnapshot[]> {
  const bookings = await bookingsQuery
    .clone()
    .leftJoin('event_types as et', 'et.id', 'bookings.event_type_id')
    .leftJoin('event_type_conferencing as conf', 'conf.event_type_id', 'bookings.event_type_id')
    .select('bookings.*', 'et.location as event_type_location', 'et.kind as event_type_kind', 'et.team_id as event_type_team_id', 'conf.kind as conferencing_kind', 'conf.url as conferencing_url')
    .orderBy('bookings.start_at');
  if (!bookings.length) return [];
  const ids = bookings.map((b: { id: string }) => b.id);
  const hosts = await db('booking_hosts as h')
    .join('users as u', 'u.id', 'h.user_id')
    .whereIn('h.booking_id', ids)
    .orderBy('u.name')
    .select('h.booking_id', 'u.id', 'u.name', 'u.email', 'u.timezone', 'u.brand_color', 'u.logo_url', 'u.hide_branding');
  const teamIds: string[] = [...new Set<string>(bookings.map((b: { event_type_team_id: string | null }) => b.event_type_team_id).filter((id: string | null): id is string => Boolean(id)))];
  const teams: TeamRow[] = teamIds.length ? await db('teams').whereIn('id', teamIds).select('id', 'name', 'brand_color', 'logo_url', 'hide_branding') : [];
  const attendees = await db('booking_attendees').whereIn('booking_id', ids).whereNull('canceled_at').orderBy('created_at').orderBy('id').select('booking_id', 'id', 'name', 'email', 'timezone', 'user_id');
  return (bookings as SnapshotBookingRow[]).map((booking) => toSnapshot(booking, hosts, teams, attendees));
}

/** A booking row, with its hosts, attendees (filtered to it here) and teams, as a snapshot. */
function toSnapshot(booking: SnapshotBookingRow, hosts: HostRow[], teams: TeamRow[], attendees: AttendeeRow[]): MeetingSnapshot {
  return {
    id: booking.id,
    title: booking.title,
    notes: booking.notes,
    location: booking.location ?? (booking.conferencing_kind === 'link' ? booking.conferencing_url : null) ?? booking.event_type_location ?? null,
    status: booking.status,
    start: new Date(booking.start_at),
    end: new Date(booking.end_at),
    icalUid: booking.ical_uid,
    sequence: booking.sequence,
    createdAt: new Date(booking.created_at),
    updatedAt: new Date(booking.updated_at),
    eventTypeId: booking.event_type_id,
    kind: booking.event_type_kind ?? 'ad_hoc',
    createdByUserId: booking.created_by_user_id ?? null,
    seriesId: booking.series_id ?? null,
    conferencing: booking.conferencing_kind ? { kind: booking.conferencing_kind, url: booking.conferencing_url ?? null } : null,
    brand: brandFor(booking, hosts, teams),
    hosts: hosts.filter((h) => h.booking_id === booking.id).map((h) => ({ id: h.id, name: h.name, email: h.email, timezone: h.timezone })),
    attendees: attendees.filter((a) => a.booking_id === booking.id).map((a) => ({ id: a.id, name: a.name, email: a.email, timezone: a.timezone, userId: a.user_id })),
  };
}

function brandFor(booking: { id: string; event_type_team_id?: string | null }, hosts: Array<BrandRow & { booking_id: string }>, teams: Array<BrandRow & { id: string }>): EmailBrand | undefined {
  const team = teams.find((t) => t.id === booking.event_type_team_id);
  if (team) return brandOf(team);
  const host = hosts.find((h) => h.booking_id === booking.id);
  return host ? brandOf(host) : undefined;
}

/** The meeting as calendar programs see it: the first host organizes, everyone else attends. */
export function toIcsMeeting(snapshot: MeetingSnapshot, url?: string): IcsMeeting {
  const [organizer, ...otherHosts] = snapshot.hosts;
  return {
    uid: snapshot.icalUid,
    sequence: snapshot.sequence,
    status: snapshot.status,
    title: snapshot.title,
    description: snapshot.notes,
    location: snapshot.location,
    start: snapshot.start,
    end: snapshot.end,
    organizer: organizer ? { name: organizer.name, email: organizer.email } : { name: 'Yava', email: 'no-reply@yava.local' },
    attendees: [...otherHosts, ...snapshot.attendees].map((p) => ({ name: p.name, email: p.email })),
    url: url ?? null,
    createdAt: snapshot.createdAt,
    updatedAt: snapshot.updatedAt,
  };
}
