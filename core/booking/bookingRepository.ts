/**
 * Persistence of bookings: their rows, hosts (busy ranges under the exclusion constraint),
 * attendees (with hashed manage tokens) and status history. Every function takes the knex
 * instance or transaction to run on; rows are typed as the tables are.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { attendeeAccountQuery } from '../auth/emailOwnership.js';
import { hashSecret } from '../auth/secrets.js';
import type { BookingStatus } from '../db/models.js';
import { MINUTE_MS } from '../time/units.js';
import type { ManageTokenIssuer } from './manageTokens.js';
import type { EventTypeRow } from './records.js';
import type { BookingDetails, EventKind } from './types.js';

/** A row of `bookings`. */
export interface BookingRow {
  id: string;
  event_type_id: string | null;
  title: string;
  notes: string | null;
  start_at: Date;
  end_at: Date;
  status: BookingStatus;
  ical_uid: string;
  sequence: number;
  location: string | null;
  source: string;
  created_by_user_id: string | null;
  assignment_reason: string | null;
  canceled_by: string | null;
  cancel_reason: string | null;
  /** Group sessions: seats in all, and seats taken (seated attendees plus seats held for a waitlist offer). */
  seats_total?: number | null;
  seats_taken?: number;
  created_at: Date;
  updated_at: Date;
  /** Bumped by a trigger on every change (If-Match / ETag). */
  /** Its hosts' ids, sorted: a copy of booking_hosts a trigger keeps, for analytics. */
  host_ids?: string[];
  version: number;
  host_notes: string | null;
}

interface BookingWithEventType extends BookingRow {
  et_slug: string | null;
  et_title: string | null;
  et_kind: EventKind | null;
}

interface HostJoinRow { booking_id: string; id: string; username: string; name: string; email: string; timezone: string }
interface AttendeeJoinRow { booking_id: string; id: string; name: string; email: string; timezone: string; user_id: string | null }
interface HistoryJoinRow { booking_id: string; from_status: BookingStatus | null; to_status: BookingStatus; actor: string; reason: string | null; at: Date }

const toIso = (value: Date | string | number): string => new Date(value).toISOString();

/** Whole minutes between a row's start and end. */
export function durationMinutesOf(row: Pick<BookingRow, 'start_at' | 'end_at'>): number {
  return Math.round((new Date(row.end_at).getTime() - new Date(row.start_at).getTime()) / MINUTE_MS);
}

function toDetails(b: BookingWithEventType, hosts: HostJoinRow[], attendees: AttendeeJoinRow[], history: HistoryJoinRow[]): BookingDetails {
  return {
    id: b.id,
    title: b.title,
    notes: b.notes,
    hostNotes: b.host_notes ?? null,
    version: Number(b.version ?? 1),
    status: b.status,
    start: toIso(b.start_at),
    end: toIso(b.end_at),
    durationMinutes: durationMinutesOf(b),
    eventType: b.event_type_id ? { id: b.event_type_id, slug: b.et_slug!, title: b.et_title!, kind: b.et_kind! } : null,
    location: b.location,
    icalUid: b.ical_uid,
    sequence: b.sequence,
    source: b.source,
    assignmentReason: b.assignment_reason,
    canceledBy: b.canceled_by,
    cancelReason: b.cancel_reason,
    createdByUserId: b.created_by_user_id,
    hosts: hosts.map((h) => ({ userId: h.id, username: h.username, name: h.name, email: h.email, timezone: h.timezone })),
    attendees: attendees.map((a) => ({ id: a.id, name: a.name, email: a.email, timezone: a.timezone, userId: a.user_id })),
    seatsTotal: b.seats_total ?? null,
    seatsLeft: b.seats_total == null ? null : b.seats_total - (b.seats_taken ?? 0),
    statusHistory: history.map((h) => ({ from: h.from_status, to: h.to_status, actor: h.actor, reason: h.reason, at: toIso(h.at) })),
    createdAt: toIso(b.created_at),
    updatedAt: toIso(b.updated_at),
  };
}

