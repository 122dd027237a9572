/**
 * One sync of one calendar: ask the provider what changed since the stored cursor (network,
 * outside any transaction), apply it to the store in one transaction, then follow the host's
 * changes to our events and report outside events over bookings. An expired cursor (Google
 * 410, CalDAV invalid sync-token) turns into a full resync that replaces the stored events.
 * A refused grant marks the connection `needs_reconnect` and e-mails the host once; a calendar
 * the provider no longer has is removed (core/calendars/goneCalendar.ts). One sync of a calendar
 * runs at a time, whoever starts it (core/calendars/syncClaims.ts).
 */
import type { CalendarContext } from './context.js';
import { syncWindow } from './context.js';
import { followHostChanges } from './followHostChanges.js';
import { removeGoneCalendar } from './goneCalendar.js';
import { queueConflictNotices, queueReconnectNotice } from './hostNotices.js';
import { loadCalendar, loadConnection, type CalendarRow, type ConnectionRow } from './records.js';
import { openSession } from './sessions.js';
import { applySyncBatch, type SyncEffects } from './store.js';
import { withSyncClaim } from './syncClaims.js';
import { queueCalendarSyncs } from './syncQueue.js';
import { CalendarGoneError, GrantRevokedError, SyncCursorExpiredError, type CalendarSession, type SyncBatch } from './types.js';

export interface SyncOutcome {
  calendarId: string;
  /**
   * removed: the calendar is gone at the provider, and from Yava. running: another sync of the
   * calendar holds it; this one read nothing. superseded: another sync moved the calendar on
   * while this one read the provider (it had outlived its claim), so this batch was dropped and a
   * sync is queued to read again from where that one left off.
   */
  status: 'synced' | 'skipped' | 'needs_reconnect' | 'failed' | 'removed' | 'running' | 'superseded';
  changed: boolean;
  full: boolean;
}

/**
 * Marks a connection stale and queues the host's e-mail, once per transition, when a session of
 * `connection` (the row as it was read when the session opened) found its grant refused.
 * Returns false, and changes nothing, when the account has been connected again since (its
 * grant_version moved on): the refusal was for the old grant, and the new one is not to be undone
 * by a write or sync that was still running on the old one. True when the refusal stands (the
 * connection is marked now, or was already).
 */
export async function markNeedsReconnect(
  ctx: CalendarContext,
  connection: ConnectionRow,
  reason: string,
): Promise<boolean> {
  const now = ctx.clock.now();
  const stands = await ctx.db.transaction(async (trx) => {
    const current = await trx<ConnectionRow>('calendar_connections').where({ id: connection.id }).forUpdate().first('status', 'grant_version');
    if (!current || current.grant_version !== connection.grant_version) return false;
    if (current.status !== 'active') return true;
    await trx('calendar_connections')
      .where({ id: connection.id })
      .update({ status: 'needs_reconnect', last_error: reason.slice(0, 300), updated_at: now });
    await queueReconnectNotice(ctx, trx, connection, now);
    return true;
  });
  const fields = { connectionId: connection.id, provider: connection.provider };
  if (stands) ctx.logger.warn(fields, 'calendar connection needs reconnecting');
  else ctx.logger.info(fields, 'a calendar grant refused after the account was connected again; the connection stays as it is');
  return stands;
}

/** How far the window may move past the last full sync before recurring events are expanded afresh. */
export const REEXPAND_AFTER_MS = 7 * 86_400_000;

/**
 * True when the calendar's recurring events must be expanded afresh (a full sync): incremental
 * syncs bring only changed events, so a series nobody touches would otherwise stop at the end
 * of the window it was last expanded over, and stop blocking once the days reach it.
 */
const isExpansionDue = (calendar: CalendarRow, window: { end: number }) =>
  !calendar.expanded_until || new Date(calendar.expanded_until).getTime() < window.end - REEXPAND_AFTER_MS;

async function fetchBatch(
  session: CalendarSession,
  calendar: CalendarRow,
  window: { start: number; end: number },
): Promise<SyncBatch> {
  const full = isExpansionDue(calendar, window);
  try {
    return await session.syncEvents(
      { externalId: calendar.external_id, cursor: full ? null : calendar.sync_cursor, ctag: full ? null : calendar.ctag },
      window,
    );
  } catch (error) {
    if (!(error instanceof SyncCursorExpiredError)) throw error;
    return session.syncEvents({ externalId: calendar.external_id, cursor: null, ctag: null }, window);
  }
}

