/**
 * The outbox dispatcher. One run:
 *  1. claims due rows with `FOR UPDATE SKIP LOCKED`, setting a lease (locked_until, locked_by)
 *     in a short transaction that commits before anything is sent;
 *  2. sends each row OUTSIDE any transaction, renewing the lease first: a row whose lease
 *     was taken over by another dispatcher is skipped, so it is never sent twice;
 *  3. records the attempt (outbox_attempts) and the outcome: sent, retry later with
 *     exponential backoff and jitter, or dead after max_attempts.
 * A dispatcher killed mid-batch leaves its leased rows to be claimed again once the lease
 * runs out; each message keeps its idempotency key (and so its Message-ID) across tries.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { withRequestId } from '../requestContext.js';

export interface OutboxMessage {
  id: string;
  channel: string;
  idempotencyKey: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
  bookingId: string | null;
  /** The API request that queued it (X-Request-Id), when one did. */
  requestId?: string | null;
}

/** What a sender may report about an accepted message: the provider's id for it (SMTP queue id, SID…). */
export interface SendReceipt {
  providerId?: string | null;
}

/**
 * Sends one message; resolves (with a {@link SendReceipt} to record the provider's id), throws
 * to fail the attempt (retried with backoff), or throws a {@link PermanentDeliveryError} when
 * retrying cannot help (the message goes dead at once).
 */
export type ChannelSender = (message: OutboxMessage) => Promise<unknown>;

/** The provider id in what a sender resolved with, if any. */
function providerIdOf(result: unknown): string | null {
  const id = (result as SendReceipt | null | undefined)?.providerId;
  return typeof id === 'string' && id ? id.slice(0, 200) : null;
}

/** A failure no retry can fix (the receiver is gone, the subscription was removed). */
export class PermanentDeliveryError extends Error {
  readonly permanent = true;
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

export interface CreateOutboxDispatcherOptions {
  db: Knex;
  clock: Clock;
  senders: Record<string, ChannelSender>;
  logger?: Logger;
  batchSize?: number;
  /** How long a claim holds a row; longer than the slowest send (the mailer's timeouts). */
  leaseMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
  workerId?: string;
}

export interface DispatchRunOptions {
  /** Aborting stops the run before the next message (leased rows wait for their lease to end). */
  signal?: AbortSignal;
}

export interface DispatchResult {
  claimed: number;
  sent: number;
  failed: number;
  dead: number;
  skipped: number;
}

/**
 * Delay before retry number `attempt` (1 = after the first failure): base·2^(attempt-1),
 * capped, with "equal jitter" (half fixed, half random) so retries spread out.
 */
export function backoffDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}

/** An `outbox` row as the database returns it (timestamps as Date on pg, string on PGlite). */
export interface OutboxRow {
  id: string;
  channel: string;
  idempotency_key: string;
  payload: unknown;
  status: 'pending' | 'sent' | 'dead';
  attempts: number;
  max_attempts: number;
  next_attempt_at: Date | string;
  last_error: string | null;
  booking_id: string | null;
  request_id?: string | null;
  created_at: Date | string;
  sent_at: Date | string | null;
}

const rowToMessage = (r: OutboxRow): OutboxMessage => ({
  id: r.id,
  channel: r.channel,
  idempotencyKey: r.idempotency_key,
  payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  bookingId: r.booking_id ?? null,
  requestId: r.request_id ?? null,
});

/** Error text for the record: one line, bounded, no stack. */
function describeError(error: unknown): string {
  const e = error as { code?: unknown; responseCode?: unknown; message?: unknown };
  const parts = [e?.responseCode ? `SMTP ${String(e.responseCode)}` : null, typeof e?.code === 'string' ? e.code : null, typeof e?.message === 'string' ? e.message.split('\n')[0] : String(error)];
  return parts.filter(Boolean).join(': ').slice(0, 500);
}

/** What the lease functions need: one dispatcher's identity, clock and limits. */
interface LeaseContext {
  db: Knex;
  clock: Clock;
  workerId: string;
  channels: string[];
  batchSize: number;
  leaseMs: number;
  /** Delay before retry number `attempt`. */
  retryDelayMs: (attempt: number) => number;
}

/**
 * A webhook delivery waits while an earlier one of the same subscription about the same booking
 * is still pending (backing off after a failure), so a receiver sees booking.created before
 * booking.rescheduled and booking.canceled, whatever the retries did.
 */
