/**
 * A user's bookings, as host or attendee, one keyset-paginated page at a time.
 */
import type { Knex } from 'knex';
import { whereAttendeeIsUser } from '../auth/emailOwnership.js';
import type { BookingStatus } from '../db/models.js';
import { loadBookings } from './bookingRepository.js';
import type { BookingContext } from './context.js';
import { invalidField, parseInstant, requireTimeZone, resolveDateRange } from './inputs.js';
import { UUID_RE, requireUserById } from './records.js';
import type { BookingDetails } from './types.js';

export interface ListBookingsInput {
  scope?: 'upcoming' | 'past';
  /** ISO instants or YYYY-MM-DD dates (in `timezone`). */
  from?: string;
  to?: string;
  timezone?: string;
  status?: BookingStatus[];
  limit?: number;
  cursor?: string;
}

/** Where the next page starts: the last row's start and id. */
interface Cursor {
  s: string;
  id: string;
}

function decodeCursor(cursor: string): Cursor {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if (UUID_RE.test(decoded.id) && Number.isFinite(Date.parse(decoded.s))) return decoded;
  } catch {
    // fall through to the same answer as a well-formed but foreign cursor
  }
  throw invalidField('cursor', 'not a cursor from this list');
}

const encodeCursor = (row: { id: string; start_at: Date }): string => Buffer.from(JSON.stringify({ s: new Date(row.start_at).toISOString(), id: row.id } satisfies Cursor)).toString('base64url');

/** A date (YYYY-MM-DD in `zone`: its start, or its end) or an instant. */
function toInstant(value: string, field: string, zone: string, endOfDay: boolean): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const range = resolveDateRange({ from: value, to: value, timezone: zone }, 0);
    return endOfDay ? range.end : range.start;
  }
  return parseInstant(value, field);
}

/** Bookings where the user is a host, or an attendee by account or verified e-mail. */
function involving(db: Knex, userId: string): Knex.QueryBuilder {
  return db('bookings as b').where((q) =>
    q
      .whereExists(db('booking_hosts as h').whereRaw('h.booking_id = b.id').where('h.user_id', userId))
      .orWhereExists(db('booking_attendees as a').whereRaw('a.booking_id = b.id').where((w) => whereAttendeeIsUser(w, userId, 'a'))),
  );
}

/**
 * The user's bookings as host or attendee (attendee by account or verified e-mail), upcoming (by start,
 * ascending; default) or past (descending), keyset-paginated with an opaque cursor; at most
 * 100 per page (default 20).
 *
 * Throws user_not_found, validation_failed (bad dates, zone or cursor).
 *
 * @example listBookings(ctx, userId, { scope: 'upcoming', from: '2026-11-25', limit: 10 })
 */
export async function listBookings(ctx: BookingContext, userId: string, input: ListBookingsInput = {}): Promise<{ bookings: BookingDetails[]; nextCursor: string | null }> {
  const scope = input.scope ?? 'upcoming';
  const limit = Math.min(Math.max(input.limit ?? 20, 1), 100);
  const user = await requireUserById(ctx.db, userId);
  const zone = requireTimeZone(input.timezone ?? user.timezone);
  const now = ctx.clock.now();
  const upcoming = scope === 'upcoming';
  const order = upcoming ? 'asc' : 'desc';
  const query = involving(ctx.db, user.id)
    .where('b.end_at', upcoming ? '>' : '<=', now)
    .orderBy([{ column: 'b.start_at', order }, { column: 'b.id', order }])
    .select('b.id', 'b.start_at')
    .limit(limit + 1);
  if (input.from) query.where('b.end_at', '>', new Date(toInstant(input.from, 'from', zone, false)));
  if (input.to) query.where('b.start_at', '<', new Date(toInstant(input.to, 'to', zone, true)));
  if (input.status?.length) query.whereIn('b.status', input.status);
  if (input.cursor) {
    const cursor = decodeCursor(input.cursor);
    query.whereRaw(`(b.start_at, b.id) ${upcoming ? '>' : '<'} (?::timestamptz, ?::uuid)`, [cursor.s, cursor.id]);
  }
  const rows: Array<{ id: string; start_at: Date }> = await query;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { bookings: await loadBookings(ctx.db, page.map((r) => r.id)), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
