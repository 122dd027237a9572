import type { Clock } from '../clock.js';
import { type DomainError, isDomainError } from '../errors.js';
import { readYesNo } from '../nlp/index.js';
import type { RequestService, StoredRequest } from '../requests/index.js';
import { listMeetingsAloud } from './listMeetings.js';
import { answerMeetingQuestion, beginMeetingChange, type MeetingChangesDeps } from './meetingChanges.js';
import { said, type VoiceReply } from './reply.js';
import { spokenChoices, spokenGroup, spokenLabels, spokenPeople, spokenWhen } from './speech.js';

export type { VoiceReply };

export interface VoiceAssistantDeps {
  clock: Clock;
  requests: Pick<RequestService, 'proposeOrAnswer' | 'book' | 'askWhichTime' | 'askAboutMeeting' | 'openQuestion' | 'close'>;
  /** The listener's meetings, to list, cancel and move. */
  booking: MeetingChangesDeps['booking'];
}

export interface VoiceTurn {
  userId: string;
  /** What was said, as dictated or heard ("put meeting with alice for tomorrow ten am"). */
  text: string;
  /** The listener's zone; default: the account's. */
  timezone?: string;
}

/** A spoken request names no length: voice assumes half an hour rather than asking. */
export const VOICE_DEFAULT_MINUTES = 30;
const EXAMPLE = 'For example, say "meeting with Alice tomorrow at 3 PM".';
/** Errors a listener caused and can fix by saying something else; their messages are spoken. */
const SPOKEN_ERRORS = new Set(['user_not_found', 'validation_failed', 'invalid_transition', 'slot_unavailable', 'conflict', 'not_found', 'booking_not_found', 'forbidden']);

/** An error said for the ear: someone not found by what was said, else core's own sentence. */
function spokenError(error: DomainError): string {
  const said = error.details.said;
  if (error.code !== 'user_not_found' || typeof said !== 'string') return error.message;
  return `I couldn't find anyone called ${said} on Yava. Say the meeting again with their full name or username.`;
}

/** The one time a request named exactly, if any: a choice ("monday or tuesday at 3pm") names none, so its times are offered. */
const namedTime = (request: StoredRequest): string | null => (request.intent.alternatives ? null : request.intent.start);

/** The proposed slot to book: the one starting at the named time, when the request named one. */
function namedSlot(request: StoredRequest): string | null {
  const named = namedTime(request);
  if (!named || !request.proposal || request.proposal.widened) return null;
  const at = Date.parse(named);
  return request.proposal.slots.find((slot) => Date.parse(slot.start) === at)?.start ?? null;
}

/**
 * Voice's side of core's request workflow (source 'voice'): one turn of speech in, one
 * sentence out. A request that names a free time books it ("You're booked with Alice
 * tomorrow at 3 PM."); something missing asks core's one question, and the next turn answers
 * it (core keeps the open request per user and door); otherwise the free times are read out.
 * A request to list meetings reads them out ({@link listMeetingsAloud}); one to cancel or move
 * one asks before it changes anything ({@link beginMeetingChange}). A "no" to any open question
 * closes it.
 */
export function createVoiceAssistant({ clock, requests, booking }: VoiceAssistantDeps) {
  const changes: MeetingChangesDeps = { clock, booking, requests };

  async function book(request: StoredRequest, start: string): Promise<VoiceReply> {
    const { meeting } = await requests.book({ id: request.id, userId: request.userId, start });
    const who = spokenPeople(request.proposal!.participants);
    return { speech: `You're booked with ${who} ${spokenWhen(meeting.start, request.timezone, clock.now())}.`, meeting, expectsAnswer: false };
  }

  /** Reads the free times out and asks which to book; the next turn's words pick one (or name another time). */
  async function offer(request: StoredRequest): Promise<VoiceReply> {
    const proposal = request.proposal!;
    const group = spokenGroup(proposal.participants);
    const now = clock.now();
    const all = proposal.participants.length > 1 ? 'all' : 'both';
    if (!proposal.slots.length) return { speech: `I couldn't find a time when ${spokenGroup(proposal.participants, 'you')} are ${all} free in the next two weeks.`, expectsAnswer: false };
    // The best three, read out in the order of the day: "10:30, 11 or 11:30", not "10:30, 11:30 or 11".
    const best = proposal.slots.slice(0, 3).map((s) => s.start).sort((a, b) => Date.parse(a) - Date.parse(b));
    const choices = spokenChoices(best, request.timezone, now);
    const named = namedTime(request);
    const free = `${group} are free ${choices}.`;
    const found = proposal.past ? `That time has already passed. ${free}` : named ? `${group} aren't all free ${spokenWhen(named, request.timezone, now)}. The nearest free times are ${choices}.` : free;
    const speech = `${found} ${best.length > 1 ? 'Which one should I book?' : 'Should I book it?'}`;
    const { labels } = spokenLabels(best, request.timezone, now);
    await requests.askWhichTime({ id: request.id, userId: request.userId, question: speech, choices: best.map((start, i) => ({ label: labels[i]!, start })) });
    return { speech, expectsAnswer: true };
  }

  async function reply(request: StoredRequest): Promise<VoiceReply> {
    if (request.status === 'question') return { speech: request.question!, expectsAnswer: true };
    if (request.status === 'unsupported' && request.intent.action === 'list') return listMeetingsAloud(changes, request);
    if (request.status === 'unsupported') return beginMeetingChange(changes, request);
    if (request.status !== 'proposed') return said(`I can book, list, cancel and move meetings by voice, but not that. ${EXAMPLE}`);
    const start = namedSlot(request);
    return start ? book(request, start) : offer(request);
  }

  return {
    /** One turn: the words → a spoken answer (and the meeting, when this turn booked one). */
    async hear(turn: VoiceTurn): Promise<VoiceReply> {
      const text = turn.text.trim();
      if (!text) return { speech: `What should I book? ${EXAMPLE}`, expectsAnswer: true };
      try {
        const open = await requests.openQuestion(turn.userId, 'voice');
        if (open?.about) {
          const answered = await answerMeetingQuestion(changes, open, text);
          if (answered) return answered;
        } else if (readYesNo(text) === 'no') {
          if (open) await requests.close(open.id, turn.userId);
          return said('Okay.');
        }
        const request = await requests.proposeOrAnswer({ userId: turn.userId, text, timezone: turn.timezone, source: 'voice', defaultDurationMinutes: VOICE_DEFAULT_MINUTES });
        return await reply(request);
      } catch (error) {
        if (isDomainError(error) && SPOKEN_ERRORS.has(error.code)) return said(spokenError(error));
        throw error;
      }
    },
  };
}

export type VoiceAssistant = ReturnType<typeof createVoiceAssistant>;
