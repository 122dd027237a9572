import type { BookingService } from '../booking/index.js';
import type { Clock } from '../clock.js';
import { isDomainError } from '../errors.js';
import { parseRequest, pickChoice, pickPosition, readNewStart, readYesNo, shiftedStart, splitMove } from '../nlp/index.js';
import { describesMeeting, meetingsDescribed } from '../requests/describedMeetings.js';
import type { MeetingQuestion, RequestService, StoredRequest, UpcomingMeeting } from '../requests/index.js';
import { findDescribedMeetings, listUpcomingMeetings } from '../requests/upcomingMeetings.js';
import { MAX_SPOKEN_MEETINGS } from './listMeetings.js';
import { said, type VoiceReply } from './reply.js';
import { capitalized, orList, spokenChoices, spokenLabels, spokenMeeting, spokenTo, spokenWhat, spokenWhen, spokenWith } from './speech.js';

/*
 * Voice's cancel and move of the listener's meetings, and chat's move (bot/conversation/moves.ts
 * shows these same sentences, with buttons). The meeting is found from the words said (core's
 * findDescribedMeetings, as chat's cancel finds it); several that fit are asked about, a move
 * without a time asks when, a move by an amount ("push my 3pm back an hour") goes to the
 * meeting's start + the amount (days, "back a day", at the same time of day in the asker's zone),
 * and nothing changes before a yes ("Cancel your meeting with Alice tomorrow at 10 AM?"). Each
 * question is stored with the request (core/requests' askAboutMeeting), so the next turn, in any
 * process, continues it. A move goes through core's rescheduleBooking, the one the API uses: a
 * time that is not free is said with the nearest free ones, and the next turn picks one.
 */

export interface MeetingChangesDeps {
  clock: Clock;
  booking: Pick<BookingService, 'listBookings' | 'cancelBooking' | 'rescheduleBooking'>;
  requests: Pick<RequestService, 'askAboutMeeting' | 'close'>;
}

/** One turn of the dialog: what it may use, the request it continues, and now. */
interface Turn {
  deps: MeetingChangesDeps;
  request: StoredRequest;
  now: Date;
}

/** The request actions that list or change meetings, and the one each dialog is. */
const CHANGES = new Set(['list', 'cancel', 'reschedule']);
const ACTIONS = { cancel: 'cancel', move: 'reschedule' } as const;
const EXAMPLES = { cancel: 'cancel my meeting with Alice tomorrow', move: 'move my meeting with Alice tomorrow to Friday at 10' } as const;

const optionsOf = ({ request, now }: Turn) => ({ timezone: request.timezone, now });

async function ask({ deps, request }: Turn, question: string, about: MeetingQuestion): Promise<VoiceReply> {
  await deps.requests.askAboutMeeting({ id: request.id, userId: request.userId, question, about });
  return { speech: question, expectsAnswer: true };
}

/**
 * Asks which of several meetings: by name when a few fit ("the 10 AM with Alice or the 2 PM with
 * Bob", the people said only when they tell them apart), else for more words. `described`: the
 * words said fit these (else they told none apart, and these are the next ones).
 */
function askWhich(turn: Turn, about: MeetingQuestion, found: UpcomingMeeting[], described = true): Promise<VoiceReply> {
  const { request, now } = turn;
  const zone = request.timezone;
  if (found.length > MAX_SPOKEN_MEETINGS) {
    const meetings = found.map((m) => ({ ...m, label: `${spokenWhen(m.start, zone, now)} ${spokenWith(m)}` }));
    const which = described ? `${found.length} of your meetings fit that. Which one should I ${about.action}?` : `Which meeting should I ${about.action}?`;
    return ask(turn, `${which} Say when it is or who it's with.`, { ...about, step: 'which', meetings });
  }
  const { day, labels } = spokenLabels(found.map((m) => m.start), zone, now);
  const samePeople = found.every((m) => spokenWith(m) === spokenWith(found[0]!));
  const meetings = found.map((m, i) => ({ ...m, label: samePeople ? labels[i]! : `${labels[i]} ${spokenWith(m)}` }));
  const named = meetings.map((m) => (day ? `the ${m.label}` : `the one ${m.label}`));
  return ask(turn, `Which one should I ${about.action}: ${orList(named)}?`, { ...about, step: 'which', meetings });
}