const jsonList = <T>(value: unknown): T[] => (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as T[];

/**
 * Bookings by id, in the order given (missing ids are left out): one query whatever the count,
 * hosts, attendees and status history aggregated beside each booking (one round trip, as a new
 * booking's answer is read inside its transaction).
 */
export async function loadBookings(db: Knex, ids: string[]): Promise<BookingDetails[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.raw<{ rows: Array<BookingWithEventType & { hosts_json: unknown; attendees_json: unknown; history_json: unknown }> }>(
    `SELECT b.*, e.slug AS et_slug, e.title AS et_title, e.kind AS et_kind,
            (SELECT coalesce(json_agg(json_build_object('id', u.id, 'username', u.username, 'name', u.name, 'email', u.email, 'timezone', u.timezone) ORDER BY u.username), '[]'::json)
               FROM booking_hosts h JOIN users u ON u.id = h.user_id WHERE h.booking_id = b.id) AS hosts_json,
            (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name, 'email', a.email, 'timezone', a.timezone, 'user_id', a.user_id) ORDER BY a.created_at, a.id), '[]'::json)
               FROM booking_attendees a WHERE a.booking_id = b.id AND a.canceled_at IS NULL) AS attendees_json,
            (SELECT coalesce(json_agg(json_build_object('from_status', s.from_status, 'to_status', s.to_status, 'actor', s.actor, 'reason', s.reason, 'at', s.at) ORDER BY s.id), '[]'::json)
               FROM booking_status_history s WHERE s.booking_id = b.id) AS history_json
       FROM bookings b LEFT JOIN event_types e ON e.id = b.event_type_id
      WHERE b.id = ANY(?::uuid[])`,
    [ids],
  );
  const byId = new Map(rows.map((b) => [b.id, b]));
  return ids.flatMap((id) => {
    const b = byId.get(id);
    return b ? [toDetails(b, jsonList<HostJoinRow>(b.hosts_json), jsonList<AttendeeJoinRow>(b.attendees_json), jsonList<HistoryJoinRow>(b.history_json))] : [];
  });
}

/** One booking, or null. */
export async function loadBooking(db: Knex, id: string): Promise<BookingDetails | null> {
  return (await loadBookings(db, [id]))[0] ?? null;
}

/** The booking row, locked for the rest of the transaction. */
export async function lockBookingRow(trx: Knex, id: string): Promise<BookingRow | undefined> {
  return trx<BookingRow>('bookings').where({ id }).forUpdate().first();
}

/** Changes columns of a booking row. */
export async function updateBookingRow(trx: Knex, id: string, patch: Partial<BookingRow>): Promise<void> {
  await trx<BookingRow>('bookings').where({ id }).update(patch);
}

/** Host user ids of a booking, ordered by id (the order advisory locks are taken in). */
export async function listBookingHostIds(db: Knex, bookingId: string): Promise<string[]> {
  const rows: Array<{ user_id: string }> = await db('booking_hosts').where({ booking_id: bookingId }).orderBy('user_id').select('user_id');
  return rows.map((r) => r.user_id);
}

/** Whether the booking's busy ranges count (scheduled, or pending holding its slot); the exclusion constraint decides races. */
export async function setBookingHostsActive(trx: Knex, bookingId: string, active: boolean): Promise<void> {
  await trx('booking_hosts').where({ booking_id: bookingId }).update({ active });
}

function busyRange(trx: Knex, start: number, end: number, buffers: { bufferBeforeMinutes: number; bufferAfterMinutes: number }): Knex.Raw {
  return trx.raw("tstzrange(?, ?, '[)')", [new Date(start - buffers.bufferBeforeMinutes * MINUTE_MS).toISOString(), new Date(end + buffers.bufferAfterMinutes * MINUTE_MS).toISOString()]);
}

/** Moves every host's busy range of a booking; the exclusion constraint decides races. */
export async function moveBookingBusy(trx: Knex, bookingId: string, start: number, end: number, buffers: { bufferBeforeMinutes: number; bufferAfterMinutes: number }): Promise<void> {
  await trx('booking_hosts').where({ booking_id: bookingId }).update({ busy: busyRange(trx, start, end, buffers) });
}

/** Appends a row to the booking's status history. */
export async function recordStatus(trx: Knex, entry: StatusEntry): Promise<void> {
  await trx('booking_status_history').insert(statusRow(entry));
}

/** One change of a booking's status, as its history keeps it. */
export interface StatusEntry {
  bookingId: string;
  from: BookingStatus | null;
  to: BookingStatus;
  actor: string;
  at: Date;
  reason?: string | null;
  details?: Record<string, unknown> | null;
}

function statusRow(entry: StatusEntry) {
  return {
    booking_id: entry.bookingId,
    from_status: entry.from,
    to_status: entry.to,
    actor: entry.actor,
    reason: entry.reason ?? null,
    details: entry.details ? JSON.stringify(entry.details) : null,
    at: entry.at,
  };
}

/** Everything a new booking is made of. */
export interface NewBooking {
  eventType: EventTypeRow | null;
  title: string;
  notes: string | null;
  start: number;
  end: number;
  status: BookingStatus;
  location: string | null;
  source: string;
  createdByUserId: string | null;
  assignmentReason: string | null;
  hostIds: string[];
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  /** Whether the hosts' busy ranges count now (false for a pending request that holds nothing). */
  holdsSlot: boolean;
  attendees: Array<{ name: string; email: string; timezone: string }>;
  actor: string;
  /** A group session's seats (its attendees are seated one by one, core/booking/seats.ts). */
  seatsTotal?: number | null;
}

/**
 * Inserts a booking with its hosts, attendees (with fresh manage tokens, hashed in the database)
 * and first history row. Returns the plain tokens by attendee id, known only now.
 */
export async function insertBooking(trx: Knex, record: NewBooking, now: Date, issueManageToken: ManageTokenIssuer): Promise<{ id: string; tokens: Record<string, string> }> {
  const id = randomUUID();
  const booking = trx<BookingRow>('bookings').insert({
    id,
    event_type_id: record.eventType?.id ?? null,
    title: record.title,
    notes: record.notes,
    start_at: new Date(record.start),
    end_at: new Date(record.end),
    status: record.status,
    ical_uid: `${id}@yava`,
    sequence: 0,
    location: record.location,
    source: record.source,
    created_by_user_id: record.createdByUserId,
    assignment_reason: record.assignmentReason,
    seats_total: record.seatsTotal ?? null,
    // As the booking_hosts trigger would set it (sorted ids), so it has nothing to rewrite.
    host_ids: [...record.hostIds].sort(),
    created_at: now,
    updated_at: now,
  });
  const hosts = trx('booking_hosts').insert(record.hostIds.map((userId) => ({ booking_id: id, user_id: userId, busy: busyRange(trx, record.start, record.end, record), active: record.holdsSlot })));
  const tokens: Record<string, string> = {};
  const attendees = record.attendees.map((attendee) => {
    const attendeeId = randomUUID();
    const token = issueManageToken(attendeeId);
    tokens[attendeeId] = token;
    const account = attendeeAccountQuery(trx, attendee.email, record.createdByUserId);
    return { id: attendeeId, booking_id: id, user_id: account, name: attendee.name, email: attendee.email.toLowerCase(), timezone: attendee.timezone, manage_token_hash: hashSecret(token), created_at: now };
  });
  const history = trx('booking_status_history').insert(statusRow({ bookingId: id, from: null, to: record.status, actor: record.actor, at: now }));
  // One statement: the foreign keys and the booking_hosts triggers run at its end, when the
  // booking row is there; the exclusion constraint on busy ranges decides races as before.
  const parts = [booking, record.hostIds.length ? hosts : null, attendees.length ? trx('booking_attendees').insert(attendees) : null, history].filter((part) => part !== null);
  await trx.raw(`WITH ${parts.map((_, i) => `w${i} AS (?)`).join(', ')} SELECT 1`, parts);
  return { id, tokens };
}
