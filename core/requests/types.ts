import type { Intent } from '../nlp/index.js';

/** The front door a request came through; each may continue its own open question. */
export type RequestSource = 'api' | 'cli' | 'slack' | 'discord' | 'voice';

/**
 * Where a request stands: `question` waits for an answer, `proposed` offers slots to book,
 * `booked` became a meeting, `unsupported` reads as something other than booking (list,
 * cancel, reschedule), `closed` was left for a newer request, answered no, or done with (the
 * meeting it asked about was canceled or moved).
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
  /** The window searched (the first, when the request offered a choice). */
  window: SearchWindow;
  /** Every window searched, when the request offered a choice of days or times ("monday or tuesday"). */
  windows?: SearchWindow[];
  slots: ProposedSlot[];
  /** True when nothing was free in the asked window and these are the best free times in the days after it (ranked by smart times, not only the earliest). */
  widened: boolean;
  /** True when the time asked for had already passed ("yesterday at 3pm"): the slots are the next free ones. */
  past?: boolean;
}

/** One of the asker's meetings, as words describe it: when, and the others in it by name, username and email. */
export interface UpcomingMeeting {
  id: string;
  title: string;
  start: string;
  end: string;
  withNames: string[];
  withHandles: string[];
}

/** One of the asker's meetings a question offers, with the words that name it in the question ("10 AM with Alice"). */
export interface MeetingChoice extends UpcomingMeeting {
  label: string;
}

/**
 * A question about changing one of the asker's meetings, as voice asks before it cancels or
 * moves one: which meeting (`which`), when to move it to (`when`), or whether to go ahead
 * (`confirm`). Stored with the request, so the next turn continues it in any process.
 */
export interface MeetingQuestion {
  kind: 'meeting';
  action: 'cancel' | 'move';
  step: 'which' | 'when' | 'confirm';
  /** The meetings the answer picks from; the one meeting, once known. */
  meetings: MeetingChoice[];
  /** The words of the new time said before the meeting was known ("to thursday at 10"), read once it is. */
  said: string | null;
  /** The new start, once known (move). */
  to: string | null;
  /** Instead of a new time, how far to move the meeting, in minutes (positive later: "push my 3pm back an hour"); its start + this, once it is known. */
  shiftMinutes?: number;
  /** Or how many calendar days (positive later: "push my 3pm back a day"), at the same time of day in the request's zone. */
  shiftDays?: number;
  /** Free times offered instead of a taken one (move), each with the words that name it. */
  times: Array<{ label: string; start: string }>;
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
