import Router from '@koa/router';
import { getIntentName, getRequestType, SkillBuilders, type HandlerInput, type RequestHandler, type ResponseBuilder } from 'ask-sdk-core';
import type { IntentRequest, RequestEnvelope, Response } from 'ask-sdk-model';
import type { Logger } from '../../../core/logger.js';
import { wordsOfDetails } from '../../../core/voice/alexaSlots.js';
import { createVoiceAssistant, type VoiceAssistant } from '../../../core/voice/assistant.js';
import { createAlexaVerifier, type AlexaVerifierDeps } from '../../../core/voice/alexaVerify.js';
import type { AuthService } from '../../../core/auth/service.js';
import type { AppDeps, AppState } from '../../context.js';
import { DomainError } from '../../../core/errors.js';
import { INTENT_VERBS, SKILL_INTENTS, systemHandlers } from './alexaSystem.js';
import { escapeSsml } from './ssml.js';

/** The slots that carry what the listener said, word for word (AMAZON.SearchQuery). */
export const UTTERANCE_SLOTS = [...new Set(['ScheduleIntent', 'AnswerIntent', 'CancelMeetingIntent', 'MoveMeetingIntent', 'PostponeMeetingIntent'].flatMap((name) => SKILL_INTENTS[name]!))];
const WELCOME = "What should I book? For example, say: meeting with Alice tomorrow at 3 PM. You can also ask what's on your calendar, or cancel or move a meeting.";
const LINK = 'To book meetings, link your Yava account: open the Alexa app, where I have sent you a card.';
const SORRY = 'Sorry, something went wrong on my side. Please try again in a moment.';

/**
 * Speech, escaped here, the one place plain text becomes SSML: 'listen' also says it again as
 * the reprompt and keeps the session open, 'end' closes it.
 */
function answer(input: HandlerInput, speech: string, then: 'listen' | 'end'): ResponseBuilder {
  const ssml = escapeSsml(speech);
  const builder = input.responseBuilder.speak(ssml);
  return then === 'listen' ? builder.reprompt(ssml) : builder.withShouldEndSession(true);
}

/** The words of an intent's utterance slot, else of its typed slots (a bare answer), if any. */
function utteranceOf(request: IntentRequest): string | null {
  const slots = request.intent.slots ?? {};
  for (const name of UTTERANCE_SLOTS) {
    const value = slots[name]?.value?.trim();
    if (value) return value;
  }
  const value = (name: string) => slots[name]?.value;
  return wordsOfDetails({ date: value('date'), time: value('time'), duration: value('duration'), person: value('person') }) || null;
}

/** What the listener said, in words: the verb of the intent's carrier phrase, if it had one ("cancel"), then the words of its slots. */
function wordsOfIntent(request: IntentRequest): string | null {
  const verb = INTENT_VERBS[request.intent.name];
  const words = utteranceOf(request);
  return verb ? `${verb} ${words ?? ''}`.trim() : words;
}

/** The Yava user behind the linked account's access token, or null (not linked, revoked, expired). */
async function linkedUser(auth: Pick<AuthService, 'authenticate'>, input: HandlerInput): Promise<string | null> {
  const token = input.requestEnvelope.context?.System?.user?.accessToken;
  if (!token) return null;
  try {
    return (await auth.authenticate(token)).userId;
  } catch {
    return null;
  }
}