/**
 * Events we wrote that neither this batch nor the store has seen, and that the provider no
 * longer has: a sync token may leave out an event created and deleted between two syncs
 * (RFC 6578), so each such event is looked up by its iCalUID.
 */
async function findVanishedEvents(
  ctx: CalendarContext,
  session: CalendarSession,
  calendar: CalendarRow,
  batch: SyncBatch,
): Promise<string[]> {
  const seen = new Set(batch.events.flatMap((e) => [e.icalUid, e.externalId]));
  const deleted = new Set(batch.deletedIds);
  const q = ctx
    .db('calendar_event_links as l')
    .join('bookings as b', 'b.id', 'l.booking_id')
    .where('l.calendar_id', calendar.id)
    .whereNotNull('l.external_id')
    .whereIn('b.status', ['scheduled', 'pending'])
    .select('l.external_id', 'b.ical_uid');
  if (!batch.full)
    q.whereNotExists((sub) =>
      sub
        .select(ctx.db.raw('1'))
        .from('external_events as e')
        .whereRaw('e.calendar_id = l.calendar_id AND e.booking_id = l.booking_id'),
    );
  const links = (await q) as Array<{ external_id: string; ical_uid: string }>;
  const out: string[] = [];
  for (const link of links) {
    if (seen.has(link.ical_uid) || seen.has(link.external_id) || deleted.has(link.external_id)) continue;
    if (!(await session.findEvent(calendar.external_id, link.ical_uid))) out.push(link.external_id);
  }
  return out;
}

/**
 * Records why a sync failed (a server down or slow, an unexpected answer): the connection's
 * last error and a log line. Its calendars keep what they block; the next sync tries again.
 */
async function recordSyncFailure(ctx: CalendarContext, connection: ConnectionRow, calendarIds: string[], error: unknown): Promise<void> {
  const message = (error as Error)?.message?.split('\n')[0] ?? String(error);
  await ctx.db('calendar_connections').where({ id: connection.id }).update({ last_error: message.slice(0, 300) });
  ctx.logger.warn({ calendarIds, provider: connection.provider, error: message }, 'calendar sync failed');
}

/** A session of a connection, with the connection's row as it was when the session was opened (its grant). */
export interface OpenedSession {
  session: CalendarSession;
  connection: ConnectionRow;
}

/**
 * Syncs calendar `calendarId` (with an `opened` session, or a new one: also when the account has
 * been connected again since that one was opened), unless another sync of it is running: then it
 * reads nothing and says `running`. The 5-minute job leaves such a calendar to the running sync;
 * a queued sync runs again after it (core/calendars/syncQueue.ts).
 */
export async function syncCalendar(
  ctx: CalendarContext,
  calendarId: string,
  opened?: OpenedSession,
): Promise<SyncOutcome> {
  const outcome = await withSyncClaim(ctx, calendarId, () => syncClaimedCalendar(ctx, calendarId, opened));
  if (outcome) return outcome;
  const exists = await ctx.db('connected_calendars').where({ id: calendarId }).first('id');
  return { calendarId, status: exists ? 'running' : 'skipped', changed: false, full: false };
}

/**
 * One sync, under the calendar's claim. A batch read from a cursor that moved meanwhile (another
 * sync took over a claim this one outlived, a settings change reset it) is dropped, and a sync
 * is queued in the same transaction to read again from the new cursor: the batch may hold a
 * change the other sync read too early to see.
 */
