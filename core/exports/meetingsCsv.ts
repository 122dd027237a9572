/**
 * Meetings as CSV (RFC 4180: CRLF line ends, a header row, fields with commas, quotes or line
 * breaks quoted, quotes doubled), every status included, times ISO 8601 with the offset of the
 * requested zone. Rows are read in keyset batches, so any number of meetings streams in
 * constant memory.
 */
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type { ResolvedScope } from '../analytics/scope.js';
import { scopedBookings } from '../analytics/sql.js';

export const CSV_COLUMNS = ['id', 'title', 'status', 'start', 'end', 'duration_minutes', 'event_type', 'hosts', 'attendee_names', 'attendee_emails', 'location', 'booked_at', 'canceled_by', 'cancel_reason', 'notes'] as const;

/** Rows read per query while streaming. */
export const CSV_BATCH = 500;

interface ExportRow {
  id: string;
  title: string;
  status: string;
  start_at: Date;
  end_at: Date;
  event_type: string | null;
  hosts: string | null;
  attendee_names: string | null;
  attendee_emails: string | null;
  location: string | null;
  created_at: Date;
  canceled_by: string | null;
  cancel_reason: string | null;
  notes: string | null;
}

/** One CSV field: quoted when it must be; text a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvField(value: string | number | null, { text = false } = {}): string {
  if (value === null) return '';
  let s = String(value);
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const TEXT_COLUMNS = new Set(['title', 'hosts', 'attendee_names', 'attendee_emails', 'location', 'canceled_by', 'cancel_reason', 'notes', 'event_type']);

function toLine(r: ExportRow, zone: string): string {
  const iso = (d: Date) => DateTime.fromJSDate(new Date(d), { zone }).toISO({ suppressMilliseconds: true })!;
  const values: Record<(typeof CSV_COLUMNS)[number], string | number | null> = {
    id: r.id,
    title: r.title,
    status: r.status,
    start: iso(r.start_at),
    end: iso(r.end_at),
    duration_minutes: Math.round((new Date(r.end_at).getTime() - new Date(r.start_at).getTime()) / 60_000),
    event_type: r.event_type,
    hosts: r.hosts,
    attendee_names: r.attendee_names,
    attendee_emails: r.attendee_emails,
    location: r.location,
    booked_at: iso(r.created_at),
    canceled_by: r.canceled_by,
    cancel_reason: r.cancel_reason,
    notes: r.notes,
  };
  return CSV_COLUMNS.map((c) => csvField(values[c], { text: TEXT_COLUMNS.has(c) })).join(',') + '\r\n';
}

function batchQuery(db: Knex, scope: ResolvedScope, after: { id: string } | null): Knex.QueryBuilder {
  const q = db
    .with('s', scopedBookings(db, scope))
    .from('s')
    .join('bookings as b', 'b.id', 's.id')
    .leftJoin('event_types as e', 'e.id', 'b.event_type_id')
    .select(
      'b.id', 'b.title', 'b.status', 'b.start_at', 'b.end_at', 'b.location', 'b.created_at', 'b.canceled_by', 'b.cancel_reason', 'b.notes', 'e.slug as event_type',
      db.raw("(SELECT string_agg(u.username, '; ' ORDER BY u.username) FROM booking_hosts h JOIN users u ON u.id = h.user_id WHERE h.booking_id = b.id) AS hosts"),
      db.raw("(SELECT string_agg(a.name, '; ' ORDER BY a.created_at, a.id) FROM booking_attendees a WHERE a.booking_id = b.id) AS attendee_names"),
      db.raw("(SELECT string_agg(a.email, '; ' ORDER BY a.created_at, a.id) FROM booking_attendees a WHERE a.booking_id = b.id) AS attendee_emails"),
    )
    .orderBy([{ column: 'b.start_at' }, { column: 'b.id' }])
    .limit(CSV_BATCH);
  // Against the row itself: a JS Date would drop the microseconds a timestamp may carry.
  if (after) q.whereRaw('(b.start_at, b.id) > (SELECT start_at, id FROM bookings WHERE id = ?)', [after.id]);
  return q;
}

/**
 * The CSV, chunk by chunk (a header, then one chunk per batch). `bom` prepends a UTF-8 byte
 * order mark for spreadsheet programs that need one.
 */
export async function* meetingsCsv(db: Knex, scope: ResolvedScope, options: { bom?: boolean } = {}): AsyncGenerator<string> {
  yield `${options.bom ? '\ufeff' : ''}${CSV_COLUMNS.join(',')}\r\n`;
  let after: { id: string } | null = null;
  for (;;) {
    const rows: ExportRow[] = await batchQuery(db, scope, after);
    if (!rows.length) return;
    yield rows.map((r) => toLine(r, scope.timezone)).join('');
    if (rows.length < CSV_BATCH) return;
    const last = rows[rows.length - 1]!;
    after = { id: last.id };
  }
}

/** How many meetings the export holds (sent ahead as a header, for progress bars). */
export async function countMeetings(db: Knex, scope: ResolvedScope): Promise<number> {
  const [row] = (await db.with('s', scopedBookings(db, scope)).from('s').count({ n: '*' })) as Array<{ n: string }>;
  return Number(row?.n ?? 0);
}
