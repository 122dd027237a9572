import { createHash } from 'node:crypto';
import { App, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { DomainError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { createBotConversation, type BotDeps } from '../runtime.js';
import type { SlackBotContext } from './context.js';
import { registerListeners } from './listeners/index.js';
import { KoaSlackReceiver } from './receiver.js';

/** Bolt logs through our logger (pino redacts secrets). */
function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const line = (fn: 'debug' | 'info' | 'warn' | 'error') => (...msg: unknown[]) => logger[fn]({ source: 'slack' }, msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' '));
  return {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    setLevel: (l) => (level = l),
    getLevel: () => level,
    setName: () => {},
  };
}

/** The id Slack keeps across retries of one delivery: `event_id` for events, `trigger_id` for interactions. */
export function slackDeliveryId(body: Record<string, unknown>): string {
  if (typeof body.event_id === 'string') return `event:${body.event_id}`;
  if (typeof body.trigger_id === 'string') return `trigger:${body.trigger_id}`;
  return `body:${createHash('sha256').update(JSON.stringify(body)).digest('hex')}`;
}

export interface SlackBot {
  app: App;
  /** Set in HTTP mode: the handler for `POST /slack/events`. */
  receiver?: KoaSlackReceiver;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Slack app: HTTP mode on our Koa server (a {@link KoaSlackReceiver}), or Socket Mode when
 * SLACK_APP_TOKEN is set and `socketMode` is asked for (teams without a public URL).
 * `SLACK_API_URL` points the Web API elsewhere (a local fake in tests).
 */
export function createSlackBot(deps: BotDeps, options: { socketMode?: boolean } = {}): SlackBot {
  const { config, logger, clock, services } = deps;
  if (!config.SLACK_BOT_TOKEN) throw new DomainError('not_configured', 'Slack is not configured: set SLACK_BOT_TOKEN');
  const clientOptions = {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL.endsWith('/') ? config.SLACK_API_URL : `${config.SLACK_API_URL}/` } : {}),
    retryConfig: { retries: config.NODE_ENV === 'test' ? 0 : 3 },
    timeout: 10_000,
  };
  const common = { token: config.SLACK_BOT_TOKEN, logger: boltLogger(logger), clientOptions, tokenVerificationEnabled: false, ignoreSelf: true };
  let receiver: KoaSlackReceiver | undefined;
  let app: App;
  if (options.socketMode) {
    if (!config.SLACK_APP_TOKEN) throw new DomainError('not_configured', 'Slack Socket Mode is not configured: set SLACK_APP_TOKEN (xapp-…)');
    app = new App({ ...common, appToken: config.SLACK_APP_TOKEN, socketMode: true });
  } else {
    if (!config.SLACK_SIGNING_SECRET) throw new DomainError('not_configured', 'Slack is not configured: set SLACK_SIGNING_SECRET');
    receiver = new KoaSlackReceiver({ signingSecret: config.SLACK_SIGNING_SECRET, clock, logger });
    app = new App({ ...common, receiver });
  }

  // A retried delivery (X-Slack-Retry-Num, or a Socket Mode retry) never acts twice.
  app.use(async (args) => {
    const first = await services.chatAccounts.recordDelivery('slack', slackDeliveryId(args.body as unknown as Record<string, unknown>));
    if (!first) {
      logger.info({ retryNum: args.context.retryNum }, 'slack delivery seen before; ignored');
      const ack = (args as { ack?: () => Promise<void> }).ack;
      if (ack) await ack().catch(() => {});
      return;
    }
    await args.next();
  });

  app.error(async (error) => {
    logger.error({ err: error.message, code: (error as { code?: string }).code }, 'slack listener error');
  });

  const ctx: SlackBotContext = { conversation: createBotConversation(deps), chatAccounts: services.chatAccounts, logger, calendars: services.calendars };
  registerListeners(app, ctx);
  return {
    app,
    receiver,
    start: async () => {
      await app.start();
    },
    stop: async () => {
      await app.stop();
    },
  };
}
