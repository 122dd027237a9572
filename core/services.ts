import type { Knex } from 'knex';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { createAuthService } from './auth/service.js';

export interface CoreDeps {
  db: Knex;
  clock: Clock;
  config: Config & { jwtSecret: string };
  logger: Logger;
}

/** Every core service, built once per process from the same dependencies. */
export function createServices(deps: CoreDeps) {
  const { db, clock, config } = deps;
  const auth = createAuthService({
    db,
    clock,
    config: {
      jwtSecret: config.jwtSecret,
      accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: config.REFRESH_TOKEN_TTL_DAYS,
      bcryptCost: config.BCRYPT_COST,
      loginMaxFailures: config.LOGIN_MAX_FAILURES,
      loginLockMinutes: config.LOGIN_LOCK_MINUTES,
    },
  });
  return { auth };
}

export type Services = ReturnType<typeof createServices>;
