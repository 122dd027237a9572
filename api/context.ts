import type { ParameterizedContext } from 'koa';
import type { Knex } from 'knex';
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { Principal } from '../core/auth/service.js';
import type { Services } from '../core/services.js';
import type { DomainError } from '../core/errors.js';
import type { Redis } from '../core/cache/redis.js';
import type { PubSub } from '../core/cache/pubsub.js';
import type { WindowCounter } from '../core/cache/windowCounter.js';
import type { Metrics } from '../core/metrics/index.js';

/** What a process runs: the HTTP API, the jobs (outbox dispatcher, periodic jobs), or both. */
export type ProcessRole = 'api' | 'worker' | 'all';

/** Per-process machinery shared by routes and middleware. */
export interface Runtime {
  role: ProcessRole;
  /** Set on SIGTERM: /ready answers 503 so load balancers stop sending new requests. */
  draining: boolean;
  /** The shared Redis connection when REDIS_URL is set. */
  redis: Redis | null;
  /** Rate-limit windows: in Redis (shared by every API process) or in this process. */
  rateLimitCounter: WindowCounter;
  pubsub: PubSub;
  metrics: Metrics;
  /** Whether a read replica (DATABASE_READ_URL) is in use. */
  replica: boolean;
}

/** What every route and middleware can reach. */
export interface AppDeps {
  db: Knex;
  clock: Clock;
  config: Config & { jwtSecret: string; encryptionKey?: Buffer };
  logger: Logger;
  services: Services;
  runtime: Runtime;
}

export interface AppState {
  requestId: string;
  principal?: Principal;
  /** With a read replica: this request's author changed something moments ago, so read the primary. */
  readFromPrimary?: boolean;
  /** Set by HTML routes so their errors render as a page rather than problem+json. */
  /** Renders an error as an HTML page instead of problem+json (booking pages); `status` is its HTTP status. */
  renderError?: (error: DomainError, status: number) => void;
  /** The public address pages link to: PUBLIC_URL, or https://<domain> on a verified custom domain. */
  siteUrl?: string;
  /** On a verified custom domain: the user (username) or team (slug) whose pages it serves. */
  siteOwner?: { user?: string; team?: string };
}

export type AppContext = ParameterizedContext<AppState>;
