import type { ChatIdentity, LinkedChatUser } from '../../core/chat/accounts.js';
import { DomainError } from '../../core/errors.js';
import type { BookingDetails } from '../../core/booking/types.js';
import { MAX_SLOT_CHOICES } from '../../core/requests/index.js';
import { parseCommand } from './commands.js';
import { looksLikeId, meetingsDescribed } from '../../core/requests/describedMeetings.js';
import { formatRange } from './format.js';
import type { ConversationPorts } from './ports.js';
import { createRequestFlow } from './requests.js';
import type { Asker, MeetingSummary, MentionLookup, Reply } from './types.js';

export { MAX_SLOT_CHOICES };
export type CreateConversationOptions = ConversationPorts;

export const HELP_TEXT = [
  '*/meet* schedules with people in plain words:',
  '• `/meet 30 min with @alice tomorrow afternoon`: pick one of the free times',
  '• `/meet slots @alice [when]`: common free times',
  '• `/meet list`: your upcoming meetings',
  '• `/meet cancel <id>` (or `/meet cancel my 3pm`): cancel one',
  '• `/meet link`: connect this chat account to your Yava account',
].join('\n');

/** "my 3pm" fitting no meeting, or several: what to do instead (several are listed with their ids). */
function describedNotOne(words: string, matches: MeetingSummary[], timezone: string): Reply {
  if (!matches.length) return { kind: 'text', text: `No upcoming meeting of yours matches "${words}". Run \`/meet list\` and then \`/meet cancel <id>\`.` };
  return { kind: 'meetings', meetings: matches, timezone, note: `Several of your meetings match "${words}": run \`/meet cancel <id>\` with one of these ids.` };
}

function summarize(meeting: BookingDetails, viewer: LinkedChatUser): MeetingSummary {
  const others = [...meeting.hosts.map((h) => ({ userId: h.userId, name: h.name })), ...meeting.attendees.map((a) => ({ userId: a.userId, name: a.name }))]
    .filter((p) => p.userId !== viewer.userId)
    .map((p) => p.name);
  return { id: meeting.id, title: meeting.title, start: meeting.start, end: meeting.end, label: formatRange(meeting.start, meeting.end, viewer.timezone), withNames: [...new Set(others)] };
}

/**
 * The platform-neutral conversation. Requests in plain words go through core's request
 * workflow (core/requests), the same one the CLI and the API use; this module only turns its
 * answers into {@link Reply}s that the Slack and Discord adapters render, and lists and
 * cancels meetings.
 */