const EARLIER_WEBHOOK_PENDING = `outbox.channel = 'webhook' AND outbox.booking_id IS NOT NULL AND EXISTS (
  SELECT 1 FROM outbox o2
   WHERE o2.status = 'pending' AND o2.channel = 'webhook' AND o2.booking_id = outbox.booking_id
     AND o2.payload->>'subscriptionId' = outbox.payload->>'subscriptionId'
     AND o2.seq < outbox.seq)`;

/**
 * A calendar sync waits while a sync of the same calendar runs: another queued one that is
 * leased, or any sync holding the calendar's claim (the 5-minute job, a manual sync). This only
 * spares a row a pointless try: claims that overlap on PostgreSQL each check in their own
 * snapshot and can both pass, and a lease can run out under a long sync. What keeps a calendar's
 * syncs one at a time is the claim the sync itself takes (core/calendars/syncClaims.ts); a queued
 * sync that finds it taken is retried. Bound to the claim's `now`, twice.
 */
const CALENDAR_SYNC_RUNNING = `outbox.channel = 'calendar_sync' AND (EXISTS (
  SELECT 1 FROM outbox o2
   WHERE o2.status = 'pending' AND o2.channel = 'calendar_sync' AND o2.id <> outbox.id
     AND o2.payload->>'calendarId' = outbox.payload->>'calendarId'
     AND o2.locked_until > ?) OR EXISTS (
  SELECT 1 FROM connected_calendars c
   WHERE c.id = (outbox.payload->>'calendarId')::uuid AND c.sync_claimed_until > ?))`;

/** Leases up to `batchSize` due rows to this dispatcher; the claim commits before returning. */
async function claimBatch(ctx: LeaseContext): Promise<OutboxMessage[]> {
  const { db, clock, channels, batchSize, leaseMs, workerId } = ctx;
  if (!channels.length) return [];
  const now = clock.now();
  const until = new Date(now.getTime() + leaseMs);
  return db.transaction(async (trx) => {
    const due = trx('outbox')
      .select('id')
      .where('status', 'pending')
      .whereIn('channel', channels)
      .where('next_attempt_at', '<=', now)
      .where((q) => q.whereNull('locked_until').orWhere('locked_until', '<=', now))
      .whereRaw(`NOT (${EARLIER_WEBHOOK_PENDING})`);
    // Only a dispatcher of calendar syncs reads their calendar ids (a uuid each).
    if (channels.includes('calendar_sync')) due.whereRaw(`NOT (${CALENDAR_SYNC_RUNNING})`, [now, now]);
    const rows = await due
      .orderBy('next_attempt_at')
      .orderBy('created_at')
      .limit(batchSize)
      .forUpdate()
      .skipLocked();
    if (!rows.length) return [];
    const leased = await trx('outbox')
      .whereIn(
        'id',
        rows.map((r: { id: string }) => r.id),
      )
      .update({ locked_until: until, locked_by: workerId })
      .returning('*');
    return (leased as OutboxRow[]).sort((a, b) => +new Date(a.next_attempt_at) - +new Date(b.next_attempt_at) || +new Date(a.created_at) - +new Date(b.created_at)).map(rowToMessage);
  });
}

/** Extends this dispatcher's lease on a row; false when the row is no longer ours to send. */
async function renewLease(ctx: LeaseContext, id: string): Promise<boolean> {
  const now = ctx.clock.now();
  const count = await ctx
    .db('outbox')
    .where({ id, locked_by: ctx.workerId, status: 'pending' })
    .where('locked_until', '>', now)
    .update({ locked_until: new Date(now.getTime() + ctx.leaseMs) });
  return Number(count) === 1;
}

/** Records one attempt and its outcome, if this dispatcher still holds the row's lease. */
interface AttemptOutcome {
  ok: boolean;
  error: string | null;
  permanent: boolean;
  providerId: string | null;
  durationMs: number;
}

