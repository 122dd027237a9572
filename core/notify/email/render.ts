/**
 * The words of booking e-mails: subject, plain text and HTML, with times in the
 * recipient's own zone. Pure: the caller passes everything in.
 */
import { DateTime } from 'luxon';
import { formatWallClockTime } from '../../time/wallClock.js';
import { html, type SafeHtml } from '../html.js';
import { reasonShownTo, type BookingChange } from '../types.js';
import type { EmailBrand } from '../meetingSnapshot.js';
import { listNames, peopleSeenBy, withNames, type EmailPerson, type MeetingPeople } from './people.js';

export interface EmailMeeting extends MeetingPeople {
  id: string;
  title: string;
  start: Date;
  end: Date;
  location: string | null;
  notes: string | null;
  /** How a recurring meeting repeats ("every week, 6 times"); absent for a one-off. */
  recurrence?: string | null;
  /** The meetings of a series the e-mail is about when it names several (some canceled): each is listed under "When". */
  occurrences?: ReadonlyArray<{ start: Date; end: Date }>;
}

export interface EmailRecipient {
  name: string;
  email: string;
  timezone: string;
  /** former_host: a host a reassignment took the meeting from (told it is off their calendar). */
  role: 'attendee' | 'host' | 'former_host';
}

export interface EmailLinks {
  /** The meeting summary page (with the attendee's token when known). */
  manage?: string;
  reschedule?: string;
  cancel?: string;
  /** The attendee's own join link (group sessions: /j/<token>, redirects to the meeting place). */
  join?: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface RenderBookingEmailOptions {
  change: Pick<BookingChange, 'type' | 'reason' | 'previousStart' | 'previousEnd' | 'previousHosts'>;
  meeting: EmailMeeting;
  recipient: EmailRecipient;
  links: EmailLinks;
  /** How a host approves a pending request (CLI command, API call). */
  approveHint?: string;
  /** The host's or team's look: logo on top, links in the brand colour, and their name signing off when Yava's branding is hidden. */
  brand?: EmailBrand;
  /** Whether an invite (.ics) goes with the e-mail; without one (a request), no line speaks of it. Default: true. */
  hasInvite?: boolean;
}

/** "Monday, 30 November 2026, 15:00–15:30 (Europe/Berlin)" in the given zone; a time that happens twice that day names its offset ("02:00 CET"). */
export function formatMeetingTime(start: Date, end: Date, zone: string): string {
  const s = DateTime.fromJSDate(start, { zone }).setLocale('en-GB');
  const e = DateTime.fromJSDate(end, { zone }).setLocale('en-GB');
  const sameDay = s.toISODate() === e.toISODate();
  const day = s.toFormat('cccc, d LLLL yyyy');
  const [from, to] = [formatWallClockTime(s), formatWallClockTime(e)];
  return sameDay ? `${day}, ${from}–${to} (${zone})` : `${day}, ${from} – ${e.toFormat('cccc, d LLLL yyyy')}, ${to} (${zone})`;
}

/**
 * One instant as notices write it, in the reader's zone: "Tuesday, 1 December 2026, 11:00
 * (Europe/Berlin)" (a time the autumn change repeats names its offset, as formatMeetingTime does).
 */
export function formatNoticeInstant(at: Date, zone: string): string {
  const t = DateTime.fromJSDate(at, { zone }).setLocale('en-GB');
  return `${t.toFormat('cccc, d LLLL yyyy')}, ${formatWallClockTime(t)} (${zone})`;
}

function headline(options: RenderBookingEmailOptions): { subject: string; lead: string } {
  const { change, meeting, recipient } = options;
  const seen = peopleSeenBy(meeting, recipient);
  const title = meeting.title;
  const withOthers = withNames(seen.others);
  const hosts = seen.otherHosts.length ? listNames(seen.otherHosts) : 'the host';
  // Who asked for it, as the host reads it: the booker, else everyone else.
  const asker = seen.booker ? listNames([seen.booker]) : listNames(seen.others) || 'Someone';
  const you = listNames([{ name: 'you', email: recipient.email }, ...seen.others.filter((p) => p !== seen.booker)]);
  const hostView = recipient.role === 'host' && !seen.isBooker;
  switch (change.type) {
    case 'created':
      return hostView
        ? { subject: `New meeting: ${title}${withOthers}`, lead: seen.booker ? `${asker} booked ${title} with ${you}.` : `${title}${withOthers} was booked for you.` }
        : { subject: `Confirmed: ${title}${withOthers}`, lead: `Your meeting${withOthers} is confirmed.` };
    case 'requested':
      return hostView
        ? { subject: `Approval needed: ${title}${withOthers}`, lead: `${asker} asked to book ${title} with you. It is pending until you approve it.` }
        : { subject: `Requested: ${title}${withOthers}`, lead: `Your request is waiting for ${hosts} to approve it. We will write again when they do.` };
    case 'approved':
      return { subject: `Confirmed: ${title}${withOthers}`, lead: `The meeting${withOthers} is approved and confirmed.` };
    case 'rescheduled':
      return { subject: `Rescheduled: ${title}${withOthers}`, lead: `The meeting${withOthers} has a new time.` };
    case 'canceled': {
      const n = meeting.occurrences?.length ?? 1;
      if (n > 1) return { subject: `Canceled: ${title}${withOthers} (${n} meetings)`, lead: `${n} meetings of the series${withOthers} were canceled; the rest of the series stays.` };
      return { subject: `Canceled: ${title}${withOthers}`, lead: `The meeting${withOthers} was canceled.` };
    }
    case 'declined':
      return { subject: `Declined: ${title}${withOthers}`, lead: hostView ? `You declined the request from ${asker}.` : `${hosts[0]!.toUpperCase()}${hosts.slice(1)} declined your request.` };
    case 'no_show':
      return { subject: `No-show: ${title}${withOthers}`, lead: `The meeting${withOthers} was marked as a no-show.` };
    case 'reassigned':
      return reassignedHeadline(options, seen.others);
    case 'conference_added':
      return { subject: `Video link: ${title}${withOthers}`, lead: `The meeting${withOthers} has its video link now: it is below and in the attached invite. The time is unchanged.` };
  }
}

/** A reassignment, as the new host, the former host and the invitees read it; the time is unchanged. */
function reassignedHeadline({ change, meeting, recipient }: RenderBookingEmailOptions, others: EmailPerson[]): { subject: string; lead: string } {
  const title = meeting.title;
  const now = listNames(meeting.hosts);
  const before = listNames(change.previousHosts ?? []);
  if (recipient.role === 'former_host') {
    const guests = withNames(meeting.attendees);
    return { subject: `Reassigned: ${title}${guests}`, lead: `${title}${guests} is now hosted by ${now}, so it is off your calendar. The time is unchanged.` };
  }
  if (recipient.role === 'host') return { subject: `Assigned to you: ${title}${withNames(others)}`, lead: `${title}${withNames(others)} is now yours to host${before ? ` (it was with ${before})` : ''}. The time is unchanged.` };
  return { subject: `New host: ${title}${withNames(others)}`, lead: `Your meeting is now with ${now}${before ? ` instead of ${before}` : ''}. The time is unchanged.` };
}

/** Attendees of a group session see neither each other nor the session's notes (its first booker's words). */
const isGroupAttendee = (meeting: EmailMeeting, recipient: EmailRecipient) => meeting.kind === 'group' && recipient.role === 'attendee';

/** The "Hosts", "Invitees" (or "Who" for a meeting of hosts only) and "Booked by" rows. */
function peopleRows(meeting: EmailMeeting, recipient: EmailRecipient): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  if (!meeting.attendees.length) {
    rows.push(['Who', listNames(meeting.hosts)]);
    if (meeting.bookedBy) rows.push(['Booked by', listNames([meeting.bookedBy])]);
    return rows;
  }
  rows.push([meeting.hosts.length === 1 ? 'Host' : 'Hosts', listNames(meeting.hosts)]);
  if (isGroupAttendee(meeting, recipient)) return rows;
  rows.push([meeting.attendees.length === 1 ? 'Invitee' : 'Invitees', listNames(meeting.attendees)]);
  return rows;
}

