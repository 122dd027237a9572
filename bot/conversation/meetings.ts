import type { LinkedChatUser } from '../../core/chat/accounts.js';
import type { BookingDetails } from '../../core/booking/types.js';
import type { Intent } from '../../core/nlp/index.js';
import { DomainError } from '../../core/errors.js';
import { listUpcomingMeetings, toUpcomingMeeting, type UpcomingMeeting } from '../../core/requests/upcomingMeetings.js';
import { formatRange } from './format.js';
import type { ConversationPorts } from './ports.js';
import type { Asker, MeetingSummary, Reply } from './types.js';

/** A time a request names ("tomorrow", "next week"), as core/nlp reads it. */
type Window = NonNullable<Intent['window']>;

/** A meeting as a chat list shows it: core's reading of it, with its times in the viewer's zone. */
const labeled = (meeting: UpcomingMeeting, viewer: LinkedChatUser): MeetingSummary => ({ ...meeting, label: formatRange(meeting.start, meeting.end, viewer.timezone) });
const summarize = (meeting: BookingDetails, viewer: LinkedChatUser): MeetingSummary => labeled(toUpcomingMeeting(meeting, viewer.userId), viewer);

/** Chat's own meeting actions: list the asker's upcoming meetings, cancel one by id. */
export function createMeetingActions({ booking, clock }: Pick<ConversationPorts, 'booking' | 'clock'>) {
  /** The asker's next 25 scheduled or pending meetings (in `within`, when given), and whether more come after them. */
  async function upcomingPage(asker: Asker, within?: Window): Promise<{ meetings: MeetingSummary[]; more: boolean }> {
    const page = await listUpcomingMeetings({ booking, clock }, asker.user.userId, { timezone: asker.user.timezone, within });
    return { meetings: page.meetings.map((m) => labeled(m, asker.user)), more: page.more };
  }
  const upcomingMeetings = async (asker: Asker) => (await upcomingPage(asker)).meetings;

  /** `/meet list`, or "what do I have tomorrow": the meetings still to come, in the time named. */
  async function listMeetings(asker: Asker, within: Window | null = null): Promise<Reply> {
    const { meetings, more } = await upcomingPage(asker, within ?? undefined);
    if (within && !meetings.length) return { kind: 'text', text: 'You have no meetings then. Run `/meet list` for all your upcoming ones.' };
    return { kind: 'meetings', meetings, timezone: asker.user.timezone, ...(more ? { more } : {}) };
  }

  /** Cancels by id or id prefix (the first 8 characters shown in lists); words go through the meeting-change dialog (conversation.ts). */
  async function cancelMeeting(asker: Asker, idOrPrefix: string): Promise<Reply> {
    const wanted = idOrPrefix.trim().toLowerCase();
    if (!wanted) return { kind: 'question', text: 'Which meeting? Run `/meet list` and then `/meet cancel <id>`, or say it: `/meet cancel my 3pm`.' };
    let id = wanted;
    if (!/^[0-9a-f-]{36}$/.test(wanted)) {
      const matches = (await upcomingMeetings(asker)).filter((m) => m.id.startsWith(wanted));
      if (matches.length !== 1) throw new DomainError('booking_not_found', matches.length ? `Several meetings start with ${wanted}: give more of the id` : `No upcoming meeting of yours has the id ${wanted}. Run \`/meet list\` to see their ids.`);
      id = matches[0]!.id;
    }
    const meeting = await booking.cancelBooking(id, { reason: 'Canceled from chat' }, { userId: asker.user.userId });
    return { kind: 'canceled', meeting: summarize(meeting, asker.user) };
  }

  return { upcomingMeetings, listMeetings, cancelMeeting };
}
