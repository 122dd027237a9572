import type { ParameterizedContext } from 'koa';
import type { Knex } from 'knex';
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { Principal } from '../core/auth/service.js';
import type { Services } from '../core/services.js';
import type { DomainError } from '../core/errors.js';

/** What every route and middleware can reach. */
export interface AppDeps {
  db: Knex;
  clock: Clock;
  config: Config & { jwtSecret: string; encryptionKey?: Buffer };
  logger: Logger;
  services: Services;
}

export interface AppState {
  requestId: string;
  principal?: Principal;
  /** Set by HTML routes so their errors render as a page rather than problem+json. */
  /** Renders an error as an HTML page instead of problem+json (booking pages); `status` is its HTTP status. */
  renderError?: (error: DomainError, status: number) => void;
}

export type AppContext = ParameterizedContext<AppState>;