/** The one meeting is known: ask to confirm, or (a move without a time) when to move it to. */
function chosen(turn: Turn, about: MeetingQuestion, meeting: UpcomingMeeting): Promise<VoiceReply> | VoiceReply {
  const { request, now } = turn;
  const zone = request.timezone;
  const one = { ...about, meetings: [{ ...meeting, label: spokenWith(meeting) }], times: [] };
  if (about.action === 'cancel') return ask(turn, `Cancel ${spokenMeeting(meeting, zone, now)}?`, { ...one, step: 'confirm' });
  const to = about.to ?? (about.said ? readNewStart(about.said, { ...optionsOf(turn), from: meeting.start }) : shiftedStart(meeting.start, about, zone));
  if (!to) return ask(turn, `When should I move ${spokenMeeting(meeting, zone, now)} to?`, { ...one, step: 'when', to: null });
  if (Date.parse(to) === Date.parse(meeting.start)) return said(`${capitalized(spokenMeeting(meeting, zone, now))} is already then.`);
  return ask(turn, `Move ${spokenMeeting(meeting, zone, now)} to ${spokenTo(to, zone, now)}?`, { ...one, step: 'confirm', to });
}

/** One meeting found goes on; several are asked about; none is said (and nothing is asked). */
function narrowed(turn: Turn, about: MeetingQuestion, found: UpcomingMeeting[]): Promise<VoiceReply> | VoiceReply {
  if (!found.length) return said(`I couldn't find a meeting of yours like that. Say who it's with or when it is, for example: ${EXAMPLES[about.action]}.`);
  return found.length === 1 ? chosen(turn, about, found[0]!) : askWhich(turn, about, found);
}

/** "That time is already taken. The nearest free times are … Which one should I move it to?" */
function askAnotherTime(turn: Turn, about: MeetingQuestion, reason: string, free: string[]): Promise<VoiceReply> {
  const { request, now } = turn;
  const again = { ...about, step: 'when' as const, to: null };
  if (!free.length) return ask(turn, `${reason} When else should I move it to?`, { ...again, times: [] });
  const { labels } = spokenLabels(free, request.timezone, now);
  const choices = spokenChoices(free, request.timezone, now);
  const which = free.length > 1 ? `The nearest free times are ${choices}. Which one should I move it to?` : `The nearest free time is ${choices}. Should I move it there?`;
  return ask(turn, `${reason} ${which}`, { ...again, times: free.map((start, i) => ({ label: labels[i]!, start })) });
}

/** Moves the meeting through core's reschedule; a time that is not free asks again. Any other error closes the question. */
async function move(turn: Turn, about: MeetingQuestion, to: string): Promise<VoiceReply> {
  const { deps, request } = turn;
  const meeting = about.meetings[0]!;
  try {
    const moved = await deps.booking.rescheduleBooking(meeting.id, { start: to, timezone: request.timezone }, { userId: request.userId });
    await deps.requests.close(request.id, request.userId);
    return said(`I've moved ${spokenWhat(meeting)} to ${spokenTo(moved.start, request.timezone, turn.now)}.`);
  } catch (error) {
    if (!isDomainError(error) || error.code !== 'slot_unavailable') {
      await deps.requests.close(request.id, request.userId);
      throw error;
    }
    const alternatives = Array.isArray(error.details.alternatives) ? (error.details.alternatives as Array<{ start: string }>) : [];
    return askAnotherTime(turn, about, `${error.message.split('. ')[0]!.replace(/\.$/, '')}.`, alternatives.map((s) => s.start));
  }
}

/** Does what was confirmed: cancels (the question closed first, so a failure leaves none open), or moves. */
async function act(turn: Turn, about: MeetingQuestion): Promise<VoiceReply> {
  const { deps, request } = turn;
  const meeting = about.meetings[0]!;
  if (about.action === 'move') return move(turn, about, about.to!);
  await deps.requests.close(request.id, request.userId);
  await deps.booking.cancelBooking(meeting.id, { reason: 'Canceled by voice' }, { userId: request.userId });
  return said(`I've canceled ${spokenMeeting(meeting, request.timezone, turn.now)}.`);
}

/**
 * Which of the meetings offered an answer names: "the second one"; else by what it describes
 * ("the one on Friday", "the 10 AM", "with Bob"), as a request describes a meeting; else by the
 * words of a label ("focus time"). Null when it names none.
 */
function pickMeeting(turn: Turn, about: MeetingQuestion, text: string): Promise<VoiceReply> | VoiceReply | null {
  const position = pickPosition(about.meetings.length, text);
  if (position >= 0) return chosen(turn, about, about.meetings[position]!);
  if (!describesMeeting(text, optionsOf(turn))) {
    const picked = pickChoice(about.meetings, text);
    return picked >= 0 ? chosen(turn, about, about.meetings[picked]!) : null;
  }
  const fit = meetingsDescribed(text, about.meetings, optionsOf(turn));
  if (fit.length === 1) return chosen(turn, about, fit[0]!);
  return fit.length > 1 && fit.length < about.meetings.length ? askWhich(turn, about, fit) : null;
}

