/**
 * The calendar service: connections (OAuth for Google and Microsoft, app passwords for
 * CalDAV), which calendars count, the synced store of external events, pushes, and writing
 * bookings to destination calendars through the outbox.
 */
import type { Config } from '../config.js';
import { DomainError } from '../errors.js';
import { ensureChannels, RENEW_INTERVAL_MS, renewChannels } from './channels.js';
import { type CallbackQuery, completeOAuth, type OAuthProvider, openAttemptKeys, openOAuth, type OpenOAuthOptions, startOAuth } from './oauth.js';
import { type GooglePushHeaders, type GraphNotification, handleGooglePush, handleMicrosoftPush } from './pushes.js';
import { listStaleCalendars, type StaleCalendar } from './stale.js';
import { startScheduledJobs, type JobScheduler } from '../notify/scheduler.js';
import { connectCalDav, type ConnectCalDavInput } from './caldav/connectCalDav.js';
import { disconnect, getConnection, listConnections, setEventTypeDestination, updateCalendar, type UpdateCalendarInput } from './connections.js';
import type { CalendarContext, CalendarSettings } from './context.js';
import { createCalendarSender } from './outbound.js';
import { syncCalendar, syncConnection, type SyncOutcome } from './syncCalendar.js';
import { createCalendarSyncSender, requestCalendarSyncs } from './syncQueue.js';
import { PROVIDERS, type ProviderName } from './types.js';

/** The service runs every use case with this context. */
export type CalendarServiceDeps = CalendarContext;

type CalendarConfig = Pick<
  Config,
  | 'publicUrl'
  | 'OUTBOX_MAX_ATTEMPTS'
  | 'CALDAV_ALLOW_PRIVATE_URLS'
  | 'GOOGLE_CLIENT_ID'
  | 'GOOGLE_CLIENT_SECRET'
  | 'GOOGLE_AUTH_URL'
  | 'GOOGLE_OAUTH_URL'
  | 'GOOGLE_API_URL'
  | 'MICROSOFT_CLIENT_ID'
  | 'MICROSOFT_CLIENT_SECRET'
  | 'MICROSOFT_TENANT'
  | 'MICROSOFT_LOGIN_URL'
  | 'MICROSOFT_GRAPH_URL'
>;

const withSlash = (u: string) => (u.endsWith('/') ? u : `${u}/`);

/** Calendar settings from the configuration; a provider without its client id and secret is null (not configured). */
export function calendarSettingsFrom(config: CalendarConfig): CalendarSettings {
  return {
    publicUrl: config.publicUrl,
    outboxMaxAttempts: config.OUTBOX_MAX_ATTEMPTS,
    horizonDays: 180,
    caldavPolicy: { allowPrivate: config.CALDAV_ALLOW_PRIVATE_URLS },
    google:
      config.GOOGLE_CLIENT_ID && config.GOOGLE_CLIENT_SECRET
        ? {
            clientId: config.GOOGLE_CLIENT_ID,
            clientSecret: config.GOOGLE_CLIENT_SECRET,
            authUrl: config.GOOGLE_AUTH_URL,
            oauthUrl: withSlash(config.GOOGLE_OAUTH_URL),
            apiUrl: withSlash(config.GOOGLE_API_URL),
          }
        : null,
    microsoft:
      config.MICROSOFT_CLIENT_ID && config.MICROSOFT_CLIENT_SECRET
        ? {
            clientId: config.MICROSOFT_CLIENT_ID,
            clientSecret: config.MICROSOFT_CLIENT_SECRET,
            tenant: config.MICROSOFT_TENANT,
            loginUrl: withSlash(config.MICROSOFT_LOGIN_URL),
            graphUrl: withSlash(config.MICROSOFT_GRAPH_URL),
          }
        : null,
  };
}

export interface ConnectInput extends ConnectCalDavInput {
  provider?: unknown;
}

/** How often every connection is synced even without pushes (CalDAV's polling; a net for lost pushes). */
export const SAFETY_SYNC_INTERVAL_MS = 5 * 60_000;

