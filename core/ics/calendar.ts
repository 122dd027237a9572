/**
 * iCalendar (RFC 5545) documents for meetings: subscription feeds and e-mail invites.
 * Pure: takes plain values (the caller passes "now"), returns text. Times are written in
 * UTC (`DTSTART:20261130T140000Z`), which every calendar program places correctly in its
 * own zone; no VTIMEZONE is needed.
 */
import { componentLine, contentLine, utcDateTime } from './writer.js';

export type IcsMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

export interface IcsPerson {
  name: string;
  email: string;
}

export interface IcsMeeting {
  /** Stable for the meeting's whole life (bookings.ical_uid). */
  uid: string;
  /** Incremented on each reschedule (bookings.sequence). */
  sequence: number;
  status: 'pending' | 'pending_payment' | 'scheduled' | 'canceled' | 'rejected' | 'completed' | 'no_show';
  title: string;
  description?: string | null;
  location?: string | null;
  start: Date;
  end: Date;
  organizer: IcsPerson;
  attendees: IcsPerson[];
  url?: string | null;
  createdAt?: Date;
  /** The last change; used as DTSTAMP in feeds (no METHOD), where it means LAST-MODIFIED. */
  updatedAt: Date;
}

export interface BuildCalendarOptions {
  name: string;
  /** iTIP method for invites; omitted for a subscription feed. */
  method?: IcsMethod;
  /** DTSTAMP for invites (the time the message is created). Feeds use each meeting's updatedAt. */
  now?: Date;
  /** Components written as they are after the meetings (a series' VTIMEZONE and VEVENTs, core/ics/series.ts). */
  components?: string[];
  /** Suggested refresh interval for subscribed calendars (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
  refreshSeconds?: number;
  url?: string;
  /**
   * 'CLIENT' for an event stored on a CalDAV server: its attendees are then ours to invite
   * (RFC 6638 SCHEDULE-AGENT), so a scheduling server does not e-mail them invitations too.
   */
  scheduleAgent?: 'CLIENT';
}

const PROD_ID = '-//Yava//Yava Scheduling//EN';

/** Whether the meeting should show as cancelled (STATUS:CANCELLED) in calendars. */
export function isCancelledStatus(status: IcsMeeting['status']): boolean {
  return status === 'canceled' || status === 'rejected';
}

type EventStatus = 'CANCELLED' | 'TENTATIVE' | 'CONFIRMED';

function eventStatus(meeting: IcsMeeting, method?: IcsMethod): EventStatus {
  if (method === 'CANCEL' || isCancelledStatus(meeting.status)) return 'CANCELLED';
  if (meeting.status === 'pending' || meeting.status === 'pending_payment') return 'TENTATIVE';
  return 'CONFIRMED';
}

const PARTSTAT: Record<EventStatus, string> = { CANCELLED: 'DECLINED', TENTATIVE: 'TENTATIVE', CONFIRMED: 'ACCEPTED' };

/** iCalendar's duration for a whole number of seconds, e.g. PT15M. */
function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

function eventLines(meeting: IcsMeeting, options: BuildCalendarOptions): string[] {
  const timing = [contentLine('DTSTART', {}, utcDateTime(meeting.start)), contentLine('DTEND', {}, utcDateTime(meeting.end))];
  return [componentLine('BEGIN', 'VEVENT'), ...eventBodyLines(meeting, options, timing), componentLine('END', 'VEVENT')];
}

/**
 * The properties of one VEVENT (without BEGIN/END): UID, SEQUENCE, DTSTAMP, then `timing`
 * (DTSTART/DTEND, and RRULE, EXDATE or RECURRENCE-ID for a series), then the rest.
 */
