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
  /** The event type's reminder and follow-up rules (none for a meeting without one), reminders first. */
  notificationRules: NotificationRule[];
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

/**
 * Bookings chosen by `where` with, per row, their hosts, team, attendees and the event type's
 * reminder rules as JSON arrays: one statement whatever the number of bookings.
 */
const snapshotSql = (where: string) => `
  SELECT b.*, et.location AS event_type_location, et.kind AS event_type_kind,
         c.kind AS conferencing_kind, c.url AS conferencing_url,
         (SELECT coalesce(json_agg(json_build_object('id', u.id, 'name', u.name, 'email', u.email, 'timezone', u.timezone,
                                                     'brand_color', u.brand_color, 'logo_url', u.logo_url, 'hide_branding', u.hide_branding) ORDER BY u.name), '[]')
            FROM booking_hosts h JOIN users u ON u.id = h.user_id WHERE h.booking_id = b.id) AS snapshot_hosts,
         (SELECT coalesce(json_agg(json_build_object('name', t.name, 'brand_color', t.brand_color, 'logo_url', t.logo_url, 'hide_branding', t.hide_branding)), '[]')
            FROM teams t WHERE t.id = et.team_id) AS snapshot_teams,
         (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name, 'email', a.email, 'timezone', a.timezone, 'user_id', a.user_id)
                                   ORDER BY a.created_at, a.id), '[]')
            FROM booking_attendees a WHERE a.booking_id = b.id AND a.canceled_at IS NULL) AS snapshot_attendees,
         (SELECT coalesce(json_agg(json_build_object('id', n.id, 'kind', n.kind, 'channel', n.channel, 'offsetMinutes', n.offset_minutes, 'template', n.template)
                                   ORDER BY n.kind DESC, n.offset_minutes DESC, n.channel), '[]')
            FROM event_type_notifications n WHERE n.event_type_id = b.event_type_id) AS snapshot_rules
    FROM bookings b LEFT JOIN event_types et ON et.id = b.event_type_id
         LEFT JOIN event_type_conferencing c ON c.event_type_id = b.event_type_id
   WHERE ${where}
   ORDER BY b.start_at, b.id`;

type SnapshotRow = SnapshotBookingRow & {
  snapshot_hosts: Array<SnapshotPerson & BrandRow>;
  snapshot_teams: BrandRow[];
  snapshot_attendees: Array<SnapshotPerson & { user_id: string | null }>;
  snapshot_rules: NotificationRule[];
};

/** A booking with its hosts and attendees, read with `db` (a transaction when inside one), in one statement. */
export async function loadMeetingSnapshot(db: Knex | Knex.Transaction, bookingId: string): Promise<MeetingSnapshot | null> {
  const { rows } = await db.raw<{ rows: SnapshotRow[] }>(snapshotSql('b.id = ?'), [bookingId]);
  return rows[0] ? toSnapshot(rows[0]) : null;
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

/** Snapshots for the bookings a query on `bookings` selects, by start (one statement whatever the count). */
export async function loadMeetingSnapshots(db: Knex | Knex.Transaction, bookingsQuery: Knex.QueryBuilder): Promise<MeetingSnapshot[]> {
  const { rows } = await db.raw<{ rows: SnapshotRow[] }>(snapshotSql('b.id IN (?)'), [bookingsQuery.clone().select('bookings.id')]);
  return rows.map(toSnapshot);
}

/** One row of snapshotSql as a snapshot. */
function toSnapshot(row: SnapshotRow): MeetingSnapshot {
  const brand = row.snapshot_teams[0] ?? row.snapshot_hosts[0];
  return {
    id: row.id,
    title: row.title,
    notes: row.notes,
    location: row.location ?? (row.conferencing_kind === 'link' ? row.conferencing_url : null) ?? row.event_type_location ?? null,
    status: row.status,
    start: new Date(row.start_at),
    end: new Date(row.end_at),
    icalUid: row.ical_uid,
    sequence: row.sequence,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    eventTypeId: row.event_type_id,
    kind: row.event_type_kind ?? 'ad_hoc',
    createdByUserId: row.created_by_user_id ?? null,
    seriesId: row.series_id ?? null,
    conferencing: row.conferencing_kind ? { kind: row.conferencing_kind, url: row.conferencing_url ?? null } : null,
    notificationRules: row.snapshot_rules,
    ...(brand ? { brand: brandOf(brand) } : {}),
    hosts: row.snapshot_hosts.map((h) => ({ id: h.id, name: h.name, email: h.email, timezone: h.timezone })),
    attendees: row.snapshot_attendees.map((a) => ({ id: a.id, name: a.name, email: a.email, timezone: a.timezone, userId: a.user_id })),
  };
}

/**
 * A meeting as an attendee may see it: attendees of a group session never see each other, and
 * the session's notes are the words of whoever took its first seat, so a group session loses both
 * (invites, downloads, feeds, the read-only view). Any other meeting is returned as it is.
 * @example seenByAttendee(snapshot).attendees // [] for a group session
 */
export function seenByAttendee(snapshot: MeetingSnapshot): MeetingSnapshot {
  return snapshot.kind === 'group' ? { ...snapshot, attendees: [], notes: null } : snapshot;
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
