/** Admin search over every meeting: by person (host or attendee), status and time range. */
import type { Knex } from 'knex';
import type { BookingStatus } from '../db/models.js';
import { DomainError } from '../errors.js';
import { escapeLike } from '../db/like.js';

export interface SearchMeetingsOptions {
  /** Part of a host's username, name or email, or of an attendee's name or email. */
  person?: string;
  status?: BookingStatus[];
  /** Meetings starting at or after. */
  from?: Date;
  /** Meetings starting before. */
  to?: Date;
  limit: number;
  cursor?: string;
}

export interface AdminMeeting {
  id: string;
  title: string;
  status: BookingStatus;
  start: string;
  end: string;
  eventType: string | null;
  hosts: Array<{ username: string; email: string }>;
  attendees: Array<{ name: string; email: string }>;
  canceledBy: string | null;
  cancelReason: string | null;
  createdAt: string;
}

interface Row {
  id: string;
  title: string;
  status: BookingStatus;
  start_at: Date;
  end_at: Date;
  event_type_slug: string | null;
  hosts: Array<{ username: string; email: string }> | null;
  attendees: Array<{ name: string; email: string }> | null;
  canceled_by: string | null;
  cancel_reason: string | null;
  created_at: Date;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Meetings newest start first, keyset-paginated by (start_at, id). Throws validation_failed for a bad cursor. */
export async function searchMeetings(db: Knex, options: SearchMeetingsOptions): Promise<{ meetings: AdminMeeting[]; nextCursor: string | null }> {
  const q = db('bookings as b')
    .leftJoin('event_types as e', 'e.id', 'b.event_type_id')
    .select(
      'b.id', 'b.title', 'b.status', 'b.start_at', 'b.end_at', 'b.canceled_by', 'b.cancel_reason', 'b.created_at', 'e.slug as event_type_slug',
      db.raw("(SELECT json_agg(json_build_object('username', u.username, 'email', u.email) ORDER BY u.username) FROM booking_hosts h JOIN users u ON u.id = h.user_id WHERE h.booking_id = b.id) AS hosts"),
      db.raw("(SELECT json_agg(json_build_object('name', a.name, 'email', a.email) ORDER BY a.created_at) FROM booking_attendees a WHERE a.booking_id = b.id) AS attendees"),
    )
    .orderBy([{ column: 'b.start_at', order: 'desc' }, { column: 'b.id', order: 'desc' }])
    .limit(options.limit + 1);
  if (options.person) {
    const like = `%${escapeLike(options.person.toLowerCase())}%`;
    q.where((w) =>
      w
        .whereExists(db('booking_hosts as h').join('users as u', 'u.id', 'h.user_id').whereRaw('h.booking_id = b.id').where((p) => p.whereRaw('lower(u.username) LIKE ?', [like]).orWhereRaw('lower(u.email) LIKE ?', [like]).orWhereRaw('lower(u.name) LIKE ?', [like])))
        .orWhereExists(db('booking_attendees as a').whereRaw('a.booking_id = b.id').where((p) => p.whereRaw('lower(a.email) LIKE ?', [like]).orWhereRaw('lower(a.name) LIKE ?', [like]))),
    );
  }
  if (options.status?.length) q.whereIn('b.status', options.status);
  if (options.from) q.where('b.start_at', '>=', options.from);
  if (options.to) q.where('b.start_at', '<', options.to);
  if (options.cursor) {
    const id = Buffer.from(options.cursor, 'base64url').toString('utf8');
    if (!UUID_RE.test(id) || !(await db('bookings').where({ id }).first('id'))) {
      throw new DomainError('validation_failed', 'The cursor is not valid; use the nextCursor of a previous page', { errors: [{ field: 'cursor', message: 'invalid cursor' }] });
    }
    q.whereRaw('(b.start_at, b.id) < (SELECT start_at, id FROM bookings WHERE id = ?)', [id]);
  }
  const rows: Row[] = await q;
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return { meetings: page.map(toMeeting), nextCursor: rows.length > options.limit && last ? Buffer.from(last.id).toString('base64url') : null };
}

function toMeeting(r: Row): AdminMeeting {
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    start: new Date(r.start_at).toISOString(),
    end: new Date(r.end_at).toISOString(),
    eventType: r.event_type_slug,
    hosts: r.hosts ?? [],
    attendees: r.attendees ?? [],
    canceledBy: r.canceled_by,
    cancelReason: r.cancel_reason,
    createdAt: new Date(r.created_at).toISOString(),
  };
}
