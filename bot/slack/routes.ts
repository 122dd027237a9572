import Router from '@koa/router';
import type { AppDeps, AppState } from '../../api/context.js';
import { createSlackBot } from './app.js';

/**
 * `POST /slack/events` (slash commands, interactivity, shortcuts and events all arrive here)
 * when SLACK_SIGNING_SECRET is set. The JSON parser skips /slack/, so the signature is checked
 * on the raw bytes.
 */
export function slackRoutes(deps: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  if (!deps.config.SLACK_SIGNING_SECRET) return router;
  const bot = createSlackBot(deps);
  router.post('/slack/events', (ctx) => bot.receiver!.handle(ctx));
  slackBots.set(deps, bot);
  return router;
}

/** The Slack bot mounted for an app's dependencies (tests wait for its background work). */
export const slackBots = new WeakMap<object, ReturnType<typeof createSlackBot>>();
