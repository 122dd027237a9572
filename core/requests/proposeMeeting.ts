import type { Clock } from '../clock.js';
import type { SchedulingService } from '../booking/index.js';
import { DomainError } from '../errors.js';
import { clipText } from '../text.js';
import { chooseOption, clarify, continueRequest, type Intent, type PendingRequest } from '../nlp/index.js';
import { findFreeSlots } from './findFreeSlots.js';
import { resolvePeople, type PeopleDirectory, type Person } from './people.js';
import { isOpenWindow, searchWindows } from './searchWindow.js';
import type { RequestStore, RequestUpdate, StoredRequest } from './store.js';
import type { RequestSource } from './types.js';

/** Reads a request in a zone against a reference instant (core's nlp service). */
export interface RequestReader {
  parse(text: string, options: { timezone: string; now: string }): Promise<Intent>;
}

export interface ProposeMeetingDeps {
  clock: Clock;
  nlp: RequestReader;
  scheduling: Pick<SchedulingService, 'listCommonSlots'>;
  people: PeopleDirectory;
  store: RequestStore;
}

export interface ProposeMeetingInput {
  userId: string;
  /** The raw request as typed or spoken ("30 min with alice tomorrow 3pm"). */
  text: string;
  /** The asker's zone: times are read and proposed in it. Default: the account's. */
  timezone?: string;
  source: RequestSource;
  /** Used when the request names no length (chat's `/meet slots`); otherwise a missing length is asked for. */
  defaultDurationMinutes?: number;
  /** A title that wins over the one read from the text. */
  title?: string;
  /** Listing free times (chat's `/meet slots`): a request that names no time searches the next days instead of asking when. */
  anyTime?: boolean;
}

export interface AnswerQuestionInput {
  id: string;
  userId: string;
  /** The answer as typed or spoken ("45 min", "Alice Park", "friday"). */
  text?: string;
  /** Instead of words: the offered choice picked, by its position in `pending.choices` (a chat button). */
  choice?: number;
  defaultDurationMinutes?: number;
  anyTime?: boolean;
}

export interface AskWhichTimeInput {
  id: string;
  userId: string;
  /** The whole question, times included ("You and Alice are free at 9 AM or 4 PM. Which one should I book?"). */
  question: string;
  /** The times offered, each with the words that name it ("9 AM"). */
  choices: Array<{ label: string; start: string }>;
}

/** Only this many characters of request and answers are kept. */
const MAX_TEXT = 4000;
/** A title read from the words (or made of the names) is cut to the longest a typed title may be. */
const MAX_TITLE_LENGTH = 200;
export const WHO_ELSE_QUESTION = 'Who else should be in the meeting?';
const UNSUPPORTED = new Set(['list', 'cancel', 'reschedule']);

interface ReadOptions {
  defaultDurationMinutes?: number;
  title?: string;
  anyTime?: boolean;
}

/**
 * The intent with the door's defaults filled in: a length when none is said, and (when any time
 * will do) no question about a time not said at all; a time said two ways still needs its question.
 */
function withDefaults(given: Intent, options: ReadOptions): Intent {
  let intent = given;
  if (options.defaultDurationMinutes && intent.durationMinutes === null) {
    intent = { ...intent, durationMinutes: options.defaultDurationMinutes, missing: intent.missing.filter((f) => f !== 'durationMinutes') };
  }
  if (options.anyTime && !intent.ambiguities.some((a) => a.blocking && a.field === 'start')) intent = { ...intent, missing: intent.missing.filter((f) => f !== 'start') };
  return intent;
}

/** A question to store: its words and what continues the request once answered. */
const asking = (text: string, intent: Intent, question: string, pending: PendingRequest): RequestUpdate => ({ text, intent, status: 'question', question, pending, proposal: null });

/** Names answer "Who else …?" as "with …", so they read as attendees; "@mpark" picks a person by username. */
function asAnswerTo(request: StoredRequest, reply: string): string {
  if (request.question === WHO_ELSE_QUESTION && !/\bwith\b/i.test(reply)) return `with ${reply}`;
  if (request.pending?.kind === 'choose_attendee') return reply.replace(/(^|\s)@(?=\w)/g, '$1');
  return reply;
}

/**
 * The natural-language workflow every front door shares (CLI through the API, Slack, Discord,
 * voice): a request → Intent → one question when something is missing or ambiguous (core/nlp's
 * clarify), else the free slots of everyone named in the asker's zone (one search window, one
 * widening rule), stored so that an answer (core/nlp's continueRequest) or a pick continues
 * the same request.
 */
