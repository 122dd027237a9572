/**
 * iCalendar (RFC 5545) documents for meetings: subscription feeds and e-mail invites.
 * Pure: takes plain values (the caller passes "now"), returns text. Times are written in
 * UTC (`DTSTART:20261130T140000Z`), which every calendar program places correctly in its
 * own zone; no VTIMEZONE is needed.
 */
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

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
  status: 'pending' | 'scheduled' | 'canceled' | 'rejected' | 'completed' | 'no_show';
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
  /** Suggested refresh interval for subscribed calendars (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
  refreshSeconds?: number;
  url?: string;
}

const PROD_ID = { company: 'Yava', product: 'Yava Scheduling', language: 'EN' };

/** Whether the meeting should show as cancelled (STATUS:CANCELLED) in calendars. */
export function isCancelledStatus(status: IcsMeeting['status']): boolean {
  return status === 'canceled' || status === 'rejected';
}

function eventStatus(meeting: IcsMeeting, method?: IcsMethod): ICalEventStatus {
  if (method === 'CANCEL' || isCancelledStatus(meeting.status)) return ICalEventStatus.CANCELLED;
  if (meeting.status === 'pending') return ICalEventStatus.TENTATIVE;
  return ICalEventStatus.CONFIRMED;
}

/**
 * An iCalendar document with one VEVENT per meeting.
 *
 * - `method: 'REQUEST'` is an invite or an update (same UID, higher SEQUENCE);
 *   `method: 'CANCEL'` cancels (STATUS:CANCELLED, same UID and SEQUENCE).
 * - Without a method it is a feed: cancelled meetings stay in it with STATUS:CANCELLED so
 *   subscribed calendars remove them.
 *
 * @example buildCalendar([meeting], { name: 'Ada (Yava)', refreshSeconds: 900 })
 */
export function buildCalendar(meetings: IcsMeeting[], options: BuildCalendarOptions): string {
  const calendar = ical({ prodId: PROD_ID, name: options.name, url: options.url ?? null });
  if (options.method) calendar.method(ICalCalendarMethod[options.method]);
  if (options.refreshSeconds) calendar.ttl(options.refreshSeconds);
  for (const meeting of meetings) {
    const status = eventStatus(meeting, options.method);
    const event = calendar.createEvent({
      id: meeting.uid,
      sequence: meeting.sequence,
      start: meeting.start,
      end: meeting.end,
      stamp: options.method ? (options.now ?? meeting.updatedAt) : meeting.updatedAt,
      created: meeting.createdAt ?? null,
      lastModified: meeting.updatedAt,
      summary: meeting.title,
      description: meeting.description ?? null,
      location: meeting.location ?? null,
      url: meeting.url ?? null,
      status,
      organizer: { name: meeting.organizer.name, email: meeting.organizer.email },
    });
    for (const person of meeting.attendees) {
      event.createAttendee({
        name: person.name,
        email: person.email,
        role: ICalAttendeeRole.REQ,
        status: status === ICalEventStatus.CANCELLED ? ICalAttendeeStatus.DECLINED : status === ICalEventStatus.TENTATIVE ? ICalAttendeeStatus.TENTATIVE : ICalAttendeeStatus.ACCEPTED,
      });
    }
  }
  return calendar.toString();
}

/** A "Add to Google Calendar" link for a meeting (their documented `render?action=TEMPLATE` URL). */
export function googleCalendarLink(meeting: Pick<IcsMeeting, 'title' | 'start' | 'end' | 'description' | 'location'>): string {
  const fmt = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const params = new URLSearchParams({ action: 'TEMPLATE', text: meeting.title, dates: `${fmt(meeting.start)}/${fmt(meeting.end)}` });
  if (meeting.description) params.set('details', meeting.description);
  if (meeting.location) params.set('location', meeting.location);
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}
