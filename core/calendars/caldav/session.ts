/**
 * The CalDAV adapter (tsdav): Apple iCloud, Fastmail, Nextcloud, radicale. Changes are found
 * with sync-collection (RFC 6578), skipped entirely while the collection's ctag is unchanged.
 * Our events live at `<calendar>/<iCalUID>.ics`, so a retried create finds what it made.
 */
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { DAVClient, type DAVCalendar } from 'tsdav';
import { buildCalendar } from '../../ics/calendar.js';
import { isEmailAddress } from '../../text.js';
import { parseCalendarObject } from './parseIcs.js';
import {
  CalendarGoneError,
  GrantRevokedError,
  SyncCursorExpiredError,
  type CalDavCredentials,
  type CalendarSession,
  type OutboundEvent,
  type RemoteEvent,
  type SyncBatch,
  type WrittenEvent,
} from '../types.js';

const TIMEOUT_MS = 15_000;

function httpStatus(error: unknown): number | null {
  const m = /returned (\d{3})|status (\d{3})/.exec((error as Error)?.message ?? '');
  return m ? Number(m[1] ?? m[2]) : null;
}

/** What every CalDAV call needs: the logged-in client, the account's credentials, and the host's zone. */
interface CalDavConnection {
  client: DAVClient;
  credentials: CalDavCredentials;
  timedFetch: typeof fetch;
  authHeader: string;
  hostZone: string;
  /** The account's own addresses (lower case, no mailto:), where known for sure. */
  selfAddresses: string[];
}

export interface OpenCalDavSessionOptions {
  /** The host's IANA zone: all-day dates and floating times of calendars without a CALDAV:calendar-timezone live in it. */
  hostZone?: string;
  fetch?: typeof fetch;
}

/**
 * The IANA zone a calendar's CALDAV:calendar-timezone (a VCALENDAR holding one VTIMEZONE)
 * names, or null when it names none luxon knows (a custom VTIMEZONE, or none at all).
 */
export function zoneOfCalendarTimezone(value: unknown): string | null {
  const text = typeof value === 'string' ? value : (value as { _cdata?: unknown } | null)?._cdata;
  if (typeof text !== 'string' || !text.includes('VTIMEZONE')) return null;
  try {
    const tzid = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid');
    return typeof tzid === 'string' && DateTime.local().setZone(tzid).isValid ? tzid : null;
  } catch {
    return null;
  }
}

const calendarFor = (url: string): DAVCalendar => ({ url }) as DAVCalendar;

const objectUrl = (calendarUrl: string, uid: string) =>
  new URL(`${encodeURIComponent(uid)}.ics`, calendarUrl.endsWith('/') ? calendarUrl : calendarUrl + '/').toString();

const absolute = (dav: CalDavConnection, href: string) => new URL(href, dav.credentials.url).toString();

/**
 * The account's own addresses: the mailto: entries of its principal's
 * CALDAV:calendar-user-address-set (RFC 6638), and its username when that is an e-mail address.
 * Servers without the property (or with only URLs in it) leave just the username, or nothing.
 */
async function selfAddressesOf(client: DAVClient, credentials: CalDavCredentials): Promise<string[]> {
  const account = client.account;
  const listed = account ? await client.fetchCalendarUserAddresses({ account }).catch(() => [] as string[]) : [];
  const mailto = listed.filter((a) => /^mailto:/i.test(a)).map((a) => a.slice('mailto:'.length));
  const username = isEmailAddress(credentials.username) ? [credentials.username] : [];
  return [...new Set([...mailto, ...username].map((a) => a.trim().toLowerCase()))];
}