export function createProposeMeeting({ clock, nlp, scheduling, people, store }: ProposeMeetingDeps) {
  /** One reading of an intent: a question, a proposal, or "not a booking". */
  async function read(asker: Person, text: string, timezone: string, given: Intent, options: ReadOptions): Promise<RequestUpdate> {
    if (UNSUPPORTED.has(given.action)) return { text, intent: given, status: 'unsupported', question: null, pending: null, proposal: null };
    const intent = withDefaults(given, options);
    const missing = clarify(intent);
    if (missing) return asking(text, intent, missing.question, missing.pending);
    const found = await resolvePeople(people, intent.attendees, asker.id, text);
    if (found.choice) {
      const which = clarify(intent, { attendeeChoices: [found.choice] })!;
      return asking(text, intent, which.question, which.pending);
    }
    const participants = found.participants;
    if (!participants.length) return asking(text, intent, WHO_ELSE_QUESTION, { intent, kind: 'missing', field: 'attendees', choices: [] });
    const durationMinutes = intent.durationMinutes ?? options.defaultDurationMinutes ?? 30;
    const now = clock.now();
    const windows = searchWindows(intent, durationMinutes, now);
    const usernames = [asker.username, ...participants.map((p) => p.username)];
    const { slots, widened } = await findFreeSlots(scheduling, { usernames, durationMinutes, timezone, windows, now });
    const title = clipText(options.title ?? intent.title ?? `${asker.name} / ${participants.map((p) => p.name).join(', ')}`, MAX_TITLE_LENGTH);
    // Windows are cut at now, so closed ones mean the whole time asked for is over.
    const past = windows.some(isOpenWindow) ? {} : { past: true };
    const choice = windows.length > 1 ? { windows } : {};
    return { text, intent, status: 'proposed', question: null, pending: null, proposal: { participants, durationMinutes, title, window: windows[0]!, ...choice, slots, widened, ...past } };
  }

  async function propose(input: ProposeMeetingInput, parsed?: Intent): Promise<StoredRequest> {
    const text = input.text.trim().slice(0, MAX_TEXT);
    if (!text) throw new DomainError('validation_failed', 'text: say what to book, e.g. "30 min with alice tomorrow 3pm"', { errors: [{ field: 'text', message: 'expected the request text' }] });
    const asker = await people.byId(input.userId);
    const timezone = input.timezone ?? asker.timezone;
    const referenceAt = clock.now().toISOString();
    const intent = parsed ?? (await nlp.parse(text, { timezone, now: referenceAt }));
    const update = await read(asker, text, timezone, intent, { defaultDurationMinutes: input.defaultDurationMinutes, title: input.title, anyTime: input.anyTime });
    await store.closeOpenQuestions(input.userId, input.source);
    return store.insert({ userId: input.userId, source: input.source, timezone, referenceAt }, update);
  }

  /** The request, when it is this user's; not_found otherwise (another's request is not revealed). */
  async function own(id: string, userId: string): Promise<StoredRequest> {
    const request = await store.find(id);
    if (!request || request.userId !== userId) throw new DomainError('not_found', 'No such request: send it again');
    return request;
  }

  /**
   * Continues a request that asked a question with the answer ("45", "Park", "the 17th",
   * "friday 3pm"), or with the offered choice picked by position; the request keeps its id. An
   * answer that does not answer the question asks it again. Throws not_found,
   * invalid_transition (nothing was asked, or it expired), validation_failed (no such choice),
   * user_not_found.
   */
  async function answer(input: AnswerQuestionInput): Promise<StoredRequest> {
    const request = await own(input.id, input.userId);
    if (request.status !== 'question' || !request.pending) throw new DomainError('invalid_transition', 'This request is not waiting for an answer', { details: { status: request.status } });
    if (Date.parse(request.expiresAt) <= clock.now().getTime()) throw new DomainError('invalid_transition', 'This question has expired: send the request again');
    const picked = input.choice === undefined ? null : request.pending.choices[input.choice];
    if (picked === undefined) throw new DomainError('validation_failed', 'choice: not one of the choices offered; answer in words instead', { errors: [{ field: 'choice', message: 'not one of the choices offered' }] });
    const reply = picked?.label ?? (input.text ?? '').trim();
    const text = `${request.text} ${reply}`.slice(0, MAX_TEXT);
    const intent = picked ? chooseOption(request.pending, input.choice!) : continueRequest(request.pending, asAnswerTo(request, reply), { timezone: request.timezone, now: request.referenceAt });
    if (!intent) return store.update(request.id, asking(text, request.intent, request.question!, request.pending));
    return store.update(request.id, await read(await people.byId(input.userId), text, request.timezone, intent, { defaultDurationMinutes: input.defaultDurationMinutes, anyTime: input.anyTime }));
  }

  /**
   * Asks which of the proposed times to book, as `question`, naming each by its `label`; the
   * next words answer it like any question ("9:30", "the second one", or another time), and the
   * request is proposed again at the time picked. For a door that cannot show buttons (voice).
   * Throws not_found, invalid_transition (not proposing times).
   */
  async function askWhichTime(input: AskWhichTimeInput): Promise<StoredRequest> {
    const request = await own(input.id, input.userId);
    if (request.status !== 'proposed') throw new DomainError('invalid_transition', 'This request is not proposing times', { details: { status: request.status } });
    const pending: PendingRequest = { intent: request.intent, kind: 'choose_start', field: 'start', choices: input.choices };
    return store.update(request.id, asking(request.text, request.intent, input.question, pending));
  }

  return {
    propose: (input: ProposeMeetingInput) => propose(input),
    answer,
    askWhichTime,
    own,

    /**
     * What a conversation says next (chat, voice): an answer to the question this door asked
     * last when the words lack something on their own ("friday", "45 min"), else a new request:
     * one complete on its own, one asking to cancel, list or move, or one naming people when
     * the question was not about people ("meeting with alice" after "What day and time…?").
     */
    async proposeOrAnswer(input: ProposeMeetingInput): Promise<StoredRequest> {
      const open = await store.findOpenQuestion(input.userId, input.source);
      // A question about a meeting is the door's own to continue (voice); new words replace it.
      if (!open || open.about) return propose(input);
      const alone = await nlp.parse(input.text, { timezone: input.timezone ?? open.timezone, now: clock.now().toISOString() });
      const complete = withDefaults(alone, input).missing.length === 0 && alone.attendees.length > 0;
      const otherPeople = alone.attendees.length > 0 && open.pending?.field !== 'attendees';
      if (complete || otherPeople || UNSUPPORTED.has(alone.action)) return propose(input, alone);
      return answer({ id: open.id, userId: input.userId, text: input.text, defaultDurationMinutes: input.defaultDurationMinutes, anyTime: input.anyTime });
    },
  };
}