export function createCalendarService(deps: CalendarServiceDeps) {
  const ctx: CalendarContext = { ...deps };
  let scheduler: JobScheduler | null = null;

  return {
    context: ctx,
    sender: createCalendarSender(ctx),
    /** Runs the syncs pushes queued (the outbox's 'calendar_sync' channel). */
    syncSender: createCalendarSyncSender(ctx),

    /**
     * Starts a connection: CalDAV connects now (returns the connection); Google and Microsoft
     * return the URL to authorize at. Throws validation_failed, not_configured, unprocessable, upstream_failed.
     */
    async connect(userId: string, input: ConnectInput) {
      const provider = input.provider;
      if (typeof provider !== 'string' || !PROVIDERS.includes(provider as ProviderName)) {
        throw new DomainError('validation_failed', 'provider: expected google, microsoft or caldav', {
          errors: [{ field: 'provider', message: 'expected google, microsoft or caldav' }],
        });
      }
      if (provider === 'caldav') return { connection: await connectCalDav(ctx, userId, input) };
      return startOAuth(ctx, userId, provider as OAuthProvider);
    },

    /** A browser opens the start link connect returned: on to the provider (with its cookie key), or first a page asking to confirm the account. */
    openOAuth: (provider: OAuthProvider, token: string | undefined, options: OpenOAuthOptions) => openOAuth(ctx, provider, token, options),

    /** The OAuth callback, in the browser that opened the start link (holding its key among `browserKeys`): finishes connecting for the user the state was issued to. */
    completeOAuth: (provider: OAuthProvider, query: CallbackQuery, browserKeys: readonly string[]) => completeOAuth(ctx, provider, query, browserKeys),

    /** The keys of a browser's cookie whose connect attempts are still open (what the cookie keeps after a callback). */
    openAttemptKeys: (provider: OAuthProvider, keys: readonly string[]) => openAttemptKeys(ctx, provider, keys),

    /** Verified pushes: each queues a sync of its calendar, run by the outbox dispatcher. */
    handleGooglePush: (push: GooglePushHeaders) => handleGooglePush(ctx, push),
    handleMicrosoftPush: (notifications: GraphNotification[]) => handleMicrosoftPush(ctx, notifications),

    /**
     * The calendars of `username` that check conflicts but cannot be read (needs_reconnect),
     * shown to that user only (null for anyone else): availability is not silently trusted.
     */
    async staleCalendarsOf(viewerUserId: string | undefined, username: string | undefined): Promise<StaleCalendar[] | null> {
      if (!viewerUserId || !username) return null;
      const user = await ctx.db('users').where({ id: viewerUserId, username }).first('id');
      if (!user) return null;
      return listStaleCalendars(ctx.db, viewerUserId);
    },

    list: (userId: string) => listConnections(ctx, userId),
    get: (userId: string, connectionId: string) => getConnection(ctx, userId, connectionId),
    /**
     * Changes a calendar's flags, then syncs it and opens or stops its push channel to match. A
     * sync already running read the calendar before the change: one is queued to run after it.
     */
    async updateCalendar(userId: string, connectionId: string, calendarId: string, input: UpdateCalendarInput) {
      const calendar = await updateCalendar(ctx, userId, connectionId, calendarId, input);
      if (input.checkConflicts && (await syncCalendar(ctx, calendarId)).status === 'running') await requestCalendarSyncs(ctx, [calendarId]);
      await ensureChannels(ctx, connectionId);
      return calendar;
    },
    disconnect: (userId: string, connectionId: string) => disconnect(ctx, userId, connectionId),
    setEventTypeDestination: (userId: string, eventTypeSlug: string, calendarId: string | null) => setEventTypeDestination(ctx, userId, eventTypeSlug, calendarId),

    /** Syncs every connection of the user now (the CLI's `yava calendars sync`). */
    async syncUser(userId: string): Promise<SyncOutcome[]> {
      const rows = await ctx.db('calendar_connections').where({ user_id: userId }).orderBy('id').select('id');
      const out: SyncOutcome[] = [];
      for (const { id } of rows as Array<{ id: string }>) out.push(...(await syncConnection(ctx, id)));
      return out;
    },

    /** The safety sync: every active connection (catches pushes that never arrived; polls CalDAV). */
    syncAll: (signal?: AbortSignal) => syncAllConnections(ctx, signal),

    /** Starts the periodic jobs (bree): the safety sync and push-channel renewal. */
    /** Renews push channels that expire within a day (the 'calendar-channels' job). */
    renewChannels: (signal?: AbortSignal) => renewChannels(ctx, signal),

    async startJobs(): Promise<JobScheduler> {
      scheduler ??= await startScheduledJobs(
        [
          {
            name: 'calendar-sync',
            intervalMs: SAFETY_SYNC_INTERVAL_MS,
            run: (signal) => syncAllConnections(ctx, signal),
          },
          { name: 'calendar-channels', intervalMs: RENEW_INTERVAL_MS, run: (signal) => renewChannels(ctx, signal) },
        ],
        ctx.logger,
      );
      return scheduler;
    },

    async stopJobs(): Promise<void> {
      const s = scheduler;
      scheduler = null;
      if (s) await s.stop();
    },
  };
}

async function syncAllConnections(ctx: CalendarContext, signal?: AbortSignal): Promise<SyncOutcome[]> {
  const rows = await ctx.db('calendar_connections').where({ status: 'active' }).orderBy('id').select('id');
  const out: SyncOutcome[] = [];
  for (const { id } of rows as Array<{ id: string }>) {
    if (signal?.aborted) break;
    try {
      out.push(...(await syncConnection(ctx, id)));
    } catch (error) {
      ctx.logger.warn(
        { connectionId: id, error: (error as Error)?.message?.split('\n')[0] },
        'calendar safety sync failed',
      );
    }
  }
  return out;
}

export type CalendarService = ReturnType<typeof createCalendarService>;
