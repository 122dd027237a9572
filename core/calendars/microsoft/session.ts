/**
 * The Outlook adapter over Microsoft Graph: calendarView/delta (occurrences already expanded
 * by Graph; the deltaLink is the cursor, 410 → a full resync), subscriptions with a secret
 * clientState, and our events found by an extended property holding our iCalUID (Graph makes
 * its own iCalUId on create). Access tokens are refreshed before they expire, and once more
 * when Graph refuses one (401, e.g. revoked); a refused refresh (invalid_grant), or a 401 for the
 * token just refreshed, is GrantRevokedError.
 */
import { DateTime } from 'luxon';
import type { MicrosoftSettings } from '../context.js';
import { CalendarGoneError, GrantRevokedError, SyncCursorExpiredError, type CalendarSession, type OAuthCredentials, type OutboundEvent, type RemoteEvent, type SyncBatch } from '../types.js';
import { createGraphClient, graphStatus } from './graph.js';
import { refreshMicrosoftTokens } from './oauth.js';

/** A named property in the public-strings property set: where our iCalUID lives on Outlook events. */
export const UID_PROPERTY = 'String {00020329-0000-0000-C000-000000000046} Name YavaICalUid';
const REFRESH_MARGIN_MS = 5 * 60_000;
/** How far the sync window may move past a delta link's range before the range is started afresh. */
const REBASE_AFTER_MS = 7 * 86_400_000;

/**
 * Our cursor: the delta link and the end of the range it tracks. Graph fixes a calendarView
 * delta's range at its first request, so without a new start the window would stop moving.
 * A cursor in another shape (a bare delta link) reads as none: a full sync.
 */
interface DeltaCursor {
  deltaLink: string;
  until: number;
}

function readCursor(cursor: string | null): DeltaCursor | null {
  try {
    const parsed = cursor ? (JSON.parse(cursor) as Partial<DeltaCursor>) : null;
    return typeof parsed?.deltaLink === 'string' && typeof parsed.until === 'number' ? (parsed as DeltaCursor) : null;
  } catch {
    return null;
  }
}

interface GraphEvent {
  id: string;
  iCalUId?: string;
  subject?: string;
  showAs?: string;
  isAllDay?: boolean;
  isCancelled?: boolean;
  /** The signed-in account's answer to the invitation (Graph's event.responseStatus). */
  responseStatus?: { response?: string };
  start?: { dateTime: string; timeZone?: string };
  end?: { dateTime: string; timeZone?: string };
  '@removed'?: { reason: string };
  '@odata.etag'?: string;
  singleValueExtendedProperties?: Array<{ id: string; value: string }>;
}

