/**
 * Connections and the calendars they list: store a new connection (its primary calendar
 * checks conflicts and, when the user has none yet, becomes the destination), list them,
 * change which calendars count, and disconnect.
 */
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';
import { stopChannel } from './channels.js';
import type { CalendarContext } from './context.js';
import { listCalendarsOf, loadConnection, sealCredentials, type CalendarRow, type ConnectionRow } from './records.js';
import { queueLostWrites, queueUnwrittenBookings } from './outbound.js';
import { openSession } from './sessions.js';
import type { ConnectionStatus, Credentials, ProviderName, RemoteCalendar } from './types.js';

export interface CalendarSummary {
  id: string;
  name: string;
  checkConflicts: boolean;
  isDestination: boolean;
  /** For a provider that reports events only so far ahead (Outlook): no time after this is offered, as events there are unseen. Null: no limit. */
  seenUntil: string | null;
}

export interface ConnectionSummary {
  id: string;
  provider: ProviderName;
  account: string;
  status: ConnectionStatus;
  lastSyncedAt: string | null;
  /** Why the last sync failed (a server down, an unexpected answer), until one succeeds; null when it did. */
  lastError: string | null;
  calendars: CalendarSummary[];
}

const presentCalendar = (c: CalendarRow): CalendarSummary => ({
  id: c.id,
  name: c.name,
  checkConflicts: c.check_conflicts,
  isDestination: c.is_destination,
  seenUntil: c.seen_until ? new Date(c.seen_until).toISOString() : null,
});

async function presentConnection(db: Knex, row: ConnectionRow): Promise<ConnectionSummary> {
  const calendars = await listCalendarsOf(db, row.id);
  return {
    id: row.id,
    provider: row.provider,
    account: row.account,
    status: row.status,
    lastSyncedAt: row.last_synced_at ? new Date(row.last_synced_at).toISOString() : null,
    lastError: row.last_error,
    calendars: calendars.map(presentCalendar),
  };
}

/** The user's connections, oldest first, with their calendars. */
export async function listConnections(ctx: CalendarContext, userId: string): Promise<ConnectionSummary[]> {
  const rows = await ctx
    .db<ConnectionRow>('calendar_connections')
    .where({ user_id: userId })
    .orderBy('created_at')
    .orderBy('id');
  return Promise.all(rows.map((r) => presentConnection(ctx.db, r)));
}

export async function getConnection(
  ctx: CalendarContext,
  userId: string,
  connectionId: string,
): Promise<ConnectionSummary> {
  return presentConnection(ctx.db, await requireOwnConnection(ctx.db, userId, connectionId));
}

export async function requireOwnConnection(db: Knex, userId: string, connectionId: string): Promise<ConnectionRow> {
  const row = /^[0-9a-f-]{36}$/i.test(connectionId) ? await loadConnection(db, connectionId) : undefined;
  if (!row || row.user_id !== userId)
    throw new DomainError('not_found', 'That calendar connection was not found; see GET /api/calendars for yours');
  return row;
}

export interface SaveConnectionInput {
  userId: string;
  provider: ProviderName;
  account: string;
  credentials: Credentials;
  calendars: RemoteCalendar[];
}

/**
 * Stores a connection and its calendars in one transaction. Connecting the same account again
 * replaces its credentials, makes it active again and keeps the user's calendar choices; calendar
 * writes given up meanwhile are queued again.
 */