async function syncClaimedCalendar(ctx: CalendarContext, calendarId: string, opened?: OpenedSession): Promise<SyncOutcome> {
  const calendar = await loadCalendar(ctx.db, calendarId);
  const current = calendar && (await loadConnection(ctx.db, calendar.connection_id));
  if (!calendar || !current || current.status !== 'active')
    return { calendarId, status: 'skipped', changed: false, full: false };
  const window = syncWindow(ctx);
  let batch: SyncBatch;
  // A refusal is the grant's whose session asked: the row read now may already hold a newer grant.
  const reuse = opened && opened.connection.grant_version === current.grant_version;
  const connection = reuse ? opened.connection : current;
  let open = reuse ? opened.session : undefined;
  try {
    open ??= await openSession(ctx, connection);
    batch = await fetchBatch(open, calendar, { start: window.from, end: window.to });
    batch = { ...batch, deletedIds: [...batch.deletedIds, ...(await findVanishedEvents(ctx, open, calendar, batch))] };
  } catch (error) {
    if (error instanceof GrantRevokedError) {
      // Connected again while this sync ran on the old grant: the reconnect's own sync reads it afresh.
      const stands = await markNeedsReconnect(ctx, connection, error.message);
      return { calendarId, status: stands ? 'needs_reconnect' : 'skipped', changed: false, full: false };
    }
    if (error instanceof CalendarGoneError) {
      await removeGoneCalendar(ctx, { calendar, connection, session: open }, error.message);
      return { calendarId, status: 'removed', changed: true, full: false };
    }
    await recordSyncFailure(ctx, connection, [calendarId], error);
    return { calendarId, status: 'failed', changed: false, full: false };
  }
  const now = ctx.clock.now();
  const effects = await ctx.db.transaction(async (trx): Promise<SyncEffects | 'superseded' | null> => {
    const current = await trx<CalendarRow>('connected_calendars')
      .where({ id: calendarId })
      .forUpdate()
      .first('sync_cursor');
    if (!current) return null;
    if (!batch.full && current.sync_cursor !== calendar.sync_cursor) {
      await queueCalendarSyncs(ctx, trx, [calendarId]);
      return 'superseded';
    }
    const applied = await applySyncBatch(trx, { id: calendarId, userId: calendar.user_id }, batch, { window, now });
    await trx('connected_calendars')
      .where({ id: calendarId })
      .update({
        sync_cursor: batch.cursor,
        ctag: batch.ctag ?? null,
        last_synced_at: now,
        seen_until: batch.seenUntil === undefined ? null : new Date(batch.seenUntil),
        ...(batch.full ? { expanded_until: new Date(window.to) } : {}),
      });
    await trx('calendar_connections').where({ id: connection.id }).update({ last_synced_at: now, last_error: null });
    if (calendar.check_conflicts)
      await queueConflictNotices(ctx, trx, calendar.user_id, calendar.name, applied.conflicts);
    return applied;
  });
  if (!effects) return { calendarId, status: 'skipped', changed: false, full: batch.full };
  if (effects === 'superseded') {
    ctx.syncQueued?.();
    return { calendarId, status: 'superseded', changed: false, full: batch.full };
  }
  await followHostChanges(ctx, calendar, effects.ownChanges, open);
  if (calendar.check_conflicts && effects.conflicts.length) await proposeRepairs(ctx, effects.conflicts.map((c) => c.bookingId));
  return { calendarId, status: 'synced', changed: effects.changed, full: batch.full };
}

/** Offers the invitees of newly conflicted bookings other times (core/repair); a failure is logged, the sync stands. */
async function proposeRepairs(ctx: CalendarContext, bookingIds: string[]): Promise<void> {
  try {
    await ctx.repairs?.proposeRepairs(bookingIds, "an event in the host's calendar now overlaps it");
  } catch (error) {
    ctx.logger.warn({ bookingIds, error: (error as Error)?.message }, 'conflict repair failed');
  }
}

/** Syncs every calendar of a connection that matters (conflict or destination calendars). */
export async function syncConnection(ctx: CalendarContext, connectionId: string): Promise<SyncOutcome[]> {
  const connection = await loadConnection(ctx.db, connectionId);
  if (!connection || connection.status !== 'active') return [];
  const calendars = await ctx
    .db<CalendarRow>('connected_calendars')
    .where({ connection_id: connectionId })
    .where((q) => q.where('check_conflicts', true).orWhere('is_destination', true))
    .orderBy('id');
  if (!calendars.length) return [];
  let session: CalendarSession;
  try {
    session = await openSession(ctx, connection);
  } catch (error) {
    // The server cannot be reached or refuses us: each calendar's outcome says so (no 500 for `yava calendars sync`).
    let status: SyncOutcome['status'] = 'failed';
    if (error instanceof GrantRevokedError) status = (await markNeedsReconnect(ctx, connection, error.message)) ? 'needs_reconnect' : 'skipped';
    else await recordSyncFailure(ctx, connection, calendars.map((c) => c.id), error);
    return calendars.map((c) => ({ calendarId: c.id, status, changed: false, full: false }));
  }
  const out: SyncOutcome[] = [];
  for (const calendar of calendars) out.push(await syncCalendar(ctx, calendar.id, { session, connection }));
  return out;
}
