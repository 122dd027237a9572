/**
 * The calendar port: what Yava needs from a calendar provider (Google, Microsoft Graph,
 * CalDAV), in plain values. Adapters in core/calendars/{google,microsoft,caldav} wrap each
 * official client. Instants are epoch milliseconds; intervals are half-open [start, end).
 */
export type ProviderName = 'google' | 'microsoft' | 'caldav';
export const PROVIDERS: readonly ProviderName[] = ['google', 'microsoft', 'caldav'];

export type ConnectionStatus = 'active' | 'needs_reconnect';

/** OAuth tokens (Google, Microsoft). */
export interface OAuthCredentials {
  kind: 'oauth';
  accessToken: string;
  refreshToken: string | null;
  /** Epoch ms. */
  expiresAt: number | null;
}

/** CalDAV server URL, username and app password. */
export interface CalDavCredentials {
  kind: 'caldav';
  url: string;
  username: string;
  password: string;
}

export type Credentials = OAuthCredentials | CalDavCredentials;

export interface RemoteCalendar {
  externalId: string;
  name: string;
  isPrimary: boolean;
  timezone: string | null;
  /** False for read-only calendars (holidays, shared): they can block time but not take bookings. */
  canWrite: boolean;
}

export type RemoteEventStatus = 'confirmed' | 'tentative' | 'cancelled';

/** One event as the provider has it. A recurring one carries its rule; it is expanded by us, in its zone. */
export interface RemoteEvent {
  externalId: string;
  icalUid: string | null;
  etag: string | null;
  summary: string | null;
  status: RemoteEventStatus;
  /** Whether it blocks the account's time: 'transparent' for free events and for invitations the account declined. */
  transparency: 'opaque' | 'transparent';
  start: number;
  end: number;
  /** IANA zone the event's wall-clock times (and so its recurrence) live in. */
  timezone: string;
  /** RRULE / EXDATE lines (RFC 5545), or null for a single event. */
  recurrence: string[] | null;
  /** Occurrences of this recurring event that were moved or canceled (CalDAV RECURRENCE-ID). */
  /** Moved, canceled or changed occurrences; `transparency`: that occurrence's own (one occurrence declined or marked free). */
  overrides?: Array<{ originalStart: number; start: number; end: number; status: RemoteEventStatus; transparency?: 'opaque' | 'transparent' }>;
  /** For a single changed occurrence sent on its own (Google): the series it belongs to and its original start. */
  series?: { externalId: string; originalStart: number };
}

/** What one sync call found: changed events, deleted ids, and the cursor for next time. */
export interface SyncBatch {
  events: RemoteEvent[];
  deletedIds: string[];
  cursor: string | null;
  ctag?: string | null;
  /** True when `events` is the calendar's whole content (replace everything stored). */
  full: boolean;
  /** The end of the range the provider reports events in, when it is bounded (Outlook's calendar view). */
  seenUntil?: number;
}

/** An event Yava writes for a booking. */
export interface OutboundEvent {
  icalUid: string;
  sequence: number;
  title: string;
  description: string;
  location: string | null;
  start: number;
  end: number;
  timezone: string;
  organizer: { name: string; email: string };
  attendees: Array<{ name: string; email: string }>;
  /** A group session: its attendees must not see who else holds a seat (as Yava's own invites show each only their own). */
  hideGuestList?: boolean;
  /** Ask the provider for a video conference (Google Meet through conferenceData); others ignore it. */
  conference?: { requestId: string } | null;
}

/** Where an outbound event lives at the provider. */
export interface WrittenEvent {
  externalId: string;
  etag: string | null;
  /** The conference's join URL, when one was asked for and made (Google Meet). */
  conferenceUrl?: string | null;
}

export interface PushChannel {
  channelId: string;
  resourceId: string | null;
  expiresAt: number;
}

/** The calendar session an adapter opens for one connection. */
export interface CalendarSession {
  listCalendars(): Promise<RemoteCalendar[]>;
  /** Changes since `cursor` (null: everything). Throws SyncCursorExpiredError when the cursor is no longer valid. */
  syncEvents(
    calendar: { externalId: string; cursor: string | null; ctag: string | null },
    window: { start: number; end: number },
  ): Promise<SyncBatch>;
  /** Finds our event by iCalUID (after a crash or timeout, the write may already be there). */
  findEvent(calendarId: string, icalUid: string): Promise<WrittenEvent | null>;
  createEvent(calendarId: string, event: OutboundEvent): Promise<WrittenEvent>;
  updateEvent(calendarId: string, externalId: string, event: OutboundEvent): Promise<WrittenEvent>;
  /** Deletes; an event already gone is not an error. */
  deleteEvent(calendarId: string, externalId: string): Promise<void>;
  /** Opens a push channel (Google watch, Graph subscription); null when the provider has none (CalDAV polls). */
  watch?(
    calendarId: string,
    options: { channelId: string; secret: string; address: string; ttlSeconds: number },
  ): Promise<PushChannel>;
  stopWatch?(channel: { channelId: string; resourceId: string | null }): Promise<void>;
  /** Revokes the grant at the provider. */
  revoke?(): Promise<void>;
}

export class SyncCursorExpiredError extends Error {
  constructor() {
    super('sync cursor expired');
    this.name = 'SyncCursorExpiredError';
  }
}

/** The calendar is gone at the provider (deleted, or the account lost access to it): it answers 404. */
export class CalendarGoneError extends Error {
  constructor(message = 'the calendar is gone from the provider') {
    super(message);
    this.name = 'CalendarGoneError';
  }
}

/** The grant was revoked or expired for good (OAuth invalid_grant, CalDAV 401): the user must reconnect. */
export class GrantRevokedError extends Error {
  constructor(message = 'the calendar account refused our credentials') {
    super(message);
    this.name = 'GrantRevokedError';
  }
}