export async function saveConnection(ctx: CalendarContext, input: SaveConnectionInput): Promise<ConnectionRow> {
  const now = ctx.clock.now();
  const sealed = sealCredentials(ctx.box, input.credentials);
  const expiresAt =
    input.credentials.kind === 'oauth' && input.credentials.expiresAt ? new Date(input.credentials.expiresAt) : null;
  return ctx.db.transaction(async (trx) => {
    const [connection] = await trx('calendar_connections')
      .insert({
        user_id: input.userId,
        provider: input.provider,
        account: input.account,
        status: 'active',
        credentials: sealed,
        token_expires_at: expiresAt,
        last_error: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict(['user_id', 'provider', 'account'])
      // A new grant: a session still on the old one cannot mark this one needs_reconnect (markNeedsReconnect).
      .merge({ credentials: sealed, status: 'active', token_expires_at: expiresAt, last_error: null, updated_at: now, grant_version: trx.raw('calendar_connections.grant_version + 1') })
      .returning('*');
    const hasDestination = Boolean(
      await trx('connected_calendars').where({ user_id: input.userId, is_destination: true }).first('id'),
    );
    const primary = input.calendars.find((c) => c.isPrimary) ?? input.calendars[0];
    for (const calendar of input.calendars) {
      const isPrimary = calendar === primary;
      await trx('connected_calendars')
        .insert({
          connection_id: connection.id,
          user_id: input.userId,
          external_id: calendar.externalId,
          name: calendar.name,
          timezone: calendar.timezone,
          is_primary: isPrimary,
          check_conflicts: isPrimary,
          is_destination: isPrimary && !hasDestination && calendar.canWrite,
          created_at: now,
        })
        .onConflict(['connection_id', 'external_id'])
        .merge({ name: calendar.name, timezone: calendar.timezone, is_primary: isPrimary });
    }
    await queueLostWrites(ctx, trx, input.userId);
    await queueUnwrittenBookings(ctx, trx, input.userId);
    return connection as ConnectionRow;
  });
}

export interface UpdateCalendarInput {
  checkConflicts?: boolean;
  isDestination?: boolean;
}

/**
 * Changes whether a calendar blocks time and whether bookings are written to it. Making one
 * the destination moves the destination from any other calendar of the user's.
 */
export async function updateCalendar(
  ctx: CalendarContext,
  userId: string,
  connectionId: string,
  calendarId: string,
  input: UpdateCalendarInput,
): Promise<CalendarSummary> {
  await requireOwnConnection(ctx.db, userId, connectionId);
  const updated = await ctx.db.transaction(async (trx) => {
    const calendar = /^[0-9a-f-]{36}$/i.test(calendarId)
      ? await trx<CalendarRow>('connected_calendars')
          .where({ id: calendarId, connection_id: connectionId })
          .forUpdate()
          .first()
      : undefined;
    if (!calendar)
      throw new DomainError('not_found', 'That calendar was not found in this connection; see GET /api/calendars');
    const patch: Partial<CalendarRow> = {};
    if (input.checkConflicts !== undefined) patch.check_conflicts = input.checkConflicts;
    if (input.isDestination === true) {
      await trx('connected_calendars')
        .where({ user_id: userId, is_destination: true })
        .whereNot({ id: calendar.id })
        .update({ is_destination: false });
      patch.is_destination = true;
    } else if (input.isDestination === false) patch.is_destination = false;
    if (input.checkConflicts === true && !calendar.check_conflicts) patch.sync_cursor = null;
    if (Object.keys(patch).length) await trx('connected_calendars').where({ id: calendar.id }).update(patch);
    // A first calendar to write to: the bookings made before it go there too.
    if (input.isDestination === true) await queueUnwrittenBookings(ctx, trx, userId);
    return { ...calendar, ...patch };
  });
  return presentCalendar(updated);
}

/**
 * Disconnects: stops push channels and revokes the grant at the provider unless another
 * connection (another Yava account's) uses the same calendar account (best effort: a
 * provider that is down or already revoked does not keep the user connected), then deletes
 * the connection, its calendars, stored events and tokens. Bookings stay as they are.
 */
export async function disconnect(ctx: CalendarContext, userId: string, connectionId: string): Promise<void> {
  const connection = await requireOwnConnection(ctx.db, userId, connectionId);
  const calendars = await listCalendarsOf(ctx.db, connectionId);
  if (connection.status === 'active') {
    try {
      const session = await openSession(ctx, connection);
      for (const c of calendars) await stopChannel(ctx, session, c);
      // A grant is the account's, not the connection's: revoking it would cut off another Yava
      // account connected to the same calendar account (Google withdraws every token of the grant).
      const shared = await ctx.db('calendar_connections').where({ provider: connection.provider, account: connection.account }).whereNot({ id: connection.id }).first('id');
      if (session.revoke && !shared) await session.revoke();
    } catch (error) {
      ctx.logger.warn(
        { connectionId, provider: connection.provider, error: (error as Error).message?.split('\n')[0] },
        'calendar revoke failed; deleting the connection anyway',
      );
    }
  }
  // Cascades to connected_calendars, external_events and calendar_event_links; bookings are untouched.
  await ctx.db('calendar_connections').where({ id: connectionId }).del();
}

/**
 * Writes bookings of one of the user's event types to `calendarId` instead of their
 * destination (null removes the override). Throws not_found for an event type or calendar
 * that is not the user's.
 */
export async function setEventTypeDestination(ctx: CalendarContext, userId: string, eventTypeSlug: string, calendarId: string | null): Promise<{ eventType: string; calendarId: string | null }> {
  const eventType = await ctx.db('event_types').where({ owner_user_id: userId, slug: eventTypeSlug }).whereNull('archived_at').first('id');
  if (!eventType) throw new DomainError('event_type_not_found', `You have no event type "${eventTypeSlug}"; see yava event-types list`);
  if (calendarId !== null) {
    const calendar = await ctx.db('connected_calendars').where({ id: calendarId, user_id: userId }).first('id');
    if (!calendar) throw new DomainError('not_found', 'That calendar was not found among yours; see GET /api/calendars');
  }
  await ctx.db('event_types').where({ id: eventType.id }).update({ destination_calendar_id: calendarId });
  return { eventType: eventTypeSlug, calendarId };
}