/** Opens a CalDAV session: logs in (discovers the calendar home). Throws GrantRevokedError on 401/403. */
export async function openCalDavSession(
  credentials: CalDavCredentials,
  options: OpenCalDavSessionOptions = {},
): Promise<CalendarSession> {
  const fetchImpl = options.fetch ?? fetch;
  const timedFetch: typeof fetch = (input, init) =>
    fetchImpl(input, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const client = new DAVClient({
    serverUrl: credentials.url,
    credentials: { username: credentials.username, password: credentials.password },
    authMethod: 'Basic',
    defaultAccountType: 'caldav',
    fetch: timedFetch,
  } as never);
  try {
    await client.login();
  } catch (error) {
    if (/401|403|Invalid credentials/.test((error as Error).message ?? ''))
      throw new GrantRevokedError('the CalDAV server refused the username or app password');
    throw error;
  }
  const authHeader = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const dav: CalDavConnection = {
    client,
    credentials,
    timedFetch,
    authHeader,
    hostZone: options.hostZone ?? 'UTC',
    selfAddresses: await selfAddressesOf(client, credentials),
  };
  return {
    listCalendars: () => listCalendars(dav),
    syncEvents: (calendar) => syncEvents(dav, calendar),
    findEvent: (calendarUrl, icalUid) => findEvent(dav, calendarUrl, icalUid),
    createEvent: (calendarUrl, event) => put(dav, calendarUrl, event, true),
    updateEvent: (calendarUrl, _externalId, event) => put(dav, calendarUrl, event, false),
    deleteEvent: (_calendarUrl, externalId) => deleteEvent(dav, externalId),
  };
}

/** The calendar's objects (or those at `hrefs`); all-day dates and floating times are read in `zone`. */
async function fetchEvents(
  dav: CalDavConnection,
  calendarUrl: string,
  zone: string,
  hrefs?: string[],
): Promise<RemoteEvent[]> {
  if (hrefs && hrefs.length === 0) return [];
  const objects = await dav.client.fetchCalendarObjects({
    calendar: calendarFor(calendarUrl),
    ...(hrefs ? { objectUrls: hrefs.map((href) => absolute(dav, href)) } : {}),
  });
  return objects.flatMap((o) => {
    if (!o.data) return [];
    const event = parseCalendarObject(String(o.data), new URL(o.url, dav.credentials.url).pathname, o.etag ?? null, {
      fallbackZone: zone,
      selfAddresses: dav.selfAddresses,
    });
    return event ? [event] : [];
  });
}

function eventIcs(event: OutboundEvent): string {
  return buildCalendar(
    [
      {
        uid: event.icalUid,
        sequence: event.sequence,
        status: 'scheduled',
        title: event.title,
        description: event.description,
        location: event.location,
        start: new Date(event.start),
        end: new Date(event.end),
        organizer: event.organizer,
        attendees: event.attendees,
        updatedAt: new Date(),
      },
    ],
    // Yava invites the attendees itself: a scheduling server (iCloud, Fastmail, Nextcloud) must not as well.
    { name: event.title, scheduleAgent: 'CLIENT' },
  );
}

async function put(
  dav: CalDavConnection,
  calendarUrl: string,
  event: OutboundEvent,
  createOnly: boolean,
): Promise<WrittenEvent> {
  const url = objectUrl(calendarUrl, event.icalUid);
  const headers: Record<string, string> = {
    authorization: dav.authHeader,
    'content-type': 'text/calendar; charset=utf-8',
  };
  if (createOnly) headers['if-none-match'] = '*';
  const res = await dav.timedFetch(url, { method: 'PUT', headers, body: eventIcs(event) });
  if (res.status === 412 && createOnly) return put(dav, calendarUrl, event, false);
  if (!res.ok) throw new Error(`CalDAV PUT returned ${res.status}`);
  return { externalId: new URL(url).pathname, etag: res.headers.get('etag') };
}

async function listCalendars(dav: CalDavConnection) {
  const calendars = await dav.client.fetchCalendars();
  // CalDAV has no notion of a primary calendar; the first in URL order stands in for it.
  return calendars
    .filter((c) => !c.components || c.components.includes('VEVENT'))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0))
    .map((c, i) => ({
      externalId: c.url,
      name: typeof c.displayName === 'string' && c.displayName ? c.displayName : c.url,
      isPrimary: i === 0,
      timezone: zoneOfCalendarTimezone(c.timezone),
      canWrite: true,
    }));
}

