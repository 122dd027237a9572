/**
 * Opens a provider session for a stored connection: unseals its credentials, picks the
 * adapter, and keeps refreshed OAuth tokens sealed in the database.
 */
import { DomainError } from '../errors.js';
import { createGuardedFetch } from '../net/guardedFetch.js';
import { openCalDavSession } from './caldav/session.js';
import { openGoogleSession } from './google/session.js';
import { openMicrosoftSession } from './microsoft/session.js';
import type { CalendarContext } from './context.js';
import { openCredentials, sealCredentials, type ConnectionRow } from './records.js';
import type { CalendarSession, Credentials, OAuthCredentials } from './types.js';

export type SessionOpener = (
  ctx: CalendarContext,
  connection: ConnectionRow,
  credentials: Credentials,
  saveTokens: (c: OAuthCredentials) => Promise<void>,
) => Promise<CalendarSession>;

/** The IANA zone of the connection's owner (their Yava profile's). */
async function hostZoneOf(ctx: CalendarContext, connection: ConnectionRow): Promise<string> {
  const user = await ctx.db('users').where({ id: connection.user_id }).first('timezone');
  return user?.timezone ?? 'UTC';
}

/** The adapter for each provider. */
export const sessionOpeners: Record<ConnectionRow['provider'], SessionOpener> = {
  caldav: async (ctx, connection, credentials) => {
    if (credentials.kind !== 'caldav') throw new Error('caldav connection without CalDAV credentials');
    // Calendars without a zone of their own hold all-day dates and floating times in the host's.
    return openCalDavSession(credentials, { hostZone: await hostZoneOf(ctx, connection), fetch: createGuardedFetch({ policy: ctx.settings.caldavPolicy }) });
  },
  google: async (ctx, _connection, credentials, saveTokens) => {
    if (!ctx.settings.google) throw new DomainError('not_configured', 'Google calendars are not configured: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET');
    if (credentials.kind !== 'oauth') throw new Error('google connection without OAuth tokens');
    return openGoogleSession(ctx.settings.google, credentials, saveTokens);
  },
  microsoft: async (ctx, connection, credentials, saveTokens) => {
    if (!ctx.settings.microsoft) throw new DomainError('not_configured', 'Outlook calendars are not configured: set MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET');
    if (credentials.kind !== 'oauth') throw new Error('microsoft connection without OAuth tokens');
    // Outlook's all-day events have no zone: they are the host's days.
    return openMicrosoftSession(ctx.settings.microsoft, credentials, saveTokens, { hostZone: await hostZoneOf(ctx, connection) });
  },
};

export async function openSession(ctx: CalendarContext, connection: ConnectionRow): Promise<CalendarSession> {
  const opener = sessionOpeners[connection.provider];
  if (!opener)
    throw new DomainError('not_configured', `${connection.provider} calendars are not available in this build`);
  const credentials = openCredentials(ctx.box, connection);
  return opener(ctx, connection, credentials, async (tokens) => {
    await ctx
      .db('calendar_connections')
      .where({ id: connection.id })
      .update({
        credentials: sealCredentials(ctx.box, tokens),
        token_expires_at: tokens.expiresAt ? new Date(tokens.expiresAt) : null,
        updated_at: ctx.clock.now(),
      });
  });
}