function buildSkill(assistant: VoiceAssistant, auth: Pick<AuthService, 'authenticate'>, logger: Logger) {
  const is = (type: string, ...intents: string[]) => (input: HandlerInput) => getRequestType(input.requestEnvelope) === type && (!intents.length || intents.includes(getIntentName(input.requestEnvelope)));
  const handlers: RequestHandler[] = [
    { canHandle: is('LaunchRequest'), handle: (input) => answer(input, WELCOME, 'listen').getResponse() },
    { canHandle: is('IntentRequest', 'AMAZON.HelpIntent', 'AMAZON.FallbackIntent'), handle: (input) => answer(input, WELCOME, 'listen').getResponse() },
    { canHandle: is('IntentRequest', 'AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.NavigateHomeIntent'), handle: (input) => answer(input, 'Okay.', 'end').getResponse() },
    { canHandle: is('SessionEndedRequest'), handle: (input) => input.responseBuilder.getResponse() },
    {
      canHandle: is('IntentRequest'),
      async handle(input): Promise<Response> {
        const intent = getIntentName(input.requestEnvelope);
        const userId = await linkedUser(auth, input);
        if (!userId) return intent === 'AMAZON.NoIntent' ? answer(input, 'Okay.', 'end').getResponse() : answer(input, LINK, 'end').withLinkAccountCard().getResponse();
        // "Yes" and "no" to "Should I book it?" or "Cancel your 3 PM?" are Amazon's own intents, with no words in them.
        const text = intent === 'AMAZON.YesIntent' ? 'yes' : intent === 'AMAZON.NoIntent' ? 'no' : wordsOfIntent(input.requestEnvelope.request as IntentRequest);
        if (!text) return answer(input, WELCOME, 'listen').getResponse();
        const reply = await assistant.hear({ userId, text });
        return answer(input, reply.speech, reply.expectsAnswer ? 'listen' : 'end').getResponse();
      },
    },
    ...systemHandlers(logger),
  ];
  // Only a listener's turn may be answered with speech; a failure elsewhere answers nothing.
  const spoken = (input: HandlerInput) => ['LaunchRequest', 'IntentRequest'].includes(getRequestType(input.requestEnvelope));
  return SkillBuilders.custom()
    .addRequestHandlers(...handlers)
    .addErrorHandlers({
      canHandle: () => true,
      handle(input, error) {
        logger.error({ requestType: getRequestType(input.requestEnvelope), errorType: error?.name }, 'Alexa request failed');
        return spoken(input) ? answer(input, SORRY, 'end').getResponse() : input.responseBuilder.getResponse();
      },
    })
    .create();
}

/** With ALEXA_SKILL_ID set, a request for any other skill is refused (a signed request from Amazon can still be meant for someone else's skill). */
function requireSkill(envelope: RequestEnvelope, skillId: string | undefined): void {
  if (!skillId) return;
  const applicationId = envelope.context?.System?.application?.applicationId ?? envelope.session?.application?.applicationId;
  if (applicationId !== skillId) throw new DomainError('validation_failed', 'This request is for another Alexa skill (application id does not match ALEXA_SKILL_ID)');
}

export type AlexaOptions = Pick<AlexaVerifierDeps, 'fetchCertificate' | 'trustedRoots'>;

/**
 * The Alexa custom-skill endpoint `POST /voice/alexa`. Every request is verified as Amazon
 * requires (certificate URL, chain, Signature-256 over the raw body, 150 s timestamp) before
 * anything acts: a failure answers 400 and changes nothing. Intents carry the raw utterance into
 * the same request workflow as chat; the account is linked through Yava's OAuth server.
 * Alexa's other requests (CanFulfillIntentRequest, System.ExceptionEncountered, audio and
 * connection events) are answered without speech: see {@link systemHandlers}.
 */
export function alexaRoutes({ services, clock, config, logger }: AppDeps, options: AlexaOptions = {}): Router<AppState> {
  const router = new Router<AppState>();
  const verify = createAlexaVerifier({ clock, ...options });
  const skill = buildSkill(createVoiceAssistant({ clock, requests: services.requests, booking: services.booking }), services.auth, logger);

  router.post('/voice/alexa', async (ctx) => {
    const raw = (ctx.request as { rawBody?: string }).rawBody ?? '';
    const envelope = (await verify({ certUrl: ctx.get('SignatureCertChainUrl') || undefined, signature: ctx.get('Signature-256') || undefined, rawBody: Buffer.from(raw, 'utf8') })) as RequestEnvelope;
    requireSkill(envelope, config.ALEXA_SKILL_ID);
    ctx.body = await skill.invoke(envelope);
  });

  return router;
}
