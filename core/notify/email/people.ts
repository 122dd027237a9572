/**
 * Who a booking e-mail speaks of, seen from one recipient: the other people in the meeting
 * and who booked it. Every kind of meeting goes through here — one-on-one and round-robin
 * (one host, one invitee), collective (several hosts), group (several invitees who do not
 * see each other) and ad-hoc (only hosts, one of whom booked it) — so no template ever says
 * "with " and nothing.
 */

export type EmailMeetingKind = 'one_on_one' | 'collective' | 'round_robin' | 'group' | 'ad_hoc';

export interface EmailPerson {
  name: string;
  email: string;
}

export interface MeetingPeople {
  kind: EmailMeetingKind;
  hosts: EmailPerson[];
  attendees: EmailPerson[];
  /** Who booked: the invitee on the booking page, the organizing host of an ad-hoc meeting. */
  bookedBy: EmailPerson | null;
}

export interface PeopleSeenBy {
  /** Everyone else in the meeting this recipient may see, hosts first. */
  others: EmailPerson[];
  /** The hosts other than the recipient. */
  otherHosts: EmailPerson[];
  /** Who booked it, or null when unknown or the recipient did. */
  booker: EmailPerson | null;
  /** Whether the recipient booked it themselves. */
  isBooker: boolean;
}

const same = (a: EmailPerson, b: { email: string }) => a.email.toLowerCase() === b.email.toLowerCase();

function unique(people: EmailPerson[]): EmailPerson[] {
  const out: EmailPerson[] = [];
  for (const p of people) if (!out.some((q) => same(q, p))) out.push(p);
  return out;
}

/** The meeting as `recipient` sees it. In a group meeting an invitee sees only the hosts. */
export function peopleSeenBy(meeting: MeetingPeople, recipient: { email: string; role: 'attendee' | 'host' | 'former_host' }): PeopleSeenBy {
  const visibleAttendees = meeting.kind === 'group' && recipient.role === 'attendee' ? [] : meeting.attendees;
  const others = unique([...meeting.hosts, ...visibleAttendees]).filter((p) => !same(p, recipient));
  const isBooker = meeting.bookedBy !== null && same(meeting.bookedBy, recipient);
  return { others, otherHosts: meeting.hosts.filter((h) => !same(h, recipient)), booker: isBooker ? null : meeting.bookedBy, isBooker };
}

/**
 * Names as a phrase: "Ada", "Ada and Bo", "Ada, Bo and Cy"; beyond four, "Ada, Bo, Cy and 3 others".
 * An empty list gives "".
 */
export function listNames(people: readonly EmailPerson[]): string {
  const names = people.map((p) => p.name.trim() || p.email);
  if (names.length <= 1) return names[0] ?? '';
  if (names.length > 4) return `${names.slice(0, 3).join(', ')} and ${names.length - 3} others`;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** " with Ada and Bo", or "" when there is nobody else. */
export function withNames(people: readonly EmailPerson[]): string {
  return people.length ? ` with ${listNames(people)}` : '';
}