export function createConversation(ports: ConversationPorts) {
  const { booking, chatAccounts, clock, publicUrl } = ports;
  const flow = createRequestFlow(ports);

  /** The asker's next 25 scheduled or pending meetings, and whether more come after them. */
  async function upcomingPage(asker: Asker): Promise<{ meetings: MeetingSummary[]; more: boolean }> {
    const page = await booking.listBookings(asker.user.userId, { scope: 'upcoming', status: ['scheduled', 'pending'], from: clock.now().toISOString(), timezone: asker.user.timezone, limit: 25 });
    return { meetings: page.bookings.map((m) => summarize(m, asker.user)), more: page.nextCursor !== null };
  }
  const upcomingMeetings = async (asker: Asker) => (await upcomingPage(asker)).meetings;

  async function listMeetings(asker: Asker): Promise<Reply> {
    const { meetings, more } = await upcomingPage(asker);
    return { kind: 'meetings', meetings, timezone: asker.user.timezone, ...(more ? { more } : {}) };
  }

  async function cancelMeeting(asker: Asker, idOrPrefix: string): Promise<Reply> {
    const wanted = idOrPrefix.trim().toLowerCase();
    if (!wanted) return { kind: 'question', text: 'Which meeting? Run `/meet list` and then `/meet cancel <id>`.' };
    let id = wanted;
    if (!looksLikeId(wanted)) {
      // Words, not an id: "my 3pm", "the 3pm with bob", "my meeting with alice tomorrow".
      const matches = meetingsDescribed(idOrPrefix, await upcomingMeetings(asker), { timezone: asker.user.timezone, now: clock.now() });
      if (matches.length !== 1) return describedNotOne(idOrPrefix.trim(), matches, asker.user.timezone);
      id = matches[0]!.id;
    } else if (!/^[0-9a-f-]{36}$/.test(wanted)) {
      const matches = (await upcomingMeetings(asker)).filter((m) => m.id.startsWith(wanted));
      if (matches.length !== 1) throw new DomainError('booking_not_found', matches.length ? `Several meetings start with ${wanted}: give more of the id` : `No upcoming meeting of yours has the id ${wanted}. Run \`/meet list\` to see their ids.`);
      id = matches[0]!.id;
    }
    const meeting = await booking.cancelBooking(id, { reason: 'Canceled from chat' }, { userId: asker.user.userId });
    return { kind: 'canceled', meeting: summarize(meeting, asker.user) };
  }

  async function requestMeeting(asker: Asker, text: string, lookup: MentionLookup, mode: 'book' | 'slots' = 'book'): Promise<Reply> {
    const reply = await flow.requestMeeting(asker, text, lookup, mode);
    if (reply === 'list') return listMeetings(asker);
    return reply === 'cancel' ? cancelMeeting(asker, text) : reply;
  }

  async function linkInstructions(identity: ChatIdentity): Promise<Reply> {
    const { code } = await chatAccounts.createLinkCode(identity);
    const url = `${publicUrl}/app/link?${new URLSearchParams({ code }).toString()}`;
    return {
      kind: 'link',
      linked: false,
      text: `Connect your Yava account first: open ${url} within 15 minutes, sign in if asked, and press Confirm. (Scripts can send the code \`${code}\` to POST ${publicUrl}/api/chat/link with a Bearer token.) Then run /meet again.`,
    };
  }

  return {
    /**
     * The linked Yava user for a chat account: an existing link, else a link made by the
     * verified email the platform reports. Null when the person must link by code first.
     */
    async identify(identity: ChatIdentity, profile: { email?: string | null; timezone?: string | null } = {}): Promise<Asker | null> {
      const timezone = profile.timezone ?? null;
      const user = (await chatAccounts.findLinkedUser(identity, timezone)) ?? (profile.email ? await chatAccounts.linkByVerifiedEmail(identity, profile.email, timezone) : null);
      return user ? { identity, user } : null;
    },

    /** A one-time link URL (with its code) and what to do with it. */
    linkInstructions,

    /** What an unlinked person gets: the commands for `/meet help`, else the link to connect. */
    async unlinkedReply(identity: ChatIdentity, text: string): Promise<Reply> {
      return parseCommand(text).name === 'help' ? { kind: 'help', text: `${HELP_TEXT}\n\nFirst connect your Yava account with \`/meet link\`.` } : linkInstructions(identity);
    },

    /** Everything typed after `/meet`. */
    async handleText(asker: Asker, text: string, lookup: MentionLookup): Promise<Reply> {
      const command = parseCommand(text);
      switch (command.name) {
        case 'help':
          return { kind: 'help', text: HELP_TEXT };
        case 'list':
          return listMeetings(asker);
        case 'cancel':
          return cancelMeeting(asker, command.args);
        case 'link':
          return { kind: 'link', linked: true, text: `This account is linked to Yava user @${asker.user.username} (${asker.user.email}); times are shown in ${asker.user.timezone}.` };
        case 'slots':
          return requestMeeting(asker, command.args, lookup, 'slots');
        default:
          return requestMeeting(asker, command.args, lookup, 'book');
      }
    },

    requestMeeting: (asker: Asker, text: string, lookup: MentionLookup) => requestMeeting(asker, text, lookup),
    listMeetings,
    cancelMeeting,
    chooseSlot: flow.chooseSlot,
    answerChoice: flow.answerChoice,
    /** Upcoming meetings for a home screen (Slack App Home). */
    upcomingMeetings,
  };
}

export type Conversation = ReturnType<typeof createConversation>;

/** The text of any error for the asker only: domain messages as they are, anything else generic. */
export function errorReply(error: unknown): Reply {
  if (error instanceof DomainError) return { kind: 'error', text: error.message };
  return { kind: 'error', text: 'Something went wrong on our side; please try again in a moment.' };
}
