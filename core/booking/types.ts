/**
 * Plain objects the scheduling and booking services return. Front doors (API presenters, the
 * booking page, ICS, e-mail, bots) render these; fields may be added, never renamed.
 * Instants are ISO 8601 strings in UTC (`2026-11-25T08:00:00.000Z`).
 */
import type { EventTypePrice } from '../payments/eventTypePrice.js';
import type { BookingStatus } from '../db/models.js';
import type { Schedule, SchedulingKind } from '../availability/types.js';

export type { BookingStatus };

/** How an event type is booked: the slot engine's kinds, plus `group` (one session per slot, with seats). */
export type EventKind = SchedulingKind | 'group';

/** A user's working hours: the default schedule, or Mon–Fri 09:00–17:00 in their zone when none is saved. */
export interface ScheduleDetails extends Schedule {
  /** False when the user has not saved a schedule and this is the default. */
  saved: boolean;
}

export interface EventTypeDetails {
  id: string;
  slug: string;
  title: string;
  description: string | null;
  kind: EventKind;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minimumNoticeMinutes: number;
  slotStepMinutes: number | null;
  maxDaysAhead: number | null;
  dailyLimit: number | null;
  requiresApproval: boolean;
  /** Approval only for first-time invitees (no earlier scheduled or completed booking with the host). */
  requiresApprovalForNewInvitees: boolean;
  pendingHoldsSlot: boolean;
  /** When a booking becomes conflicted: `propose` alternatives to the invitee, or (round robin) give it to another free host `automatic`ally. */
  conflictRepair: 'propose' | 'automatic';
  location: string | null;
  isPublic: boolean;
  /** Whether invitees may book a series (weekly, every N weeks, monthly), and at most how many meetings. */
  allowsSeries: boolean;
  seriesMaxOccurrences: number;
  /** Seats per session (group event types only; null otherwise). */
  seats?: number | null;
  /** Username of the owner, for personal event types. */
  owner: string | null;
  /** Slug of the team, for team event types. */
  team: string | null;
  /** Who takes its bookings (for a personal event type: the owner and those who accepted). */
  hosts: Array<{ userId: string; username: string; name: string }>;
  /** Users named as hosts of a personal event type who have not accepted yet: they take no bookings. */
  pendingHosts: Array<{ userId: string; username: string; name: string }>;
  /** Paid event types only: amount (minor units), currency, provider and refund policy. */
  price: EventTypePrice | null;
  createdAt: string;
  updatedAt: string;
}

/** Someone's personal event type as a user invited to host it, or co-hosting it, sees it. */
export interface HostedEventType {
  id: string;
  slug: string;
  title: string;
  kind: EventKind;
  durationMinutes: number;
  owner: { username: string; name: string };
}

/** An invitation to host someone's personal event type (core/booking/hostInvitations.ts). */
export interface HostInvitation {
  id: string;
  /** `pending` until answered; an answer's result says `accepted` or `declined`. */
  status: 'pending' | 'accepted' | 'declined';
  eventType: HostedEventType;
  createdAt: string;
  /** On a declined answer only: the instant (ISO) from which the owner may invite the user to this event type again. */
  reinviteAllowedAt?: string;
}

/** What leaving someone's event type one hosted answers (core/booking/hostInvitations.ts). */
export interface LeftEventType {
  eventType: HostedEventType;
  /** The instant (ISO) from which the owner may invite the user to this event type again. */
  reinviteAllowedAt: string;
}

export interface TeamDetails {
  id: string;
  slug: string;
  name: string;
  members: Array<{ userId: string; username: string; name: string; role: string; priority: number; weight: number }>;
}

export interface SlotDetails {
  start: string;
  end: string;
  /** Usernames of the hosts free for this slot (round robin: any of them may get it). */
  hosts: string[];
  /** Group event types: seats per session, and how many are still free in this slot. */
  seatsTotal?: number;
  seatsLeft?: number;
  /** Smart ranking only (`rank=smart`): higher is better, and why. */
  score?: number;
  reasons?: string[];
}

export interface SlotList {
  timezone: string;
  slots: SlotDetails[];
  /** More slots in the range: pass as `cursor` for the next page; null on the last page. */
  nextCursor?: string | null;
  /** The query's work: every host's candidate starts over the range (charged by the cost limit). */
  candidates?: number;
  /** Group event types: sessions in the range with no seat left (their waitlists are open). */
  full?: SlotDetails[];
  /** Set when nothing can be booked until every named host accepts (a collective or group event type). */
  awaitingHosts?: true;
}

export interface BookingHost {
  userId: string;
  username: string;
  name: string;
  email: string;
  timezone: string;
}

export interface BookingAttendee {
  id: string;
  name: string;
  email: string;
  timezone: string;
  userId: string | null;
}

export interface StatusChange {
  from: BookingStatus | null;
  to: BookingStatus;
  actor: string;
  reason: string | null;
  at: string;
}

/** Everything about one booking (a "meeting" in HTTP paths and to people). */
export interface BookingDetails {
  id: string;
  title: string;
  notes: string | null;
  /** The hosts' own notes (never shown to invitees). */
  hostNotes: string | null;
  /** Bumped on every change: the meeting's ETag, checked by If-Match. */
  version: number;
  status: BookingStatus;
  start: string;
  end: string;
  durationMinutes: number;
  /** The start and end in a viewer's zone (ISO with offset), when a zone was asked for. */
  local?: { start: string; end: string; timezone: string };
  eventType: { id: string; slug: string; title: string; kind: EventKind } | null;
  location: string | null;
  /** ICS UID, stable across reschedules; `sequence` increments on each change of time. */
  icalUid: string;
  sequence: number;
  source: string;
  assignmentReason: string | null;
  canceledBy: string | null;
  cancelReason: string | null;
  createdByUserId: string | null;
  hosts: BookingHost[];
  /** The attendees holding a seat (a canceled seat is left out). */
  attendees: BookingAttendee[];
  /** A group session's seats, and how many are free (null for other meetings). */
  seatsTotal?: number | null;
  seatsLeft?: number | null;
  statusHistory: StatusChange[];
  createdAt: string;
  updatedAt: string;
}

/** Who is acting on a booking: a logged-in user, or a holder of an attendee's manage token. */
export interface BookingActor {
  userId?: string;
  manageToken?: string;
  /** Act only if the meeting is still at this version (If-Match); otherwise precondition_failed. */
  ifVersion?: number;
  /** Acting as a service admin (the admin API only): may cancel any booking, recorded as `admin:<username>`. */
  admin?: boolean;
}

export interface BookingLoadDay {
  date: string;
  count: number;
  busyMinutes: number;
}
