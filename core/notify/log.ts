/**
 * The notification log: every outbox message on every channel (email, calendar, webhook,
 * and whatever other channels add) with its status, attempts, provider id and last error,
 * newest first, paged by an opaque cursor. A user sees the messages about bookings they
 * host, the messages sent to their address, and their webhook deliveries; an admin may ask
 * for everyone's.
 */
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';

export interface NotificationLogEntry {
  id: string;
  channel: string;
  status: 'pending' | 'sent' | 'dead';
  attempts: number;
  maxAttempts: number;
  providerId: string | null;
  lastError: string | null;
  bookingId: string | null;
  /** Address, phone or URL the message goes to. */
  to: string | null;
  /** E-mail subject or webhook event type. */
  subject: string | null;
  nextAttemptAt: string;
  createdAt: string;
  sentAt: string | null;
}

export interface NotificationLogQuery {
  channel?: string;
  status?: 'pending' | 'sent' | 'dead';
  bookingId?: string;
  since?: string;
  until?: string;
  limit?: number;
  cursor?: string;
}

export interface NotificationLogViewer {
  userId: string;
  email: string;
  /** Everyone's messages (admins only; the route checks the role). */
  all: boolean;
}

interface LogRow {
  id: string;
  channel: string;
  status: NotificationLogEntry['status'];
  attempts: number;
  max_attempts: number;
  provider_id: string | null;
  last_error: string | null;
  booking_id: string | null;
  payload: unknown;
  webhook_url: string | null;
  next_attempt_at: Date | string;
  created_at: Date | string;
  sent_at: Date | string | null;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const text = (v: unknown) => (typeof v === 'string' ? v : null);

function decodeCursor(cursor: string): [string, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at))) return [at, id];
  } catch {
    // falls through
  }
  throw new DomainError('validation_failed', 'That cursor is not one this log gave out', { errors: [{ field: 'cursor', message: 'use nextCursor from the previous page' }] });
}

/** The URL of an outbox row's webhook subscription, as the select column `webhook_url` (null for other channels). */
/**
 * What every view of the outbox reads beside the row: a webhook's URL, and an SMS's record
 * (sms_messages: the number it went to, Twilio's SID, and whether it was held back).
 */
export const outboxViewColumns = (db: Knex) => [
  db.raw("(SELECT s.url FROM webhook_subscriptions s WHERE s.id::text = outbox.payload->>'subscriptionId') AS webhook_url"),
  db.raw("(SELECT json_build_object('to', m.to, 'sid', m.provider_sid, 'status', m.status, 'error', m.error_code) FROM sms_messages m WHERE m.idempotency_key = outbox.idempotency_key) AS sms"),
];

interface SmsRecord {
  to: string;
  sid: string | null;
  status: string;
  error: string | null;
}

/** The columns of {@link outboxViewColumns}, as a row carries them. */
export interface OutboxViewRow {
  payload: unknown;
  webhook_url: string | null;
  sms?: SmsRecord | string | null;
}

const smsOf = (row: OutboxViewRow): SmsRecord | null => (typeof row.sms === 'string' ? (JSON.parse(row.sms) as SmsRecord) : (row.sms ?? null));

const HELD_BACK: Record<string, string> = { opted_out: 'the number answered STOP', no_verified_number: 'no verified number' };

/**
 * Where an outbox message goes and what it is about, for every view of the outbox (this log,
 * the admin outbox): `to` is the webhook's URL, the payload's address or phone, or the number
 * an SMS went to; `subject` the e-mail subject or the webhook event type; `heldBack` why a
 * message handled without error was not sent (an SMS to a number that answered STOP).
 * Needs the row selected with {@link outboxViewColumns}.
 */
export function recipientOf(row: OutboxViewRow): { to: string | null; subject: string | null; providerId: string | null; heldBack: string | null } {
  const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<string, unknown> | null;
  const sms = smsOf(row);
  const heldBack = sms?.status === 'not_sent' ? `not sent: ${HELD_BACK[sms.error ?? ''] ?? sms.error ?? 'held back'}` : null;
  return { to: row.webhook_url ?? text(payload?.to) ?? (sms?.to || null), subject: text(payload?.subject) ?? text(payload?.type), providerId: sms?.sid ?? null, heldBack };
}

function present(r: LogRow): NotificationLogEntry {
  const { to, subject, providerId, heldBack } = recipientOf(r);
  return {
    id: r.id,
    channel: r.channel,
    status: r.status,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    providerId: r.provider_id ?? providerId,
    lastError: r.last_error ?? heldBack,
    bookingId: r.booking_id,
    to,
    subject,
    nextAttemptAt: iso(r.next_attempt_at)!,
    createdAt: iso(r.created_at)!,
    sentAt: iso(r.sent_at),
  };
}

function visibleTo(db: Knex, q: Knex.QueryBuilder, viewer: NotificationLogViewer): void {
  if (viewer.all) return;
  q.where((w) =>
    w
      .whereIn('outbox.booking_id', db('booking_hosts').where({ user_id: viewer.userId }).select('booking_id'))
      .orWhereRaw("lower(outbox.payload->>'to') = lower(?)", [viewer.email])
      .orWhereRaw("outbox.payload->>'eventId' IN (SELECT e.id::text FROM webhook_events e WHERE e.user_id = ?)", [viewer.userId]),
  );
}

/** One page of the log. Throws validation_failed for a bad cursor. */
export async function listNotificationLog(db: Knex, viewer: NotificationLogViewer, query: NotificationLogQuery): Promise<{ messages: NotificationLogEntry[]; nextCursor: string | null }> {
  const limit = query.limit ?? 50;
  const q = db('outbox')
    .select('outbox.*', ...outboxViewColumns(db))
    .orderBy('outbox.created_at', 'desc')
    .orderBy('outbox.id', 'desc')
    .limit(limit + 1);
  visibleTo(db, q, viewer);
  if (query.channel) q.where('outbox.channel', query.channel);
  if (query.status) q.where('outbox.status', query.status);
  if (query.bookingId) q.where('outbox.booking_id', query.bookingId);
  if (query.since) q.where('outbox.created_at', '>=', new Date(query.since));
  if (query.until) q.where('outbox.created_at', '<', new Date(query.until));
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor);
    q.whereRaw('(outbox.created_at, outbox.id) < (?::timestamptz, ?::uuid)', [at, id]);
  }
  const rows = ((await q) as LogRow[]).map(present);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url') : null;
  return { messages: page, nextCursor };
}
