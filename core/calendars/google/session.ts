/**
 * The Google Calendar adapter over `googleapis`: incremental events.list with syncToken
 * (410 Gone → SyncCursorExpiredError, a full resync; 404 → CalendarGoneError), events.watch channels with a secret
 * token, and our events found by iCalUID. A refused refresh token (invalid_grant), or a 401 for
 * the token just refreshed, becomes GrantRevokedError; refreshed access tokens are handed to `saveTokens`.
 */
import { DateTime } from 'luxon';
import type { GoogleSettings } from '../context.js';
import { CalendarGoneError, GrantRevokedError, SyncCursorExpiredError, type CalendarSession, type OAuthCredentials, type OutboundEvent, type RemoteEvent, type SyncBatch } from '../types.js';
import { createCalendarApi, createGoogleOAuthClient, googleFailure, type calendar_v3 } from './client.js';

type GoogleEvent = calendar_v3.Schema$Event;

function instantOf(when: calendar_v3.Schema$EventDateTime | undefined, zone: string): number {
  if (when?.dateTime) return Date.parse(when.dateTime);
  if (when?.date) return DateTime.fromISO(when.date, { zone }).toMillis();
  return Number.NaN;
}

/** True when the account (the attendee marked `self`) declined the invitation. */
const isDeclinedBySelf = (e: GoogleEvent) => Boolean(e.attendees?.some((a) => a.self && a.responseStatus === 'declined'));

/**
 * A canceled occurrence of a series as Google sends it (only id, recurringEventId and
 * originalStartTime, no start or end): the cancellation of the occurrence stored under the
 * series id and that original start.
 */
function cancelledOccurrenceOf(e: GoogleEvent, zone: string): RemoteEvent | null {
  const originalStart = e.originalStartTime ? instantOf(e.originalStartTime, e.originalStartTime.timeZone ?? zone) : Number.NaN;
  if (!e.id || !e.recurringEventId || !Number.isFinite(originalStart)) return null;
  return {
    externalId: e.id,
    icalUid: e.iCalUID ?? null,
    etag: e.etag ?? null,
    summary: e.summary ?? null,
    status: 'cancelled',
    transparency: 'opaque',
    start: originalStart,
    end: originalStart,
    timezone: zone,
    recurrence: null,
    series: { externalId: e.recurringEventId, originalStart },
  };
}

/**
 * A Google event as a RemoteEvent (all-day dates in the calendar's zone); a declined invitation
 * does not block. Null for an event without times that is not a canceled occurrence (a deleted event).
 */
export function fromGoogleEvent(e: GoogleEvent, calendarZone: string): RemoteEvent | null {
  const zone = e.start?.timeZone ?? calendarZone;
  const start = instantOf(e.start ?? undefined, zone);
  const end = instantOf(e.end ?? undefined, e.end?.timeZone ?? zone);
  if (e.status === 'cancelled' && e.recurringEventId && (!Number.isFinite(start) || !Number.isFinite(end)))
    return cancelledOccurrenceOf(e, calendarZone);
  if (!e.id || !Number.isFinite(start) || !Number.isFinite(end)) return null;
  const originalStart = e.originalStartTime ? instantOf(e.originalStartTime, zone) : null;
  return {
    externalId: e.id,
    icalUid: e.iCalUID ?? null,
    etag: e.etag ?? null,
    summary: e.summary ?? null,
    status: e.status === 'cancelled' ? 'cancelled' : e.status === 'tentative' ? 'tentative' : 'confirmed',
    // Google leaves `transparency` out when it is 'opaque', its default, timed or all-day alike
    // (an all-day event the user left "Free" comes with 'transparent').
    transparency: e.transparency === 'transparent' || isDeclinedBySelf(e) ? 'transparent' : 'opaque',
    start,
    end,
    timezone: zone,
    recurrence: e.recurrence?.length ? e.recurrence : null,
    series: e.recurringEventId && originalStart !== null && Number.isFinite(originalStart) ? { externalId: e.recurringEventId, originalStart } : undefined,
  };
}

function toGoogleEvent(event: OutboundEvent): GoogleEvent {
  return {
    iCalUID: event.icalUid,
    sequence: event.sequence,
    summary: event.title,
    description: event.description,
    location: event.location ?? undefined,
    start: { dateTime: new Date(event.start).toISOString(), timeZone: event.timezone },
    end: { dateTime: new Date(event.end).toISOString(), timeZone: event.timezone },
    attendees: event.attendees.map((a) => ({ email: a.email, displayName: a.name })),
    // Guests with Google see the event in their own calendar, guest list included unless told not to.
    ...(event.hideGuestList ? { guestsCanSeeOtherGuests: false } : {}),
    transparency: 'opaque',
    ...(event.conference ? { conferenceData: { createRequest: { requestId: event.conference.requestId, conferenceSolutionKey: { type: 'hangoutsMeet' } } } } : {}),
  };
}

/** The Meet link of a written event: hangoutLink, else the video entry point. */
function conferenceUrlOf(data: GoogleEvent): string | null {
  return data.hangoutLink ?? data.conferenceData?.entryPoints?.find((e) => e.entryPointType === 'video')?.uri ?? null;
}

/**
 * One events.list sync of a calendar, page by page: from its syncToken (deleted events come as
 * cancelled), or everything when there is none. Times without a zone are in the calendar's.
 */
