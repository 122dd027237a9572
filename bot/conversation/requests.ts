import { type DomainError, isDomainError } from '../../core/errors.js';
import type { Intent } from '../../core/nlp/index.js';
import { SEARCH_DAYS, type StoredRequest } from '../../core/requests/index.js';
import { formatRange } from './format.js';
import { withUsernames } from './mentions.js';
import type { ConversationPorts } from './ports.js';
import type { Asker, MentionLookup, Reply, RequestMode } from './types.js';

/** `/meet slots …` proposes 30-minute times unless the request says otherwise. */
export const DEFAULT_SLOTS_DURATION = 30;

/** What chat cannot do from plain words, and what does it instead, by what was asked. */
const POINTERS: Record<string, string> = {
  reschedule: 'To move a meeting, run `/meet move my 3pm to friday at 10` or `/meet push my 3pm back an hour` (a time, a day, who it is with or its title).',
  cancel: 'To cancel, run `/meet cancel my 3pm` (a time, a day or who it is with), or `/meet list` and then `/meet cancel <id>`.',
};

/** A question, with its choices when it offers some ("Which maria — …?", "Friday the 27th or …?"). */
function questionReply(request: StoredRequest, mode: RequestMode): Reply {
  const text = request.question ?? 'Could you say that again?';
  const labels = request.pending?.choices.map((c) => c.label) ?? [];
  return labels.length ? { kind: 'question', text, choices: { requestId: request.id, labels, mode } } : { kind: 'question', text };
}

/** A request core has read, as a chat reply: a question, slot buttons, or a pointer elsewhere. */
export function requestReply(request: StoredRequest, note?: string, mode: RequestMode = 'book'): Reply {
  if (request.status === 'question') return questionReply(request, mode);
  const p = request.proposal;
  if (request.status === 'unsupported' || !p) return { kind: 'text', text: POINTERS[request.intent.action] ?? POINTERS.cancel! };
  if (!p.slots.length) return { kind: 'text', text: `No common free time for ${p.durationMinutes} min in the next ${SEARCH_DAYS} days. Try a shorter meeting or other people.` };
  const widened = p.past ? 'That time has already passed; these are the next free times.' : p.widened ? 'Nothing is free then; these are the best free times in the days after.' : undefined;
  return {
    kind: 'slots',
    proposalId: request.id,
    title: p.title,
    durationMinutes: p.durationMinutes,
    withNames: p.participants.map((x) => x.name),
    timezone: request.timezone,
    // Core ranks them best first; a person reads a choice of times in the order of the day.
    slots: [...p.slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start)).map((s) => ({ start: s.start, end: s.end, label: formatRange(s.start, s.end, request.timezone) })),
    note: [note, widened].filter(Boolean).join(' ') || undefined,
  };
}

/** What a chat button whose value no longer reads answers. */
export const INVALID_BUTTON: Reply = { kind: 'error', text: 'That button is no longer valid: run /meet again.' };

/** What a button of a question no longer open answers. */
export const QUESTION_CLOSED: Reply = { kind: 'error', text: 'That question is no longer open (answered, expired or replaced by a newer request): run /meet again.' };

/** What `/meet slots` assumes that a booking request asks about. */
const modeDefaults = (mode: RequestMode) => (mode === 'slots' ? { defaultDurationMinutes: DEFAULT_SLOTS_DURATION, anyTime: true } : {});

/** Chat's side of core's request workflow (core/requests): what to say, what a click books. */
export function createRequestFlow({ requests, chatAccounts }: Pick<ConversationPorts, 'requests' | 'chatAccounts'>) {
  return {
    /**
     * "30 min with @alice tomorrow afternoon" → slot buttons, or one question; the next `/meet`
     * answers an open question. A request to list meetings comes back as `list` with the time it
     * names ("what do I have tomorrow"), one to cancel ("please cancel my 3pm") as `cancel`, one
     * to move ("push my 3pm back an hour") as `move`, each with the request core stored.
     */
    async requestMeeting(asker: Asker, rawText: string, lookup: MentionLookup, mode: RequestMode): Promise<Reply | { list: Intent['window'] } | { cancel: StoredRequest } | { move: StoredRequest }> {
      const text = await withUsernames(chatAccounts, asker, rawText, lookup);
      const request = await requests.proposeOrAnswer({ userId: asker.user.userId, text, timezone: asker.user.timezone, source: asker.identity.platform, ...modeDefaults(mode) });
      if (mode === 'book' && request.status === 'unsupported' && request.intent.action === 'list') return { list: request.intent.window };
      if (mode === 'book' && request.status === 'unsupported' && request.intent.action === 'cancel') return { cancel: request };
      if (mode === 'book' && request.status === 'unsupported' && request.intent.action === 'reschedule') return { move: request };
      return requestReply(request, undefined, mode);
    },

    /**
     * A choice button of a question: answers it as if its label were typed, in the mode it was
     * asked in. A button of a question no longer open (answered, expired, replaced) says so.
     */
    async answerChoice(asker: Asker, requestId: string, choice: number, mode: RequestMode): Promise<Reply> {
      try {
        return requestReply(await requests.answer({ id: requestId, userId: asker.user.userId, choice, ...modeDefaults(mode) }), undefined, mode);
      } catch (error) {
        if (!isDomainError(error) || error.code !== 'invalid_transition') throw error;
        return QUESTION_CLOSED;
      }
    },

    /**
     * Books the picked time. A time taken meanwhile answers with fresh times; a second pick of
     * the same request books nothing.
     */
    async chooseSlot(asker: Asker, requestId: string, start: string): Promise<Reply> {
      try {
        const { meeting, replayed } = await requests.book({ id: requestId, userId: asker.user.userId, start });
        if (replayed) return { kind: 'text', text: 'You already picked a time for this request.' };
        const zone = asker.user.timezone;
        const participantUserIds = [...new Set([...meeting.hosts.map((h) => h.userId), ...meeting.attendees.flatMap((a) => (a.userId ? [a.userId] : []))])];
        return { kind: 'booked', meeting, label: formatRange(meeting.start, meeting.end, zone), timezone: zone, participantUserIds };
      } catch (error) {
        if (!isDomainError(error) || error.code !== 'slot_unavailable') throw error;
        return requestReply(await requests.get(requestId, asker.user.userId), whyUnavailable(error));
      }
    },
  };
}

/**
 * Above the fresh times: core's reason in its own words ("That time has already passed"), or
 * "just taken" when someone else was quicker (or no reason is given).
 */
function whyUnavailable(error: DomainError): string {
  const reason = error.details.reason;
  if (typeof reason !== 'string' || reason === 'taken') return 'That time was just taken; here are fresh times.';
  return `${error.message.split('. ')[0]}. Here are fresh times.`;
}