interface DeltaPage {
  value: GraphEvent[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/** Graph times come as UTC wall times without an offset (we ask for outlook.timezone="UTC"). */
const utc = (dateTime: string | undefined) => (dateTime ? Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(dateTime) ? dateTime : `${dateTime}Z`) : Number.NaN);

/** The date of a Graph wall time ("2026-12-09T00:00:00.0000000") at midnight in `zone`. */
const midnight = (dateTime: string | undefined, zone: string) => (dateTime ? DateTime.fromISO(dateTime.slice(0, 10), { zone }).toMillis() : Number.NaN);

/**
 * A Graph event as a RemoteEvent; free, working-elsewhere and declined events do not block.
 * An all-day event comes midnight to midnight whatever zone is asked for, with none of its own
 * (by design at Microsoft): its dates are days in `allDayZone`, the host's.
 */
export function fromGraphEvent(e: GraphEvent, allDayZone = 'UTC'): RemoteEvent | null {
  const read = e.isAllDay ? (t: string | undefined) => midnight(t, allDayZone) : utc;
  const start = read(e.start?.dateTime);
  const end = read(e.end?.dateTime);
  if (!Number.isFinite(start) || !Number.isFinite(end)) return null;
  const ours = e.singleValueExtendedProperties?.find((p) => p.id.toLowerCase() === UID_PROPERTY.toLowerCase())?.value;
  return {
    externalId: e.id,
    icalUid: ours ?? e.iCalUId ?? null,
    etag: e['@odata.etag'] ?? null,
    summary: e.subject ?? null,
    status: e.isCancelled ? 'cancelled' : e.showAs === 'tentative' ? 'tentative' : 'confirmed',
    transparency: e.showAs === 'free' || e.showAs === 'workingElsewhere' || e.responseStatus?.response === 'declined' ? 'transparent' : 'opaque',
    start,
    end,
    timezone: e.isAllDay ? allDayZone : 'UTC',
    recurrence: null,
  };
}

/**
 * The event as Graph takes it. The people are named in the body, not listed as attendees: for an
 * event with attendees, Exchange e-mails each of them an invitation of its own (and an update or
 * a cancellation on every change), with another UID than Yava's invite, so invitees would get every
 * message twice and the meeting twice in their calendar. Graph has no way to turn that off.
 */
function toGraphEvent(event: OutboundEvent) {
  const people = event.attendees.map((a) => `${a.name} <${a.email}>`).join(', ');
  return {
    subject: event.title,
    body: { contentType: 'text', content: people ? `${event.description}\n\nWith: ${people}` : event.description },
    start: { dateTime: new Date(event.start).toISOString().replace('Z', ''), timeZone: 'UTC' },
    end: { dateTime: new Date(event.end).toISOString().replace('Z', ''), timeZone: 'UTC' },
    location: event.location ? { displayName: event.location } : undefined,
    showAs: 'busy',
    singleValueExtendedProperties: [{ id: UID_PROPERTY, value: event.icalUid }],
  };
}

/**
 * One calendarView/delta sync: from the stored delta link, or a full sync over `window` when
 * there is none or its range has fallen a week behind the window.
 */
async function syncDelta(
  deltaPage: (link: string, full: boolean) => Promise<DeltaPage>,
  calendar: { externalId: string; cursor: string | null },
  window: { start: number; end: number },
  allDayZone: string,
): Promise<SyncBatch> {
  const stored = readCursor(calendar.cursor);
  // A range left behind by the moving window starts afresh (a full sync) rather than going blind ahead.
  const resume = stored && stored.until >= window.end - REBASE_AFTER_MS ? stored : null;
  const full = !resume;
  const first = resume?.deltaLink ?? `/me/calendars/${encodeURIComponent(calendar.externalId)}/calendarView/delta?startDateTime=${new Date(window.start).toISOString()}&endDateTime=${new Date(window.end).toISOString()}`;
  const until = resume?.until ?? window.end;
  const events: RemoteEvent[] = [];
  const deletedIds: string[] = [];
  let link: string | undefined = first;
  let deltaLink: string | null = null;
  for (let page = 0; link && page < 1000; page++) {
    const data = await deltaPage(link, full);
    for (const item of data.value ?? []) {
      const event = item['@removed'] ? null : fromGraphEvent(item, allDayZone);
      if (event) events.push(event);
      else deletedIds.push(item.id);
    }
    link = data['@odata.nextLink'];
    deltaLink = data['@odata.deltaLink'] ?? deltaLink;
  }
  const cursor = deltaLink ? JSON.stringify({ deltaLink, until } satisfies DeltaCursor) : null;
  return { events, deletedIds, cursor, full, seenUntil: until };
}

export interface OpenMicrosoftSessionOptions {
  /** The host's IANA zone: all-day events are days in it. */
  hostZone?: string;
}

export async function openMicrosoftSession(settings: MicrosoftSettings, credentials: OAuthCredentials, saveTokens: (c: OAuthCredentials) => Promise<void>, options: OpenMicrosoftSessionOptions = {}): Promise<CalendarSession> {
  let current = credentials;
  let refreshedAfterRefusal = false;
  const refresh = async () => {
    current = await refreshMicrosoftTokens(settings, current);
    await saveTokens(current);
  };
  const getAccessToken = async () => {
    if (current.expiresAt !== null && current.expiresAt - REFRESH_MARGIN_MS < Date.now()) await refresh();
    return current.accessToken;
  };
  const graph = createGraphClient(settings, getAccessToken);
  // Refresh up front, so a revoked grant shows as GrantRevokedError before anything else.
  await getAccessToken();
  const prefer = ['outlook.timezone="UTC"', 'odata.maxpagesize=200'];

  /**
   * Runs a Graph call. A 401 (the token was revoked or is otherwise refused before it expires)
   * refreshes the token once per session and retries; a refused refresh, or a 401 after that
   * refresh, throws GrantRevokedError.
   */
  async function call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (graphStatus(error) !== 401) throw error;
      if (refreshedAfterRefusal) throw new GrantRevokedError('Outlook refused the access token it had just refreshed (401)');
      refreshedAfterRefusal = true;
      await refresh();
      return call(run);
    }
  }

  async function deltaPage(link: string, full: boolean): Promise<DeltaPage> {
    try {
      return (await call(() => graph.api(link).header('Prefer', prefer.join(', ')).get())) as DeltaPage;
    } catch (error) {
      if (!full && graphStatus(error) === 410) throw new SyncCursorExpiredError();
      if (graphStatus(error) === 404) throw new CalendarGoneError('Outlook has no such calendar any more (404)');
      throw error;
    }
  }

  return {
    async listCalendars() {
      const { value } = (await call(() => graph.api('/me/calendars').select('id,name,isDefaultCalendar,canEdit').top(100).get())) as { value: Array<{ id: string; name: string; isDefaultCalendar?: boolean; canEdit?: boolean }> };
      return value.map((c) => ({ externalId: c.id, name: c.name, isPrimary: Boolean(c.isDefaultCalendar), timezone: null, canWrite: c.canEdit !== false }));
    },

    syncEvents: (calendar, window) => syncDelta(deltaPage, calendar, window, options.hostZone ?? 'UTC'),

    async findEvent(calendarId, icalUid) {
      const filter = `singleValueExtendedProperties/Any(ep: ep/id eq '${UID_PROPERTY}' and ep/value eq '${icalUid.replace(/'/g, "''")}')`;
      const { value } = (await call(() => graph.api(`/me/calendars/${encodeURIComponent(calendarId)}/events`).filter(filter).select('id').top(5).get())) as { value: GraphEvent[] };
      return value[0] ? { externalId: value[0].id, etag: value[0]['@odata.etag'] ?? null } : null;
    },

    async createEvent(calendarId, event) {
      const created = (await call(() => graph.api(`/me/calendars/${encodeURIComponent(calendarId)}/events`).post({ ...toGraphEvent(event), transactionId: event.icalUid }))) as GraphEvent;
      return { externalId: created.id, etag: created['@odata.etag'] ?? null };
    },

    async updateEvent(_calendarId, externalId, event) {
      const { singleValueExtendedProperties: _p, ...patch } = toGraphEvent(event);
      const updated = (await call(() => graph.api(`/me/events/${encodeURIComponent(externalId)}`).patch(patch))) as GraphEvent;
      return { externalId: updated.id ?? externalId, etag: updated['@odata.etag'] ?? null };
    },

    async deleteEvent(_calendarId, externalId) {
      try {
        await call(() => graph.api(`/me/events/${encodeURIComponent(externalId)}`).delete());
      } catch (error) {
        const status = graphStatus(error);
        if (status !== 404 && status !== 410) throw error;
      }
    },

    async watch(calendarId, options) {
      const expirationDateTime = new Date(Date.now() + options.ttlSeconds * 1000).toISOString();
      const sub = (await call(() => graph.api('/subscriptions').post({ changeType: 'created,updated,deleted', notificationUrl: options.address, resource: `/me/calendars/${calendarId}/events`, expirationDateTime, clientState: options.secret }))) as { id: string; expirationDateTime: string };
      return { channelId: sub.id, resourceId: null, expiresAt: Date.parse(sub.expirationDateTime) };
    },

    async stopWatch(channel) {
      try {
        await call(() => graph.api(`/subscriptions/${encodeURIComponent(channel.channelId)}`).delete());
      } catch (error) {
        if (graphStatus(error) !== 404) throw error;
      }
    },
  };
}
