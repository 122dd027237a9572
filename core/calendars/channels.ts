/**
 * Push channels: a Google events.watch channel or a Microsoft Graph subscription per watched
 * calendar (one that checks conflicts or takes bookings), each with its own random secret
 * (Google's channel token, Graph's clientState), stored hashed. Channels are renewed before
 * they expire by a scheduled job, and stopped when a calendar stops being watched.
 */
import { randomUUID } from 'node:crypto';
import { generateSecret, hashSecret } from '../auth/secrets.js';
import type { CalendarContext } from './context.js';
import { listCalendarsOf, loadConnection, type CalendarRow } from './records.js';
import { openSession } from './sessions.js';
import { markNeedsReconnect } from './syncCalendar.js';
import { GrantRevokedError, type CalendarSession } from './types.js';

/** Channel lifetimes asked for: Google allows weeks; Graph calendar subscriptions at most 4230 minutes. */
export const CHANNEL_TTL_SECONDS = { google: 7 * 24 * 3600, microsoft: 4200 * 60 } as const;
/** A channel expiring sooner than this is replaced. */
export const RENEW_BEFORE_MS = 24 * 3600_000;
/** How often the renewal job looks. */
export const RENEW_INTERVAL_MS = 3600_000;

const watched = (c: CalendarRow) => c.check_conflicts || c.is_destination;

/** Stops a calendar's push channel, if it has one; a failure is logged (the channel expires on its own). */
export async function stopChannel(ctx: CalendarContext, session: CalendarSession, calendar: Pick<CalendarRow, 'id' | 'channel_id' | 'channel_resource_id'>): Promise<void> {
  if (!calendar.channel_id || !session.stopWatch) return;
  await session.stopWatch({ channelId: calendar.channel_id, resourceId: calendar.channel_resource_id }).catch((e: Error) => ctx.logger.warn({ calendarId: calendar.id, error: e.message?.split('\n')[0] }, 'stopping a push channel failed'));
}

/**
 * Opens or renews the channels of a connection's watched calendars and stops those of
 * calendars no longer watched. CalDAV has no pushes (it is polled). Returns how many opened.
 */
export async function ensureChannels(ctx: CalendarContext, connectionId: string): Promise<number> {
  const connection = await loadConnection(ctx.db, connectionId);
  if (!connection || connection.status !== 'active' || connection.provider === 'caldav') return 0;
  const provider = connection.provider;
  const calendars = await listCalendarsOf(ctx.db, connectionId);
  const now = ctx.clock.now().getTime();
  const due = calendars.filter((c) => (watched(c) && (!c.channel_id || !c.channel_expires_at || new Date(c.channel_expires_at).getTime() - now < RENEW_BEFORE_MS)) || (!watched(c) && c.channel_id));
  if (!due.length) return 0;
  let session: CalendarSession;
  try {
    session = await openSession(ctx, connection);
  } catch (error) {
    if (error instanceof GrantRevokedError) await markNeedsReconnect(ctx, connection, error.message);
    else ctx.logger.warn({ connectionId, error: (error as Error).message?.split('\n')[0] }, 'could not open a calendar session for push channels');
    return 0;
  }
  let opened = 0;
  for (const calendar of due) {
    if (!watched(calendar)) {
      await stopChannel(ctx, session, calendar);
      await ctx.db('connected_calendars').where({ id: calendar.id }).update({ channel_id: null, channel_resource_id: null, channel_secret_hash: null, channel_expires_at: null });
      continue;
    }
    if (!session.watch) continue;
    const secret = generateSecret('', 32);
    try {
      const channel = await session.watch(calendar.external_id, { channelId: randomUUID(), secret, address: `${ctx.settings.publicUrl}/webhooks/${provider}`, ttlSeconds: CHANNEL_TTL_SECONDS[provider] });
      await ctx.db('connected_calendars')
        .where({ id: calendar.id })
        .update({ channel_id: channel.channelId, channel_resource_id: channel.resourceId, channel_secret_hash: hashSecret(secret), channel_expires_at: new Date(channel.expiresAt) });
      opened += 1;
      await stopChannel(ctx, session, calendar);
    } catch (error) {
      if (error instanceof GrantRevokedError) {
        await markNeedsReconnect(ctx, connection, error.message);
        return opened;
      }
      ctx.logger.warn({ calendarId: calendar.id, provider, error: (error as Error).message?.split('\n')[0] }, 'opening a push channel failed; the safety sync covers this calendar');
    }
  }
  return opened;
}

/** The renewal job: every OAuth connection with a channel missing or expiring within a day. */
export async function renewChannels(ctx: CalendarContext, signal?: AbortSignal): Promise<number> {
  const soon = new Date(ctx.clock.now().getTime() + RENEW_BEFORE_MS);
  const rows = await ctx.db('connected_calendars as c')
    .join('calendar_connections as k', 'k.id', 'c.connection_id')
    .where('k.status', 'active')
    .whereIn('k.provider', ['google', 'microsoft'])
    .where((q) =>
      q
        .where((w) => w.where((f) => f.where('c.check_conflicts', true).orWhere('c.is_destination', true)).where((f) => f.whereNull('c.channel_expires_at').orWhere('c.channel_expires_at', '<', soon)))
        .orWhere((w) => w.whereNotNull('c.channel_id').where('c.check_conflicts', false).where('c.is_destination', false)),
    )
    .distinct('c.connection_id');
  let opened = 0;
  for (const { connection_id: id } of rows as Array<{ connection_id: string }>) {
    if (signal?.aborted) break;
    opened += await ensureChannels(ctx, id);
  }
  return opened;
}
