import { DateTime } from 'luxon';
import type { StoredRequest } from '../requests/index.js';
import { listUpcomingMeetings, type UpcomingMeetingsDeps } from '../requests/upcomingMeetings.js';
import { said, type VoiceReply } from './reply.js';
import { capitalized, spokenDay, spokenLabels, spokenList, spokenWhen, spokenWith } from './speech.js';

/** At most this many meetings are read out, or offered by name in one question. */
export const MAX_SPOKEN_MEETINGS = 3;

/** Whether a window is one whole day in the zone ("tomorrow", "on Friday"), which a sentence can name. */
function isWholeDay(window: { start: string; end: string }, zone: string): boolean {
  const start = DateTime.fromISO(window.start, { zone });
  return start.equals(start.startOf('day')) && DateTime.fromISO(window.end, { zone }).equals(start.plus({ days: 1 }));
}

/** "one meeting", "4 meetings", "over 25 meetings" (more come after the ones read). */
const meetingCount = (n: number, more: boolean): string => (more ? `over ${n} meetings` : n === 1 ? 'one meeting' : `${n} meetings`);

/**
 * "What's on my calendar tomorrow?" read aloud in the listener's zone: at most
 * {@link MAX_SPOKEN_MEETINGS} meetings still to come (in the time the request names), then how
 * many more. A whole day is said once: "Tomorrow you have 4 meetings: 10 AM with Alice, 2 PM with
 * Bob, 4 PM Focus time and 1 more."; without a time, "Your next meetings are tomorrow at 10 AM
 * with Alice, …". Throws what core's listBookings throws.
 */
export async function listMeetingsAloud(deps: UpcomingMeetingsDeps, request: StoredRequest): Promise<VoiceReply> {
  const zone = request.timezone;
  const now = deps.clock.now();
  const within = request.intent.window;
  const { meetings, more } = await listUpcomingMeetings(deps, request.userId, { timezone: zone, within });
  const day = within && isWholeDay(within, zone) ? spokenDay(within.start, zone, now) : null;
  if (!meetings.length) return said(within ? `You have no meetings ${day ?? 'then'}.` : 'You have no upcoming meetings.');
  const shown = meetings.slice(0, MAX_SPOKEN_MEETINGS);
  const rest = meetings.length - shown.length;
  const labels = day ? spokenLabels(shown.map((m) => m.start), zone, now).labels : shown.map((m) => spokenWhen(m.start, zone, now));
  const items = shown.map((m, i) => `${labels[i]} ${spokenWith(m)}`);
  if (rest > 0) items.push(`${more ? 'over ' : ''}${rest} more`);
  const count = meetingCount(meetings.length, more);
  if (day) return said(`${capitalized(day)} you have ${count}: ${spokenList(items)}.`);
  if (within) return said(`You have ${count} then: ${spokenList(items)}.`);
  return said(`Your next ${meetings.length === 1 ? 'meeting is' : 'meetings are'} ${spokenList(items)}.`);
}