export function eventBodyLines(meeting: IcsMeeting, options: Pick<BuildCalendarOptions, 'method' | 'now' | 'scheduleAgent'>, timing: string[]): string[] {
  const status = eventStatus(meeting, options.method);
  const lines = [
    contentLine('UID', {}, { text: meeting.uid }),
    contentLine('SEQUENCE', {}, { raw: String(Math.trunc(meeting.sequence)) }),
    contentLine('DTSTAMP', {}, utcDateTime(options.method ? (options.now ?? meeting.updatedAt) : meeting.updatedAt)),
    ...timing,
    contentLine('SUMMARY', {}, { line: meeting.title }),
  ];
  if (meeting.location) lines.push(contentLine('LOCATION', {}, { line: meeting.location }));
  if (meeting.description) lines.push(contentLine('DESCRIPTION', {}, { text: meeting.description }));
  lines.push(contentLine('ORGANIZER', { CN: meeting.organizer.name }, { uri: `mailto:${meeting.organizer.email}` }));
  const agent: Record<string, { raw: string }> = options.scheduleAgent ? { 'SCHEDULE-AGENT': { raw: options.scheduleAgent } } : {};
  for (const person of meeting.attendees) {
    lines.push(contentLine('ATTENDEE', { ROLE: { raw: 'REQ-PARTICIPANT' }, PARTSTAT: { raw: PARTSTAT[status] }, CN: person.name, ...agent }, { uri: `mailto:${person.email}` }));
  }
  if (meeting.url) lines.push(contentLine('URL', { VALUE: { raw: 'URI' } }, { uri: meeting.url }));
  lines.push(contentLine('STATUS', {}, { raw: status }));
  if (meeting.createdAt) lines.push(contentLine('CREATED', {}, utcDateTime(meeting.createdAt)));
  lines.push(contentLine('LAST-MODIFIED', {}, utcDateTime(meeting.updatedAt)));
  return lines;
}

/**
 * An iCalendar document with one VEVENT per meeting, written through the escaping and
 * folding writer (core/ics/writer.ts), so no title, name or calendar name can inject
 * lines of its own.
 *
 * - `method: 'REQUEST'` is an invite or an update (same UID, higher SEQUENCE);
 *   `method: 'CANCEL'` cancels (STATUS:CANCELLED, same UID and SEQUENCE).
 * - Without a method it is a feed: cancelled meetings stay in it with STATUS:CANCELLED so
 *   subscribed calendars remove them.
 *
 * @example buildCalendar([meeting], { name: 'Ada (Yava)', refreshSeconds: 900 })
 */
export function buildCalendar(meetings: IcsMeeting[], options: BuildCalendarOptions): string {
  const lines = calendarHeadLines(options);
  for (const meeting of meetings) lines.push(...eventLines(meeting, options));
  lines.push(...(options.components ?? []), componentLine('END', 'VCALENDAR'));
  return lines.join('');
}

/** BEGIN:VCALENDAR and the calendar's own properties (method, name, refresh interval). */
export function calendarHeadLines(options: BuildCalendarOptions): string[] {
  const lines = [componentLine('BEGIN', 'VCALENDAR'), contentLine('VERSION', {}, { raw: '2.0' }), contentLine('PRODID', {}, { text: PROD_ID })];
  if (options.method) lines.push(contentLine('METHOD', {}, { raw: options.method }));
  if (options.url) lines.push(contentLine('URL', {}, { uri: options.url }));
  lines.push(contentLine('NAME', {}, { line: options.name }), contentLine('X-WR-CALNAME', {}, { line: options.name }));
  if (options.refreshSeconds) {
    const every = duration(Math.round(options.refreshSeconds));
    lines.push(contentLine('REFRESH-INTERVAL', { VALUE: { raw: 'DURATION' } }, { raw: every }), contentLine('X-PUBLISHED-TTL', {}, { raw: every }));
  }
  return lines;
}

/** A "Add to Google Calendar" link for a meeting (their documented `render?action=TEMPLATE` URL). */
export function googleCalendarLink(meeting: Pick<IcsMeeting, 'title' | 'start' | 'end' | 'description' | 'location'>): string {
  const fmt = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const params = new URLSearchParams({ action: 'TEMPLATE', text: meeting.title, dates: `${fmt(meeting.start)}/${fmt(meeting.end)}` });
  if (meeting.description) params.set('details', meeting.description);
  if (meeting.location) params.set('location', meeting.location);
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}