async function recordOutcome(ctx: LeaseContext, message: OutboxMessage, outcome: AttemptOutcome): Promise<'sent' | 'failed' | 'dead' | 'lost'> {
  const { ok, error, durationMs, providerId } = outcome;
  const now = ctx.clock.now();
  const attempt = message.attempts + 1;
  let status: 'sent' | 'pending' | 'dead' = 'sent';
  const update: Record<string, unknown> = { attempts: attempt, locked_until: null, locked_by: null };
  if (providerId) update.provider_id = providerId;
  if (ok) {
    Object.assign(update, { status: 'sent', sent_at: now, last_error: null });
  } else if (attempt >= message.maxAttempts || outcome.permanent) {
    status = 'dead';
    Object.assign(update, { status: 'dead', last_error: error });
  } else {
    status = 'pending';
    Object.assign(update, { status: 'pending', last_error: error, next_attempt_at: new Date(now.getTime() + ctx.retryDelayMs(attempt)) });
  }
  // One statement: the row's update and its attempt record commit together, and only the lease
  // holder records (a taken-over row belongs to the new holder: nothing updated, nothing inserted).
  const held = ctx.db('outbox').where({ id: message.id, locked_by: ctx.workerId, status: 'pending' }).update(update).returning('id');
  const { rows } = await ctx.db.raw<{ rows: unknown[] }>(
    'WITH held AS (?) INSERT INTO outbox_attempts (outbox_id, attempt, ok, error, duration_ms, at, provider_id) SELECT id, ?, ?, ?, ?, ?, ? FROM held RETURNING outbox_id',
    [held, attempt, ok, error, durationMs, now, providerId],
  );
  if (rows.length !== 1) return 'lost';
  return status === 'sent' ? 'sent' : status === 'dead' ? 'dead' : 'failed';
}

export function createOutboxDispatcher(options: CreateOutboxDispatcherOptions) {
  const { db, clock, senders, logger } = options;
  const batchSize = options.batchSize ?? 20;
  const backoffBaseMs = options.backoffBaseMs ?? 30_000;
  const backoffMaxMs = options.backoffMaxMs ?? 3_600_000;
  const random = options.random ?? Math.random;
  const workerId = options.workerId ?? randomUUID();
  const lease: LeaseContext = {
    db,
    clock,
    workerId,
    channels: Object.keys(senders),
    batchSize,
    leaseMs: options.leaseMs ?? 120_000,
    retryDelayMs: (attempt) => backoffDelayMs(attempt, backoffBaseMs, backoffMaxMs, random),
  };

  /** Claims one batch and delivers it. */
  async function runOnce(run: DispatchRunOptions = {}): Promise<DispatchResult> {
    if (run.signal?.aborted) return { claimed: 0, sent: 0, failed: 0, dead: 0, skipped: 0 };
    return deliver(await claimBatch(lease), run);
  }

  /** Delivers claimed messages one by one; rows no longer leased to this dispatcher are skipped. */
  async function deliver(batch: OutboxMessage[], run: DispatchRunOptions = {}): Promise<DispatchResult> {
    const result: DispatchResult = { claimed: batch.length, sent: 0, failed: 0, dead: 0, skipped: 0 };
    for (const message of batch) {
      if (run.signal?.aborted) break;
      if (!(await renewLease(lease, message.id))) {
        result.skipped += 1;
        continue;
      }
      const started = performance.now();
      let ok = true;
      let error: string | null = null;
      let permanent = false;
      let providerId: string | null = null;
      try {
        providerId = providerIdOf(await withRequestId(message.requestId ?? null, () => senders[message.channel]!(message)));
      } catch (e) {
        ok = false;
        error = describeError(e);
        permanent = e instanceof PermanentDeliveryError;
      }
      const outcome = await recordOutcome(lease, message, { ok, error, permanent, providerId, durationMs: Math.round(performance.now() - started) });
      if (outcome === 'lost') result.skipped += 1;
      else result[outcome] += 1;
      const fields = { outboxId: message.id, channel: message.channel, requestId: message.requestId ?? null, attempt: message.attempts + 1, outcome };
      if (ok) logger?.info(fields, 'outbox message delivered');
      else logger?.warn({ ...fields, error }, 'outbox delivery failed');
    }
    return result;
  }

  /** Runs batches until nothing is due (or the signal aborts). */
  async function drain(run: DispatchRunOptions = {}): Promise<DispatchResult> {
    const total: DispatchResult = { claimed: 0, sent: 0, failed: 0, dead: 0, skipped: 0 };
    for (;;) {
      const r = await runOnce(run);
      for (const k of Object.keys(total) as Array<keyof DispatchResult>) total[k] += r[k];
      // A partial batch that sent something may have let a webhook waiting behind it come due.
      if (r.claimed === 0 || (r.claimed < batchSize && r.sent === 0) || run.signal?.aborted) return total;
    }
  }

  return { workerId, claimBatch: () => claimBatch(lease), deliver, runOnce, drain };
}

export type OutboxDispatcher = ReturnType<typeof createOutboxDispatcher>;
