import type { Intent } from '../nlp/index.js';

/** The front door a request came through; each may continue its own open question. */
export type RequestSource = 'api' | 'cli' | 'slack' | 'discord' | 'voice';

/**
 * Where a request stands: `question` waits for an answer, `proposed` offers slots to book,
 * `booked` became a meeting, `unsupported` reads as something other than booking (list,
 * cancel, reschedule), `closed` was left for a newer request.
 */
export type RequestStatus = 'question' | 'proposed' | 'booking' | 'booked' | 'unsupported' | 'closed';

/** Someone in the meeting besides the asker. */
export interface Participant {
  username: string;
  name: string;
}

/** A free time for everyone, `[start, end)` as UTC ISO instants. */
export interface ProposedSlot {
  start: string;
  end: string;
}

/** The instants searched for free slots, `[from, to)`. */
export interface SearchWindow {
  from: string;
  to: string;
}

/** What is bookable once nothing is missing. */
export interface Proposal {
  participants: Participant[];
  durationMinutes: number;
  title: string;
  window: SearchWindow;
  slots: ProposedSlot[];
  /** True when nothing was free in the asked window and these are the best free times in the days after it (ranked by smart times, not only the earliest). */
  widened: boolean;
  /** True when the time asked for had already passed ("yesterday at 3pm"): the slots are the next free ones. */
  past?: boolean;
}

/** One natural-language request and how far it got, as every front door sees it. */
export interface MeetingRequest {
  id: string;
  userId: string;
  source: RequestSource;
  status: RequestStatus;
  /** Everything said so far: the request, then each answer. */
  text: string;
  timezone: string;
  intent: Intent;
  question: string | null;
  proposal: Proposal | null;
  bookingId: string | null;
  expiresAt: string;
  createdAt: string;
}
