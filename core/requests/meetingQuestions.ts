import { DomainError } from '../errors.js';
import type { RequestStore, StoredRequest } from './store.js';
import type { MeetingQuestion, RequestSource } from './types.js';

export interface AskAboutMeetingInput {
  id: string;
  userId: string;
  /** The whole question ("Cancel your meeting with Alice tomorrow at 10 AM?"). */
  question: string;
  /** What it asks about, and what the answer continues. */
  about: MeetingQuestion;
}

export interface MeetingQuestionsDeps {
  store: RequestStore;
  /** The request, when it is this user's (not_found otherwise). */
  own(id: string, userId: string): Promise<StoredRequest>;
}

/**
 * The questions a door asks about one of the asker's meetings before it changes it (voice's
 * "Cancel your meeting with Alice tomorrow at 10 AM?"), kept with the request like any question,
 * so the next turn continues it in any process; a new request at the same door replaces it.
 */
export function createMeetingQuestions({ store, own }: MeetingQuestionsDeps) {
  return {
    /**
     * Asks `question` on a request read as a cancel or a move, or on such a question (the answer
     * continues it). Throws not_found, invalid_transition (a request about booking).
     * @example ask({ id, userId, question: 'Cancel your 3 PM with Alice?', about: { kind: 'meeting', action: 'cancel', step: 'confirm', … } })
     */
    async ask(input: AskAboutMeetingInput): Promise<StoredRequest> {
      const request = await own(input.id, input.userId);
      if (request.status !== 'unsupported' && !request.about) throw new DomainError('invalid_transition', 'This request is not about one of your meetings', { details: { status: request.status } });
      return store.update(request.id, { text: request.text, intent: request.intent, status: 'question', question: input.question, pending: null, proposal: null, about: input.about });
    },

    /** The question this door asked the user last and still waits for (15 minutes), if any. */
    open: (userId: string, source: RequestSource): Promise<StoredRequest | null> => store.findOpenQuestion(userId, source),

    /** Closes a request of this user's: its question was answered no, or what it asked about is done. Throws not_found. */
    async close(id: string, userId: string): Promise<void> {
      await store.close((await own(id, userId)).id);
    },
  };
}
