import Router from '@koa/router';
import { createVoiceAssistant } from '../../../core/voice/assistant.js';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { presentMeeting } from '../../presenters/meeting.js';
import { parseInput } from '../../validate.js';
import { voiceTextSchema } from './schema.js';

/**
 * The plain voice-text door: an iOS Shortcut or Android shortcut dictates, POSTs the words with
 * a personal access token, and speaks `speech` back. The same request workflow as chat (source
 * 'voice'); a question's answer is simply the next POST.
 */
export function voiceRoutes({ services, clock, config }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const assistant = createVoiceAssistant({ clock, requests: services.requests, booking: services.booking });

  router.post('/api/voice', requireAuth, async (ctx) => {
    const input = parseInput(voiceTextSchema, ctx.request.body);
    const reply = await assistant.hear({ userId: ctx.state.principal!.userId, text: input.text, timezone: input.timezone });
    ctx.body = {
      speech: reply.speech,
      expectsAnswer: reply.expectsAnswer,
      ...(reply.meeting ? { meeting: presentMeeting(reply.meeting, { publicUrl: config.publicUrl }) } : {}),
    };
  });

  return router;
}
