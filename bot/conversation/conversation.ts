import type { ChatIdentity } from '../../core/chat/accounts.js';
import { DomainError } from '../../core/errors.js';
import { looksLikeId } from '../../core/requests/describedMeetings.js';
import { MAX_SLOT_CHOICES } from '../../core/requests/index.js';
import { parseCommand } from './commands.js';
import { createMeetingActions } from './meetings.js';
import { createMeetingMoves } from './moves.js';
import type { ConversationPorts } from './ports.js';
import { createRequestFlow } from './requests.js';
import type { Asker, MentionLookup, Reply, RequestMode } from './types.js';

export { MAX_SLOT_CHOICES };
export type CreateConversationOptions = ConversationPorts;

export const HELP_TEXT = [
  '*/meet* schedules with people in plain words:',
  '• `/meet 30 min with @alice tomorrow afternoon`: pick one of the free times',
  '• `/meet slots @alice [when]`: common free times',
  '• `/meet list`: your upcoming meetings',
  '• `/meet cancel <id>`: cancel one; `/meet cancel my 3pm` asks first',
  '• `/meet move my 3pm to friday at 10`, `/meet push my 3pm back an hour`: move one (asks first)',
  '• `/meet link`: connect this chat account to your Yava account',
].join('\n');

/**
 * The platform-neutral conversation. Requests in plain words go through core's request
 * workflow (core/requests), the same one the CLI and the API use; this module only turns its
 * answers into {@link Reply}s that the Slack and Discord adapters render, and lists, cancels and
 * moves meetings (moves through core's meeting-change dialog, as voice moves them).
 */
export function createConversation(ports: ConversationPorts) {
  const { chatAccounts, publicUrl } = ports;
  const flow = createRequestFlow(ports);

  const { upcomingMeetings, listMeetings, cancelMeeting } = createMeetingActions(ports);
  const moves = createMeetingMoves(ports);

  async function requestMeeting(asker: Asker, text: string, lookup: MentionLookup, mode: RequestMode = 'book'): Promise<Reply> {
    // An open question about moving a meeting takes the words first ("yes", "the second one").
    const answered = mode === 'book' ? await moves.answer(asker, text, lookup) : null;
    if (answered) return answered;
    const reply = await flow.requestMeeting(asker, text, lookup, mode);
    // A cancel by words goes through the same dialog as a move: it finds the meeting and asks first.
    if ('cancel' in reply) return moves.begin(asker, reply.cancel);
    if ('move' in reply) return moves.begin(asker, reply.move);
    return 'list' in reply ? listMeetings(asker, reply.list) : reply;
  }

  /**
   * `/meet cancel …`: an id (or its first characters) cancels that meeting at once, as its button
   * does; words ("my 3pm", "the standup", "my meeting with @bob") are a request to cancel, which
   * the meeting-change dialog answers: it finds the meeting, asks which when several fit, and asks
   * before it cancels, since words can fit a meeting the asker did not mean.
   */
  async function cancel(asker: Asker, args: string, lookup: MentionLookup = async () => null): Promise<Reply> {
    const words = args.trim();
    return !words || looksLikeId(words.toLowerCase()) ? cancelMeeting(asker, words) : requestMeeting(asker, `cancel ${words}`, lookup);
  }

  /** A question's button: a question about moving a meeting continues that dialog, any other core's request workflow. */
  async function answerChoice(asker: Asker, requestId: string, choice: number, mode: RequestMode): Promise<Reply> {
    return (await moves.choose(asker, requestId, choice)) ?? flow.answerChoice(asker, requestId, choice, mode);
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
          return cancel(asker, command.args, lookup);
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
    cancelMeeting: cancel,
    chooseSlot: flow.chooseSlot,
    answerChoice,
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
