import Router from '@koa/router';
import type { AppDeps, AppState } from '../../api/context.js';
import { DomainError } from '../../core/errors.js';
import { createSlackBot } from './app.js';

/**
 * `POST /slack/events` (slash commands, interactivity, shortcuts and events all arrive here)
 * when SLACK_SIGNING_SECRET is set. The JSON parser skips /slack/, so the signature is checked
 * on the raw bytes.
 */
export function slackRoutes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  if (!deps.config.SLACK_SIGNING_SECRET) return router;
  if (!deps.config.SLACK_BOT_TOKEN) {
    // Start anyway: the rest of Yava works, and the log says what to add.
    deps.logger.warn('Slack is off: SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is missing; set both for /slack/events');
    router.post('/slack/events', () => {
      throw new DomainError('not_configured', 'Slack is not configured: set SLACK_BOT_TOKEN');
    });
    return router;
  }
  const bot = createSlackBot(deps);
  router.post('/slack/events', (ctx) => bot.receiver!.handle(ctx));
  slackBots.set(deps, bot);
  return router;
}

/** The Slack bot mounted for an app's dependencies (tests wait for its background work). */
export const slackBots = new WeakMap<object, ReturnType<typeof createSlackBot>>();