/** The answer to the question `about` asks, or null when the words are not one. `namesPeople`: they name someone. */
async function continueWith(turn: Turn, about: MeetingQuestion, text: string, namesPeople: boolean): Promise<VoiceReply | null> {
  if (about.step === 'which') return pickMeeting(turn, about, text);
  const meeting = about.meetings[0]!;
  if (about.step === 'when') {
    const picked = pickChoice(about.times, text);
    if (picked >= 0) return move(turn, about, about.times[picked]!.start);
  } else if (readYesNo(text) === 'yes') return act(turn, about);
  // A move by an amount ("an hour later", "push it back an hour") is from this meeting's start, not from now;
  // one said of another meeting ("push my 3pm back an hour") is a new request.
  const split = about.action === 'move' ? splitMove(text, optionsOf(turn)) : null;
  const shiftedTo = split ? shiftedStart(meeting.start, split, turn.request.timezone) : null;
  if (split && shiftedTo) return namesPeople || describesMeeting(split.meeting, optionsOf(turn)) ? null : chosen(turn, { ...about, to: shiftedTo }, meeting);
  // Another time for a move ("Thursday at 11"); words naming people are about a meeting, not a time.
  const to = about.action === 'move' && !namesPeople ? readNewStart(text, { ...optionsOf(turn), from: meeting.start }) : null;
  if (to) return chosen(turn, { ...about, to }, meeting);
  // "Cancel your meeting with Bob …?" — "the one with Alice": another meeting, looked for as at first.
  const positional = pickPosition(MAX_SPOKEN_MEETINGS, text) >= 0;
  if (about.step !== 'confirm' || positional || !describesMeeting(text, optionsOf(turn))) return null;
  return narrowed(turn, { ...about, step: 'which', meetings: [] }, await findDescribedMeetings(turn.deps, turn.request.userId, text, optionsOf(turn)));
}

/**
 * "Cancel my meeting with Alice", "move my 3pm to Thursday at 10", "push the standup back an
 * hour" (a request core read as a cancel or a move): finds the meeting and asks before acting; a
 * move by a shift goes to the meeting's start + the shift (days at the same time of day in the
 * request's zone), its length kept. Words that tell no meeting apart ("cancel my meeting") ask
 * which of the next ones. Throws what listBookings throws.
 */
export async function beginMeetingChange(deps: MeetingChangesDeps, request: StoredRequest): Promise<VoiceReply> {
  const turn = { deps, request, now: deps.clock.now() };
  const action = request.intent.action === 'cancel' ? 'cancel' : 'move';
  const options = optionsOf(turn);
  const { meeting: words, to, ...shift } = action === 'move' ? splitMove(request.text, options) : { meeting: request.text, to: null };
  const about: MeetingQuestion = { kind: 'meeting', action, step: 'which', meetings: [], said: to, to: null, times: [], ...shift };
  // A title said ("the standup") tells meetings apart only once they are read.
  const found = await findDescribedMeetings(deps, request.userId, words, options);
  if (found.length || describesMeeting(words, options)) return narrowed(turn, about, found);
  const { meetings } = await listUpcomingMeetings(deps, request.userId, options);
  if (meetings.length > 1) return askWhich(turn, about, meetings, false);
  return meetings.length ? chosen(turn, about, meetings[0]!) : said(`You have no upcoming meetings to ${action}.`);
}

/**
 * The next turn after a question about a meeting (`request.about`): yes or no, which meeting, or
 * when to move it to. Words that answer none of it ask the question again, unless they say what
 * to do ("meeting with Bob on Friday", "what's on tomorrow", "cancel …" while moving): those are a
 * new request, and this returns null. Throws what cancelBooking and rescheduleBooking throw
 * (but slot_unavailable, which is asked about).
 */
export async function answerMeetingQuestion(deps: MeetingChangesDeps, request: StoredRequest, text: string): Promise<VoiceReply | null> {
  const about = request.about!;
  if (readYesNo(text) === 'no') {
    await deps.requests.close(request.id, request.userId);
    return said(`Okay, I won't ${about.action} it.`);
  }
  const turn = { deps, request, now: deps.clock.now() };
  const reading = parseRequest(text, optionsOf(turn));
  const verb = reading.spans.some((s) => s.field === 'action') ? reading.action : null;
  if (verb && CHANGES.has(verb) && verb !== ACTIONS[about.action]) return null;
  if (verb === 'book' && about.step !== 'which' && reading.attendees.length) return null;
  const answered = await continueWith(turn, about, text, reading.attendees.length > 0);
  if (answered) return answered;
  return verb ? null : { speech: `Sorry, I didn't get that. ${request.question}`, expectsAnswer: true };
}
