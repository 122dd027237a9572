import type { BookingDetails, BookingService } from '../booking/index.js';
import type { Clock } from '../clock.js';
import { meetingsDescribed } from './describedMeetings.js';
import type { UpcomingMeeting } from './types.js';

export type { UpcomingMeeting };

/** How many of the asker's next meetings a description is matched against. */
export const DESCRIBED_MEETINGS_LOOKAHEAD = 25;

export interface UpcomingMeetingsDeps {
  booking: Pick<BookingService, 'listBookings'>;
  clock: Clock;
}


export interface ListUpcomingMeetingsOptions {
  /** The asker's zone, for the dates the list reads. */
  timezone: string;
  /** Only the meetings starting in this window (a time the request names: "tomorrow", "next week"). */
  within?: { start: string; end: string } | null;
  /** At most this many (default {@link DESCRIBED_MEETINGS_LOOKAHEAD}). */
  limit?: number;
}

/**
 * A meeting as the asker sees it: the others in it (hosts and attendees but the viewer), by
 * name, and by username and email for words that name them that way ("with mpark").
 */
export function toUpcomingMeeting(meeting: BookingDetails, viewerId: string): UpcomingMeeting {
  const others = [...meeting.hosts, ...meeting.attendees.map((a) => ({ ...a, username: null }))].filter((p) => p.userId !== viewerId);
  const handles = others.flatMap((p) => (p.username ? [p.username, p.email] : [p.email]));
  return { id: meeting.id, title: meeting.title, start: meeting.start, end: meeting.end, withNames: [...new Set(others.map((p) => p.name))], withHandles: [...new Set(handles)] };
}

/**
 * The asker's next scheduled or pending meetings (still on: canceled ones take no place), in
 * `within` when given, else from now; and whether more come after them.
 * Throws user_not_found, validation_failed (an unknown zone) from the booking service.
 * @example listUpcomingMeetings({ booking, clock }, userId, { timezone: 'Europe/Paris', limit: 3 }) // {meetings: [...], more: true}
 */
export async function listUpcomingMeetings({ booking, clock }: UpcomingMeetingsDeps, userId: string, options: ListUpcomingMeetingsOptions): Promise<{ meetings: UpcomingMeeting[]; more: boolean }> {
  const range = options.within ? { from: options.within.start, to: options.within.end } : { from: clock.now().toISOString() };
  const limit = options.limit ?? DESCRIBED_MEETINGS_LOOKAHEAD;
  const page = await booking.listBookings(userId, { scope: 'upcoming', status: ['scheduled', 'pending'], ...range, timezone: options.timezone, limit });
  return { meetings: page.bookings.map((m) => toUpcomingMeeting(m, userId)), more: page.nextCursor !== null };
}

/**
 * The asker's upcoming meetings that words describe ("my 3pm", "my meeting with alice
 * tomorrow", "the 10am with bob"), among the next {@link DESCRIBED_MEETINGS_LOOKAHEAD}, read in
 * the asker's zone (see {@link meetingsDescribed}). Words that narrow nothing find nothing: a
 * caller never acts on a guess. Every door that finds a meeting by words (chat's cancel, voice's
 * cancel and move) uses this one.
 * Throws user_not_found, validation_failed from the booking service.
 * @example findDescribedMeetings({ booking, clock }, userId, 'cancel my meeting with alice', { timezone: 'Europe/Paris' })
 */
export async function findDescribedMeetings(deps: UpcomingMeetingsDeps, userId: string, words: string, options: { timezone: string }): Promise<UpcomingMeeting[]> {
  const { meetings } = await listUpcomingMeetings(deps, userId, { timezone: options.timezone });
  return meetingsDescribed(words, meetings, { timezone: options.timezone, now: deps.clock.now() });
}
