import type { BookingDetails } from '../../core/booking/types.js';

export interface PresentMeetingOptions {
  publicUrl: string;
  /** The manage token, when the caller holds it (creation, or ?token=). */
  manageToken?: string;
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
    sequence: m.sequence,
    icalUid: m.icalUid,
    source: m.source,
    assignmentReason: m.assignmentReason,
    canceledBy: m.canceledBy,
    cancelReason: m.cancelReason,
    hosts: m.hosts.map((h) => ({ username: h.username, name: h.name, timezone: h.timezone })),
    attendees: m.attendees.map((a) => ({ name: a.name, email: a.email, timezone: a.timezone })),
    statusHistory: m.statusHistory,
    links: {
      self: `${options.publicUrl}/api/meetings/${m.id}`,
      ...(options.manageToken ? { manage: `${options.publicUrl}/meetings/${m.id}${token}`, ics: `${options.publicUrl}/meetings/${m.id}/ics${token}` } : {}),
    },
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}