/**
 * Why a calendar is missing from the account's list: CalendarGoneError when its own URL answers
 * 404 or 410 (deleted), else a plain error (a server answering oddly is not a deleted calendar).
 */
async function missingCalendarError(dav: CalDavConnection, calendarUrl: string): Promise<Error> {
  const res = await dav.timedFetch(absolute(dav, calendarUrl), {
    method: 'PROPFIND',
    headers: { authorization: dav.authHeader, depth: '0', 'content-type': 'application/xml; charset=utf-8' },
    body: '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>',
  });
  await res.arrayBuffer();
  if (res.status === 404 || res.status === 410) return new CalendarGoneError(`the CalDAV server has no such calendar any more (${res.status})`);
  return new Error(`the calendar is missing from the CalDAV server's list (PROPFIND answered ${res.status})`);
}

async function syncEvents(
  dav: CalDavConnection,
  calendar: Parameters<CalendarSession['syncEvents']>[0],
): Promise<SyncBatch> {
  const { client, credentials } = dav;
  const [current] = (await client.fetchCalendars()).filter((c) => c.url === calendar.externalId);
  if (!current) throw await missingCalendarError(dav, calendar.externalId);
  if (calendar.cursor && calendar.ctag && current.ctag === calendar.ctag)
    return { events: [], deletedIds: [], cursor: calendar.cursor, ctag: calendar.ctag, full: false };
  let responses: Awaited<ReturnType<typeof client.syncCollection>>;
  try {
    responses = await client.syncCollection({
      url: calendar.externalId,
      props: { 'd:getetag': {} },
      syncLevel: 1,
      syncToken: calendar.cursor ?? undefined,
    });
  } catch (error) {
    const status = httpStatus(error);
    if (calendar.cursor && (status === 403 || status === 409)) throw new SyncCursorExpiredError();
    throw error;
  }
  const raw = (responses[0]?.raw as { multistatus?: { syncToken?: string } } | undefined)?.multistatus;
  const cursor = raw?.syncToken ?? current.syncToken ?? null;
  if (calendar.cursor && responses.some((r) => r.status === 403 || r.status === 409))
    throw new SyncCursorExpiredError();
  const entries = responses.filter((r) => r.href && r.href.endsWith('.ics'));
  const deleted = entries
    .filter((r) => r.status === 404 || !r.props?.getetag)
    .map((r) => new URL(r.href!, credentials.url).pathname);
  const changed = entries.filter((r) => r.status !== 404 && r.props?.getetag).map((r) => r.href!);
  const full = !calendar.cursor;
  const zone = zoneOfCalendarTimezone(current.timezone) ?? dav.hostZone;
  const events = full
    ? await fetchEvents(dav, calendar.externalId, zone)
    : await fetchEvents(dav, calendar.externalId, zone, changed);
  return { events, deletedIds: full ? [] : deleted, cursor, ctag: current.ctag ?? null, full };
}

async function findEvent(dav: CalDavConnection, calendarUrl: string, icalUid: string): Promise<WrittenEvent | null> {
  const res = await dav.timedFetch(objectUrl(calendarUrl, icalUid), {
    method: 'GET',
    headers: { authorization: dav.authHeader },
  });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`CalDAV GET returned ${res.status}`);
  await res.arrayBuffer();
  return { externalId: new URL(objectUrl(calendarUrl, icalUid)).pathname, etag: res.headers.get('etag') };
}

async function deleteEvent(dav: CalDavConnection, externalId: string): Promise<void> {
  const res = await dav.timedFetch(absolute(dav, externalId), {
    method: 'DELETE',
    headers: { authorization: dav.authHeader },
  });
  if (!res.ok && res.status !== 404 && res.status !== 410) throw new Error(`CalDAV DELETE returned ${res.status}`);
}
