/**
 * Syncs a push asked for, run later by the outbox dispatcher ('calendar_sync' rows, in a loop of
 * their own): a push answers at once (Graph wants an answer within about 3 seconds, Google
 * retries slow ones) and a worker syncs the calendar shortly after. Pushes coalesce: while a sync
 * of the calendar waits to be claimed, more pushes add nothing to it. A push that arrives while a
 * sync runs queues another, which runs once the running one has ended: one sync of a calendar
 * runs at a time, whoever started it (core/calendars/syncClaims.ts), and a queued one that finds
 * its calendar busy is tried again, so no change is lost.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { ChannelSender } from '../notify/dispatcher.js';
import { enqueueOutboxMessages } from '../notify/outbox.js';
import type { CalendarContext } from './context.js';
import { syncCalendar } from './syncCalendar.js';

/** The outbox channel of queued calendar syncs. */
export const CALENDAR_SYNC_CHANNEL = 'calendar_sync';

export interface CalendarSyncPayload {
  calendarId: string;
}

/** How long a finished sync's row stays in the outbox (the notification log), for a look at what ran. */
export const FINISHED_SYNC_RETENTION_MS = 7 * 86_400_000;

/**
 * Queues a sync of each calendar in `trx`, unless one is already waiting to be claimed (its retry
 * backoff, if any, is cut short: there is news). A sync that is running does not count: the new
 * one runs after it. Concurrent calls for one calendar are serialized by an advisory lock, so
 * they queue one sync between them.
 * @example await queueCalendarSyncs(ctx, trx, [calendar.id]);
 */
export async function queueCalendarSyncs(ctx: Pick<CalendarContext, 'clock' | 'settings'>, trx: Knex.Transaction, calendarIds: readonly string[]): Promise<void> {
  const now = ctx.clock.now();
  for (const calendarId of [...new Set(calendarIds)].sort()) {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`yava:calendar-sync:${calendarId}`]);
    // Claimed rows carry locked_by until their outcome is recorded; a failed one waits again.
    const waiting = await trx('outbox')
      .where({ channel: CALENDAR_SYNC_CHANNEL, status: 'pending' })
      .whereRaw("payload->>'calendarId' = ?", [calendarId])
      .whereNull('locked_by')
      .update({ next_attempt_at: trx.raw('LEAST(next_attempt_at, ?::timestamptz)', [now]) })
      .returning('id');
    if (waiting.length) continue;
    await enqueueOutboxMessages(trx, [{ channel: CALENDAR_SYNC_CHANNEL, idempotencyKey: `${CALENDAR_SYNC_CHANNEL}:${calendarId}:${randomUUID()}`, payload: { calendarId } satisfies CalendarSyncPayload }], {
      clock: ctx.clock,
      maxAttempts: ctx.settings.outboxMaxAttempts,
    });
  }
}

/** Queues a sync of each calendar in a transaction of its own, then wakes this process's dispatcher of syncs (if it runs one). */
export async function requestCalendarSyncs(ctx: Pick<CalendarContext, 'db' | 'clock' | 'settings' | 'syncQueued'>, calendarIds: readonly string[]): Promise<void> {
  await ctx.db.transaction((trx) => queueCalendarSyncs(ctx, trx, calendarIds));
  ctx.syncQueued?.();
}

/**
 * The dispatcher's sender for 'calendar_sync' rows: syncs the calendar. A sync that failed (the
 * provider down or slow) throws with the connection's last error, and one that found another
 * sync of the calendar running throws too (it may have read the provider before this push's
 * change), so the row is retried with backoff. Every other outcome is final: synced, needs
 * reconnecting, removed, skipped (no such calendar, or its connection is not active), superseded
 * (its batch was dropped and a new sync queued in its place).
 */
export function createCalendarSyncSender(ctx: CalendarContext): ChannelSender {
  return async (message) => {
    const { calendarId } = message.payload as CalendarSyncPayload;
    const outcome = await syncCalendar(ctx, calendarId);
    if (outcome.status === 'running') throw new Error('another sync of this calendar is running; this one runs again after it');
    if (outcome.status !== 'failed') return;
    const row = await ctx.db('connected_calendars as c').join('calendar_connections as k', 'k.id', 'c.connection_id').where('c.id', calendarId).first('k.last_error');
    throw new Error(row?.last_error ?? 'the calendar sync failed');
  };
}

/** Deletes queued syncs that ended (sent or dead) over {@link FINISHED_SYNC_RETENTION_MS} ago: a push each, they would pile up. */
export async function purgeFinishedSyncs(db: Knex, now: Date): Promise<number> {
  const deleted = await db('outbox')
    .where({ channel: CALENDAR_SYNC_CHANNEL })
    .whereIn('status', ['sent', 'dead'])
    .where('created_at', '<', new Date(now.getTime() - FINISHED_SYNC_RETENTION_MS))
    .delete()
    .returning('id');
  return deleted.length;
}
