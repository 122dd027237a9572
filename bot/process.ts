import { resolveEncryptionKey } from '../core/calendars/secretBox.js';
import { randomBytes } from 'node:crypto';
import { systemClock } from '../core/clock.js';
import { loadConfig, readEnv, type Config } from '../core/config.js';
import { connectionSettings, createDatabase, type Database } from '../core/db/knex.js';
import { migrationStatus } from '../core/db/migrate.js';
import { DomainError } from '../core/errors.js';
import { createLogger, type Logger } from '../core/logger.js';
import { createServices } from '../core/services.js';
import { createDiscordBot } from './discord/bot.js';
import { createSlackBot } from './slack/app.js';

export interface RunningBot {
  describe: string;
  stop(): Promise<void>;
}

/**
 * `yava bot slack` / `yava bot discord`: a bot in its own process on the server's PostgreSQL
 * (DATABASE_URL). The embedded database belongs to the one server process, so without
 * DATABASE_URL run Slack's HTTP mode inside `npm start` instead (SLACK_SIGNING_SECRET).
 */
export async function startBotProcess(platform: 'slack' | 'discord', options: { config?: Config; logger?: Logger } = {}): Promise<RunningBot> {
  const config = options.config ?? loadConfig(readEnv());
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  if (!config.DATABASE_URL) {
    throw new DomainError('not_configured', 'Set DATABASE_URL: a bot process shares the server\'s PostgreSQL (with the embedded database, run Slack in the server: npm start with SLACK_SIGNING_SECRET)');
  }
  if (platform === 'slack' && !config.SLACK_APP_TOKEN) {
    throw new DomainError('not_configured', 'Set SLACK_APP_TOKEN (xapp-…) for Socket Mode; for HTTP mode, set SLACK_SIGNING_SECRET on the server (npm start) and point Slack at {PUBLIC_URL}/slack/events');
  }
  const database: Database = await createDatabase({ databaseUrl: config.DATABASE_URL, ...connectionSettings(config) });
  try {
    const status = await migrationStatus(database.knex);
    if (status.pending.length) throw new DomainError('not_configured', `The database needs migrating first (yava db migrate): ${status.pending.length} pending`);
    // The bot issues no tokens; a secret is needed only to build the services.
    const fullConfig = { ...config, jwtSecret: config.JWT_SECRET ?? randomBytes(48).toString('base64url'), encryptionKey: resolveEncryptionKey(config) };
    const services = createServices({ db: database.knex, clock: systemClock, config: fullConfig, logger });
    const deps = { clock: systemClock, config, logger, services };
    const bot = platform === 'slack' ? createSlackBot(deps, { socketMode: true }) : createDiscordBot(deps);
    await bot.start();
    return {
      describe: platform === 'slack' ? 'Slack bot running in Socket Mode' : 'Discord bot running (/meet registered)',
      async stop() {
        await bot.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}
