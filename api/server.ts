import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import { createDatabase, type Database } from '../core/db/knex.js';
import { migrateLatest } from '../core/db/migrate.js';
import type { Logger } from '../core/logger.js';
import { createServices } from '../core/services.js';
import { createApp } from './app.js';
import type Router from '@koa/router';
import type { AppDeps, AppState } from './context.js';

/**
 * The JWT secret: JWT_SECRET when set; otherwise (development) a random one kept in
 * the data directory so sessions survive a restart.
 */
export function resolveJwtSecret(config: Config): string {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  const dir = resolve(config.YAVA_DATA_DIR, '..');
  const file = join(dir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  deps: AppDeps;
  close(): Promise<void>;
}

export interface StartServerOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** An open database to use (tests share one); otherwise one is opened from config and closed with the server. */
  database?: Database;
  jwtSecret?: string;
  migrate?: boolean;
  /** Routes mounted from outside api/ (e.g. Slack's HTTP mode from bot/). */
  routes?: Array<(deps: AppDeps) => Router<AppState>>;
}

/** Opens the database, migrates, and listens. `close()` stops accepting, drains, and closes what it opened. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const ownsDatabase = !options.database;
  const database = options.database ?? (await createDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.YAVA_DATA_DIR }));
  try {
    if (options.migrate !== false) await migrateLatest(database.knex);
    const jwtSecret = options.jwtSecret ?? resolveJwtSecret(config);
    const fullConfig = { ...config, jwtSecret };
    const services = createServices({ db: database.knex, clock, config: fullConfig, logger });
    const deps: AppDeps = { db: database.knex, clock, config: fullConfig, logger, services };
    const app = createApp(deps, options.routes);
    const server = createServer(app.callback());
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(config.PORT, config.HOST, () => ok());
    });
    const port = (server.address() as AddressInfo).port;
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    return {
      url: `http://${host}:${port}`,
      port,
      server,
      deps,
      async close() {
        await new Promise<void>((ok) => {
          server.close(() => ok());
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), 2_000).unref();
        });
        if (ownsDatabase) await database.close();
      },
    };
  } catch (error) {
    if (ownsDatabase) await database.close().catch(() => {});
    throw error;
  }
}
