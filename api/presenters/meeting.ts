import type { BookingDetails } from '../../core/booking/types.js';

export interface PresentMeetingOptions {
  publicUrl: string;
  /** The manage token, when the caller holds it (creation, or ?token=). */
  manageToken?: string;
  /** The attendee's join-link token, known only when their seat is taken (group sessions). */
  joinToken?: string;
  /** The caller is a host: include the hosts' own notes. */
  includeHostNotes?: boolean;
}

/** The fields of a meeting that leave the API. */
export function presentMeeting(m: BookingDetails, options: PresentMeetingOptions) {
  const token = options.manageToken ? `?token=${encodeURIComponent(options.manageToken)}` : '';
  return {
    id: m.id,
    title: m.title,
    status: m.status,
    start: m.start,
    end: m.end,
    durationMinutes: m.durationMinutes,
    ...(m.local ? { local: m.local } : {}),
    eventType: m.eventType ? { slug: m.eventType.slug, title: m.eventType.title, kind: m.eventType.kind } : null,
    location: m.location,
    notes: m.notes,
    ...(options.includeHostNotes ? { hostNotes: m.hostNotes } : {}),
    version: m.version,
    sequence: m.sequence,
    icalUid: m.icalUid,
    source: m.source,
    assignmentReason: m.assignmentReason,
    canceledBy: m.canceledBy,
    cancelReason: m.cancelReason,
    hosts: m.hosts.map((h) => ({ username: h.username, name: h.name, timezone: h.timezone })),
    // Group sessions name each seat's attendee id (to revoke their join link).
    attendees: m.attendees.map((a) => (m.seatsTotal != null ? { id: a.id, name: a.name, email: a.email, timezone: a.timezone } : { name: a.name, email: a.email, timezone: a.timezone })),
    seatsTotal: m.seatsTotal ?? null,
    seatsLeft: m.seatsLeft ?? null,
    statusHistory: m.statusHistory,
    links: {
      self: `${options.publicUrl}/api/meetings/${m.id}`,
      ...(options.joinToken ? { join: `${options.publicUrl}/j/${encodeURIComponent(options.joinToken)}` } : {}),
      ...(options.manageToken ? { manage: `${options.publicUrl}/meetings/${m.id}${token}`, ics: `${options.publicUrl}/meetings/${m.id}.ics${token}` } : {}),
    },
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}
