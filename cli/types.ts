/** Shapes of the API responses the CLI reads (the API's presenters are the source of truth). */
export interface User {
  id: string;
  email: string;
  username: string;
  name: string;
  role: 'admin' | 'user';
  timezone: string;
}

export interface PersonalToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export interface Slot {
  start: string;
  end: string;
  /** Group event types: seats per session and seats still free. */
  seatsTotal?: number;
  seatsLeft?: number;
  /** `--smart` only: the ranking's score (higher is better) and why. */
  score?: number;
  reasons?: string[];
}

export interface SlotsResponse {
  timezone: string;
  slots: Slot[];
  /** Group event types: full sessions (their waitlists are open). */
  full?: Slot[];
}

export interface EventType {
  id: string;
  slug: string;
  title: string;
  description?: string | null;
  durationMinutes: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  minimumNoticeMinutes?: number;
  slotStepMinutes?: number | null;
  maxDaysAhead?: number | null;
  dailyLimit?: number | null;
  requiresApproval?: boolean;
  kind?: string;
  /** Users named as hosts of a personal event type who have not accepted yet. */
  pendingHosts?: string[];
  [key: string]: unknown;
}

/** Invitations to host someone's personal event type, as the API presents them. */
export type { HostInvitation, HostedEventType } from '../core/booking/types.js';

export interface Person {
  username?: string;
  name?: string;
  email?: string;
  timezone?: string;
  [key: string]: unknown;
}

export interface Meeting {
  id: string;
  status: string;
  start: string;
  end: string;
  title?: string | null;
  eventType?: { slug?: string; title?: string } | string | null;
  hosts?: Person[];
  attendees?: Person[];
  notes?: string | null;
  manageToken?: string;
  [key: string]: unknown;
}

export interface MeetingsPage {
  meetings: Meeting[];
  nextCursor: string | null;
}

export interface WeeklyRule {
  day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
  start: string;
  end: string;
}

export interface Schedule {
  timezone: string;
  weekly: WeeklyRule[];
  overrides: Array<{ date: string; intervals: Array<{ start: string; end: string }> }>;
  [key: string]: unknown;
}

export interface LoadDay {
  date: string;
  count: number;
  busyMinutes: number;
}

export interface Intent {
  action: string;
  start: string | null;
  end: string | null;
  window: { start: string; end: string } | null;
  durationMinutes: number | null;
  attendees: Array<{ name?: string; email?: string; handle?: string }>;
  title: string | null;
  recurrence: string | null;
  timezone: string;
  confidence: number;
  missing: string[];
  ambiguities: Array<{ field: string; kind: string; text: string; message: string; candidates: string[]; blocking: boolean }>;
  spans: Array<{ field: string; text: string; index: number }>;
  /** The other choices of "monday or tuesday" (`start`, `end`, `window` hold the first). */
  alternatives?: Array<{ start: string | null; end: string | null; window: { start: string; end: string } | null }>;
  /** A move by an amount, in minutes: positive later, negative earlier ("push it back 30 minutes" → 30). */
  shiftMinutes?: number;
  /** A move by calendar days instead ("postpone by a week" → 7, "bring it forward a day" → -1). */
  shiftDays?: number;
  [key: string]: unknown;
}

export const meetingTitle = (m: Meeting): string =>
  m.title ?? (typeof m.eventType === 'string' ? m.eventType : (m.eventType?.title ?? m.eventType?.slug)) ?? 'Meeting';

export const meetingPeople = (m: Meeting): string =>
  [...(m.hosts ?? []).map((h) => h.username ?? h.name ?? h.email), ...(m.attendees ?? []).map((a) => a.name ?? a.email ?? a.username)].filter(Boolean).join(', ');