async function syncEvents(
  listPage: (params: calendar_v3.Params$Resource$Events$List) => Promise<calendar_v3.Schema$Events>,
  calendar: { externalId: string; cursor: string | null },
  calendarZone: string,
): Promise<SyncBatch> {
  const events: RemoteEvent[] = [];
  const deletedIds: string[] = [];
  let pageToken: string | undefined;
  let cursor: string | null = null;
  let zone = calendarZone;
  for (let page = 0; page < 1000; page++) {
    const data = await listPage({ calendarId: calendar.externalId, syncToken: calendar.cursor ?? undefined, showDeleted: calendar.cursor ? true : undefined, maxResults: 250, pageToken });
    zone = data.timeZone ?? zone;
    for (const item of data.items ?? []) {
      const event = fromGoogleEvent(item, zone);
      if (!event && item.status === 'cancelled' && item.id) deletedIds.push(item.id);
      else if (event) events.push(event);
    }
    pageToken = data.nextPageToken ?? undefined;
    if (!pageToken) {
      cursor = data.nextSyncToken ?? null;
      break;
    }
  }
  return { events, deletedIds, cursor, full: !calendar.cursor };
}

export async function openGoogleSession(settings: GoogleSettings, credentials: OAuthCredentials, saveTokens: (c: OAuthCredentials) => Promise<void>): Promise<CalendarSession> {
  const client = await createGoogleOAuthClient(settings);
  let current = credentials;
  client.setCredentials({ access_token: credentials.accessToken, refresh_token: credentials.refreshToken ?? undefined, expiry_date: credentials.expiresAt ?? undefined });
  client.on('tokens', (tokens) => {
    current = { kind: 'oauth', accessToken: tokens.access_token ?? current.accessToken, refreshToken: tokens.refresh_token ?? current.refreshToken, expiresAt: tokens.expiry_date ?? current.expiresAt };
    void saveTokens(current).catch(() => {});
  });
  const api = await createCalendarApi(settings, client);
  const zones = new Map<string, string>();

  /** Runs a call; a refused grant (invalid_grant, or 401 after a refresh) is GrantRevokedError. */
  async function call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const { status, oauthError } = googleFailure(error);
      if (oauthError === 'invalid_grant' || oauthError === 'unauthorized_client') throw new GrantRevokedError('Google refused the grant (invalid_grant)');
      // The client refreshes the token on a 401 and tries once more (forceRefreshOnFailure): a 401
      // that still comes back is Google refusing a token it has just issued.
      if (status === 401) throw new GrantRevokedError('Google refused the access token it had just refreshed (401)');
      throw error;
    }
  }

  async function listPage(params: calendar_v3.Params$Resource$Events$List) {
    try {
      return (await call(() => api.events.list(params))).data;
    } catch (error) {
      const { status } = googleFailure(error);
      if (status === 410) throw new SyncCursorExpiredError();
      if (status === 404) throw new CalendarGoneError('Google has no such calendar any more (404)');
      throw error;
    }
  }

  return {
    async listCalendars() {
      const { data } = await call(() => api.calendarList.list({ maxResults: 250 }));
      return (data.items ?? []).map((c) => {
        if (c.id && c.timeZone) zones.set(c.id, c.timeZone);
        return { externalId: c.id ?? '', name: c.summaryOverride ?? c.summary ?? c.id ?? '', isPrimary: Boolean(c.primary), timezone: c.timeZone ?? null, canWrite: c.accessRole === 'owner' || c.accessRole === 'writer' };
      });
    },

    syncEvents: (calendar) => syncEvents(listPage, calendar, zones.get(calendar.externalId) ?? 'UTC'),

    async findEvent(calendarId, icalUid) {
      const { data } = await call(() => api.events.list({ calendarId, iCalUID: icalUid, maxResults: 5 }));
      const found = (data.items ?? []).find((e) => e.status !== 'cancelled' && e.id);
      return found ? { externalId: found.id!, etag: found.etag ?? null } : null;
    },

    async createEvent(calendarId, event) {
      // conferenceDataVersion 1: Google creates the Meet conference the event asks for (and ignores it otherwise).
      const { data } = await call(() => api.events.insert({ calendarId, sendUpdates: 'none', requestBody: toGoogleEvent(event), ...(event.conference ? { conferenceDataVersion: 1 } : {}) }));
      return { externalId: data.id!, etag: data.etag ?? null, conferenceUrl: conferenceUrlOf(data) };
    },

    async updateEvent(calendarId, externalId, event) {
      const { iCalUID: _uid, ...patch } = toGoogleEvent(event);
      const { data } = await call(() => api.events.patch({ calendarId, eventId: externalId, sendUpdates: 'none', requestBody: patch, ...(event.conference ? { conferenceDataVersion: 1 } : {}) }));
      return { externalId: data.id!, etag: data.etag ?? null, conferenceUrl: conferenceUrlOf(data) };
    },

    async deleteEvent(calendarId, externalId) {
      try {
        await call(() => api.events.delete({ calendarId, eventId: externalId, sendUpdates: 'none' }));
      } catch (error) {
        const { status } = googleFailure(error);
        if (status !== 404 && status !== 410) throw error;
      }
    },

    async watch(calendarId, options) {
      const { data } = await call(() => api.events.watch({ calendarId, requestBody: { id: options.channelId, type: 'web_hook', address: options.address, token: options.secret, params: { ttl: String(options.ttlSeconds) } } }));
      return { channelId: data.id ?? options.channelId, resourceId: data.resourceId ?? null, expiresAt: Number(data.expiration ?? Date.now() + options.ttlSeconds * 1000) };
    },

    async stopWatch(channel) {
      await call(() => api.channels.stop({ requestBody: { id: channel.channelId, resourceId: channel.resourceId ?? undefined } }));
    },

    async revoke() {
      const token = current.refreshToken ?? current.accessToken;
      await client.revokeToken(token);
    },
  };
}
