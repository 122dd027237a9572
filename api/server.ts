import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import { createDatabase, type Database } from '../core/db/knex.js';
import { migrateLatest } from '../core/db/migrate.js';
import { resolveEncryptionKey } from '../core/calendars/secretBox.js';
import type { Logger } from '../core/logger.js';
import { createServices } from '../core/services.js';
import { createApp } from './app.js';
import type Router from '@koa/router';
import type { AppDeps, AppState } from './context.js';

/**
 * The JWT secret: JWT_SECRET when set; otherwise (development) a random one kept in
 * `jwt-secret` inside the data directory (0600) so sessions survive a restart. A secret
 * left by older versions next to the data directory (`.yava/jwt-secret`) is moved in, so
 * existing sessions stay valid. An in-memory database gets a secret for this run only.
 */
export function resolveJwtSecret(config: Config): string {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  if (config.YAVA_DATA_DIR.startsWith('memory://')) return randomBytes(48).toString('base64url');
  const dir = resolve(config.YAVA_DATA_DIR);
  const file = join(dir, 'jwt-secret');
  const legacy = join(dir, '..', 'jwt-secret');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(file) && existsSync(legacy)) renameSync(legacy, file);
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    return readFileSync(file, 'utf8').trim();
  }
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
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
  /** The calendar token key; otherwise resolved from config (YAVA_ENCRYPTION_KEY or the data directory). */
  encryptionKey?: Buffer;
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
    const encryptionKey = options.encryptionKey ?? resolveEncryptionKey(config);
    const fullConfig = { ...config, jwtSecret, encryptionKey };
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
