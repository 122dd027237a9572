import { getRequestType, type HandlerInput, type RequestHandler } from 'ask-sdk-core';
import type { canfulfill, Intent, interfaces } from 'ask-sdk-model';
import type { Logger } from '../../../core/logger.js';

/**
 * The custom intents of alexa/interactionModels and the slots the skill reads: the word-for-word
 * ones carry what was said in one AMAZON.SearchQuery slot; DetailsIntent takes a bare answer
 * ("tomorrow", "3 PM", "Bob") as typed slots (see core/voice/alexaSlots); ListMeetingsIntent
 * takes the day asked about as an AMAZON.DATE; CancelMeetingIntent, MoveMeetingIntent and
 * PostponeMeetingIntent carry the words after their verb ("cancel {meeting}", "move {meeting}",
 * "delay {meeting}").
 */
export const SKILL_INTENTS: Readonly<Record<string, readonly string[]>> = {
  ScheduleIntent: ['utterance'],
  AnswerIntent: ['answer'],
  DetailsIntent: ['date', 'time', 'duration', 'person'],
  ListMeetingsIntent: ['date'],
  CancelMeetingIntent: ['meeting'],
  MoveMeetingIntent: ['meeting'],
  PostponeMeetingIntent: ['meeting'],
};

/** The verb an intent's carrier phrase said, put back before its words ("cancel" + "my 3pm"). */
export const INTENT_VERBS: Readonly<Record<string, string>> = {
  ListMeetingsIntent: "what's on my calendar",
  CancelMeetingIntent: 'cancel',
  MoveMeetingIntent: 'move',
  // "delay my 3pm by an hour", "push the standup 15 minutes": a verb that says later, which "move" would lose.
  PostponeMeetingIntent: 'postpone',
};

/** Intents the skill can answer with no slot filled: "what's on my calendar" lists the next meetings. */
const COMPLETE_WITHOUT_SLOTS = new Set(['ListMeetingsIntent']);

/**
 * Whether the skill would book from this intent, asked before Alexa routes a name-free request
 * ("Alexa, book a meeting with Alice…") to it. YES only for a custom intent with words in a slot
 * it reads (or, for one complete without them, no words at all) and no slot it does not read;
 * built-ins (stop, help) are NO.
 * Nothing is looked up or booked: the answer depends on the intent alone, linked or not.
 */
export function canFulfillIntent(intent: Intent): canfulfill.CanFulfillIntent {
  const read = SKILL_INTENTS[intent.name] ?? [];
  const slots: Record<string, canfulfill.CanFulfillSlot> = {};
  for (const slot of Object.values(intent.slots ?? {})) {
    if (!slot.value?.trim()) continue;
    const understood = read.includes(slot.name) ? 'YES' : 'NO';
    slots[slot.name] = { canUnderstand: understood, canFulfill: understood };
  }
  const heard = Object.values(slots).some((s) => s.canFulfill === 'YES') || (COMPLETE_WITHOUT_SLOTS.has(intent.name) && Object.keys(slots).length === 0);
  const canFulfill = heard && Object.values(slots).every((s) => s.canFulfill === 'YES') ? 'YES' : 'NO';
  return { canFulfill, slots };
}

/**
 * Requests Alexa sends besides a listener's turn. An answer to System.ExceptionEncountered (Alexa
 * could not use our last response) must carry no speech, card or reprompt; the error it reports
 * is logged. Any other type the skill does not know (AudioPlayer.*, PlaybackController.*,
 * Connections.Response, …) gets an empty response, not an apology spoken to no one.
 * Goes after every other handler: the last one takes whatever is left.
 */
export function systemHandlers(logger: Logger): RequestHandler[] {
  const type = (input: HandlerInput) => getRequestType(input.requestEnvelope);
  return [
    {
      canHandle: (input) => type(input) === 'CanFulfillIntentRequest',
      handle: (input) => input.responseBuilder.withCanFulfillIntent(canFulfillIntent((input.requestEnvelope.request as canfulfill.CanFulfillIntentRequest).intent)).getResponse(),
    },
    {
      canHandle: (input) => type(input) === 'System.ExceptionEncountered',
      handle(input) {
        const { error, cause } = input.requestEnvelope.request as interfaces.system.ExceptionEncounteredRequest;
        logger.warn({ alexaErrorType: error?.type, alexaError: error?.message, causeRequestId: cause?.requestId }, 'Alexa could not use a response of the skill');
        return input.responseBuilder.getResponse();
      },
    },
    { canHandle: () => true, handle: (input) => input.responseBuilder.getResponse() },
  ];
}
