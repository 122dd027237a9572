import type { MeetingQuestion, StoredRequest } from '../../core/requests/index.js';
import { answerMeetingQuestion, beginMeetingChange, type MeetingChangesDeps } from '../../core/voice/meetingChanges.js';
import type { VoiceReply } from '../../core/voice/reply.js';
import { withUsernames } from './mentions.js';
import type { ConversationPorts } from './ports.js';
import { QUESTION_CLOSED } from './requests.js';
import type { Asker, MentionLookup, Reply } from './types.js';

/** A question offers its answers as buttons up to this many (a Discord row holds five); more are typed. */
const MAX_CHOICE_BUTTONS = 5;

/** The answers a question about a meeting offers, as buttons: which meeting, yes or no, or which free time. */
function choiceLabels(about: MeetingQuestion): string[] {
  const labels = about.step === 'which' ? about.meetings.map((m) => m.label) : about.step === 'confirm' ? ['Yes', 'No'] : about.times.map((t) => t.label);
  return labels.length <= MAX_CHOICE_BUTTONS ? labels : [];
}

/**
 * Chat's moves of the asker's meetings ("/meet push my 3pm back an hour", "/meet move my
 * meeting with alice to friday at 10"): core's meeting-change dialog, the one voice speaks, so
 * both doors find the meeting, ask which when several fit, confirm before anything moves and
 * move it through core's reschedule the same way. Its questions are shown with buttons; a typed
 * answer (`/meet yes`, `/meet the second one`, `/meet thursday at 11`) continues it too.
 */
export function createMeetingMoves({ requests, booking, clock, chatAccounts }: Pick<ConversationPorts, 'requests' | 'booking' | 'clock' | 'chatAccounts'>) {
  const changes: MeetingChangesDeps = { clock, booking, requests };

  /** The dialog's sentence as a chat reply: a question with its answers as buttons, else a plain text. */
  async function shown(asker: Asker, said: VoiceReply): Promise<Reply> {
    if (!said.expectsAnswer) return { kind: 'text', text: said.speech };
    const open = await requests.openQuestion(asker.user.userId, asker.identity.platform);
    const labels = open?.about ? choiceLabels(open.about) : [];
    return open && labels.length ? { kind: 'question', text: said.speech, choices: { requestId: open.id, labels, mode: 'book' } } : { kind: 'question', text: said.speech };
  }

  return {
    /** A request core read as a move: finds the meeting and asks (which one, when, or whether to go ahead). */
    begin: async (asker: Asker, request: StoredRequest): Promise<Reply> => shown(asker, await beginMeetingChange(changes, request)),

    /**
     * Words typed while this door's question about a meeting is open: its answer, or null when
     * there is none or the words are a new request ("cancel my 3pm", "30 min with bob").
     */
    async answer(asker: Asker, text: string, lookup: MentionLookup): Promise<Reply | null> {
      const open = await requests.openQuestion(asker.user.userId, asker.identity.platform);
      if (!open?.about) return null;
      const answered = await answerMeetingQuestion(changes, open, await withUsernames(chatAccounts, asker, text, lookup));
      return answered ? shown(asker, answered) : null;
    },

    /**
     * A button of a question about a meeting, answered with its words; null when the request is
     * not such a question. A button of one no longer open (answered, expired, replaced) says so.
     */
    async choose(asker: Asker, requestId: string, choice: number): Promise<Reply | null> {
      const request = await requests.get(requestId, asker.user.userId);
      if (!request.about) return null;
      const open = await requests.openQuestion(asker.user.userId, asker.identity.platform);
      const label = open?.id === request.id ? choiceLabels(request.about)[choice] : undefined;
      if (label === undefined) return QUESTION_CLOSED;
      const answered = await answerMeetingQuestion(changes, request, label);
      return shown(asker, answered ?? { speech: request.question ?? 'Could you say that again?', expectsAnswer: true });
    },
  };
}
