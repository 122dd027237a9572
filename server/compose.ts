/**
 * The composition root: the one module that sees every layer. It builds the configuration's
 * secrets, the database, core's services, the Koa app from api/ and the chat front doors from
 * bot/, and mounts the doors on the app. api/ and bot/ never import each other; they meet here.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import Router from '@koa/router';
import { createApp } from '../api/app.js';
import { alexaRoutes } from '../api/routes/voice/alexa.js';
import type { AppDeps, AppState, ProcessRole, Runtime } from '../api/context.js';
import { createSlackBot, type SlackBot } from '../bot/slack/app.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import { connectionSettings, createDatabase, type Database } from '../core/db/knex.js';
import { DomainError } from '../core/errors.js';
import { migrateLatest } from '../core/db/migrate.js';
import { resolveEncryptionKey } from '../core/calendars/secretBox.js';
import type { Logger } from '../core/logger.js';
import { createServices } from '../core/services.js';
import { createAvailabilityCache } from '../core/cache/availabilityCache.js';
import { createMemoryPubSub, createRedisPubSub } from '../core/cache/pubsub.js';
import { createRedis, waitForRedis } from '../core/cache/redis.js';
import { createMemoryWindowCounter, createRedisWindowCounter } from '../core/cache/windowCounter.js';
import { createMetrics } from '../core/metrics/index.js';

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

/**
 * Caps the open connections from one client address: one more is answered 503 with
 * Retry-After and closed. (Behind a reverse proxy every connection comes from the proxy:
 * raise MAX_CONNECTIONS_PER_ADDRESS there, and cap clients at the proxy.)
 */
export function limitConnectionsPerAddress(server: Server, max: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.on('error', () => {});
      socket.end('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 36\r\n\r\nToo many connections from your side\n');
      socket.destroySoon();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  deps: AppDeps;
  /** Slack's HTTP mode, when SLACK_SIGNING_SECRET is set (tests wait for its background work). */
  slack: SlackBot | null;
  /** /ready answers 503 from now on (SIGTERM): load balancers take this process out of rotation. */
  drain(): void;
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
  /** `worker` serves only /health, /ready and /metrics; default `all`. Jobs are started by the caller. */
  role?: ProcessRole;
}

/** Redis (when REDIS_URL is set), rate-limit counters, pub/sub and metrics for one process. */
async function createRuntime(options: StartServerOptions, db: Database): Promise<Runtime> {
  const { config, logger } = options;
  const role = options.role ?? 'all';
  const redis = config.REDIS_URL ? await createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, logger }) : null;
  if (redis) await waitForRedis(redis);
  return {
    role,
    draining: false,
    redis,
    rateLimitCounter: redis ? createRedisWindowCounter(redis) : createMemoryWindowCounter(),
    replica: Boolean(config.DATABASE_READ_URL),
    pubsub: redis ? createRedisPubSub(redis) : createMemoryPubSub(),
    metrics: createMetrics({ db: db.knex, role, defaultMetrics: config.NODE_ENV !== 'test' }),
  };
}

async function closeRuntime(runtime: Runtime): Promise<void> {
  await runtime.pubsub.close().catch(() => {});
  if (runtime.redis) await runtime.redis.quit().catch(() => runtime.redis?.disconnect());
}

/**
 * Slack's HTTP mode when SLACK_SIGNING_SECRET is set: `POST /slack/events` (slash commands,
 * interactivity, events), checked on the raw bytes. Without SLACK_BOT_TOKEN the server still
 * starts, logs what is missing, and the path answers not_configured.
 */
function mountSlack(deps: AppDeps): { slack: SlackBot | null; routers: Array<Router<AppState>> } {
  const { config, logger } = deps;
  if (!config.SLACK_SIGNING_SECRET) return { slack: null, routers: [] };
  const router = new Router<AppState>();
  if (!config.SLACK_BOT_TOKEN) {
    logger.warn('Slack is off: SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is missing; set both for /slack/events');
    router.post('/slack/events', () => {
      throw new DomainError('not_configured', 'Slack is not configured: set SLACK_BOT_TOKEN');
    });
    return { slack: null, routers: [router] };
  }
  const slack = createSlackBot(deps);
  router.post('/slack/events', (ctx) => slack.receiver!.handle(ctx));
  return { slack, routers: [router] };
}

/** Opens the database, migrates, builds the services and front doors, and listens. `close()` stops accepting, drains, and closes what it opened. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const ownsDatabase = !options.database;
  const database = options.database ?? (await createDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.YAVA_DATA_DIR, ...connectionSettings(config) }));
  let runtime: Runtime | null = null;
  let readDatabase: Database | null = null;
  try {
    if (options.migrate !== false) await migrateLatest(database.knex);
    const jwtSecret = options.jwtSecret ?? resolveJwtSecret(config);
    const encryptionKey = options.encryptionKey ?? resolveEncryptionKey(config);
    const fullConfig = { ...config, jwtSecret, encryptionKey };
    runtime = await createRuntime(options, database);
    const live = runtime;
    const slotCache = live.redis ? createAvailabilityCache({ db: database.knex, redis: live.redis, onResult: (hit) => live.metrics.countCacheResult(hit) }) : undefined;
    readDatabase = config.DATABASE_READ_URL ? await createDatabase({ databaseUrl: config.DATABASE_READ_URL, ...connectionSettings(config) }) : null;
    const services = createServices({ db: database.knex, clock, config: fullConfig, logger, slotCache, readDb: readDatabase?.knex, pubsub: live.pubsub });
    const deps: AppDeps = { db: database.knex, clock, config: fullConfig, logger, services, runtime: live };
    const { slack, routers } = mountSlack(deps);
    const app = createApp(deps, [...routers, alexaRoutes(deps)]);
    const server = createServer(
      {
        headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
        requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
        // How often Node checks those timeouts (default 30 s, which would let a stuck request live that long).
        connectionsCheckingInterval: Math.min(1_000, config.HTTP_HEADERS_TIMEOUT_MS),
      },
      app.callback(),
    );
    server.keepAliveTimeout = 5_000;
    limitConnectionsPerAddress(server, config.MAX_CONNECTIONS_PER_ADDRESS);
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
      slack,
      drain() {
        live.draining = true;
      },
      async close() {
        live.draining = true;
        await new Promise<void>((ok) => {
          server.close(() => ok());
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), 2_000).unref();
        });
        await slack?.stop();
        await closeRuntime(live);
        await readDatabase?.close();
        if (ownsDatabase) await database.close();
      },
    };
  } catch (error) {
    if (runtime) await closeRuntime(runtime);
    await readDatabase?.close().catch(() => {});
    if (ownsDatabase) await database.close().catch(() => {});
    throw error;
  }
}