/**
 * Renders one booking e-mail for one recipient.
 *
 * Times are shown in `recipient.timezone`; a reschedule also shows the previous time.
 * Every user-supplied value (names, title, notes, reason) is escaped in the HTML part.
 */
export function renderBookingEmail(options: RenderBookingEmailOptions): RenderedEmail {
  const { change, meeting, recipient, links } = options;
  const { subject, lead } = headline(options);
  const several = (meeting.occurrences?.length ?? 0) > 1;
  const when = several ? meeting.occurrences!.map((o) => formatMeetingTime(o.start, o.end, recipient.timezone)).join('; ') : formatMeetingTime(meeting.start, meeting.end, recipient.timezone);
  const previous = change.type === 'rescheduled' && change.previousStart && change.previousEnd ? formatMeetingTime(new Date(change.previousStart), new Date(change.previousEnd), recipient.timezone) : null;
  // A former host's copy is a cancellation for them: no links, and the invite removes the event.
  const canceled = change.type === 'canceled' || change.type === 'declined' || recipient.role === 'former_host';
  const reason = reasonShownTo(change, recipient.role !== 'attendee');
  const rows: Array<[string, string]> = [
    ['What', meeting.title],
    ['When', when],
    ...(previous ? ([['Was', previous]] as Array<[string, string]>) : []),
    ...(meeting.recurrence ? ([['Repeats', meeting.recurrence]] as Array<[string, string]>) : []),
    ...peopleRows(meeting, recipient),
    ...(meeting.location ? ([['Where', meeting.location]] as Array<[string, string]>) : []),
    ...(meeting.notes && !isGroupAttendee(meeting, recipient) ? ([['Notes', meeting.notes]] as Array<[string, string]>) : []),
    ...(reason ? ([['Reason', reason]] as Array<[string, string]>) : []),
  ];
  const actions: Array<[string, string]> = [];
  if (!canceled) {
    if (links.join) actions.push(['Join', links.join]);
    if (links.manage) actions.push(['View meeting', links.manage]);
    if (links.reschedule) actions.push(['Reschedule', links.reschedule]);
    if (links.cancel) actions.push(['Cancel', links.cancel]);
  }
  const approve = change.type === 'requested' && recipient.role === 'host' && options.approveHint ? options.approveHint : null;
  const brand = options.brand;
  const accent = brand?.color && /^#[0-9a-f]{6}$/i.test(brand.color) ? brand.color : '#0b57d0';
  const signOff = brand?.hideBranding ? brand.name : 'Yava';
  const calendarLine = options.hasInvite === false ? '' : canceled ? `The attached invite removes ${several ? 'them' : 'it'} from your calendar.` : 'The attached invite adds it to your calendar.';

  const text = [
    `Hello ${recipient.name},`,
    '',
    lead,
    '',
    ...rows.map(([k, v]) => `${k}: ${v}`),
    ...(approve ? ['', approve] : []),
    ...(actions.length ? ['', ...actions.map(([k, v]) => `${k}: ${v}`)] : []),
    ...(calendarLine ? ['', calendarLine] : []),
    '',
    `— ${signOff}`,
  ].join('\n');

  const body: SafeHtml = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1a1a1a;line-height:1.5;max-width:36rem;margin:0 auto;padding:1rem">
${brand?.logoUrl ? html`<p><img src="${brand.logoUrl}" alt="${brand.name}" height="40" style="max-height:40px"></p>` : ''}
<p>Hello ${recipient.name},</p>
<p>${lead}</p>
<table role="presentation" style="border-collapse:collapse">
${rows.map(([k, v]) => html`<tr><th scope="row" style="text-align:left;padding:.25rem 1rem .25rem 0;vertical-align:top">${k}</th><td style="padding:.25rem 0">${v}</td></tr>`)}
</table>
${approve ? html`<p>${approve}</p>` : ''}
${actions.length ? html`<p>${actions.map(([k, v]) => html`<a href="${v}" style="display:inline-block;margin:0 .75rem .5rem 0;color:${accent}">${k}</a>`)}</p>` : ''}
${calendarLine ? html`<p style="color:#555">${calendarLine}</p>` : ''}
<p style="color:#555">— ${signOff}</p>
</body></html>`;
  return { subject, text, html: body.value };
}
