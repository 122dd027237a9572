import type { Middleware } from 'koa';
import { DomainError } from '../../core/errors.js';
import type { Clock } from '../../core/clock.js';
import { createMemoryWindowCounter, type WindowCounter, type WindowHit } from '../../core/cache/windowCounter.js';
import type { AppDeps, AppState, AppContext } from '../context.js';

export interface RateLimitOptions {
  enabled: boolean;
  limit: number;
  windowMs: number;
  clock: Clock;
  /** The bucket a request counts against; null skips the limit for it. */
  key: (ctx: AppContext) => string | null;
  name: string;
  /** Where windows are counted: Redis (shared by every API process) when REDIS_URL is set; else this process. */
  counter?: WindowCounter;
}

/**
 * Fixed-window request limit per key. Limits are set from the environment and
 * `RATE_LIMIT=off` turns them all off (load tests, benchmarks). When the shared counter
 * (Redis) fails, this process counts on its own until it is back, rather than failing requests.
 */
export function rateLimit(options: RateLimitOptions): Middleware<AppState> {
  if (!options.enabled) return (_ctx, next) => next();
  const local = createMemoryWindowCounter();
  const counter = options.counter ?? local;
  return async (ctx, next) => {
    const key = options.key(ctx);
    if (key === null) return next();
    const now = options.clock.now().getTime();
    let hit: WindowHit;
    try {
      hit = await counter.hit(`${options.name}:${key}`, options.windowMs, now);
    } catch {
      hit = await local.hit(`${options.name}:${key}`, options.windowMs, now);
    }
    ctx.set('RateLimit-Limit', String(options.limit));
    ctx.set('RateLimit-Remaining', String(Math.max(0, options.limit - hit.count)));
    if (hit.count > options.limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((hit.resetAt - now) / 1000));
      throw new DomainError('rate_limited', `Too many requests (${options.name}); slow down and retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
    await next();
  };
}

/** The per-address limit on public bookings (API and booking page), RATE_LIMIT_BOOKING_PER_MINUTE. */
export function bookingRateLimit(
  { config, clock, runtime }: { config: { RATE_LIMIT: boolean; RATE_LIMIT_BOOKING_PER_MINUTE: number }; clock: Clock; runtime?: { rateLimitCounter?: WindowCounter } },
  bucket: string,
): Middleware<AppState> {
  return rateLimit({
    enabled: config.RATE_LIMIT,
    limit: config.RATE_LIMIT_BOOKING_PER_MINUTE,
    windowMs: 60_000,
    clock,
    name: 'bookings per address',
    key: (ctx) => `${bucket}:${ctx.ip}`,
    counter: runtime?.rateLimitCounter,
  });
}

/**
 * The tighter per-address limit of the sign-in doors (login, register, refresh, OAuth consent
 * and token): a tenth of RATE_LIMIT_PER_IP_PER_MINUTE, at least 10 a minute.
 */
export function signInRateLimit(deps: Pick<AppDeps, 'config' | 'clock' | 'runtime'>, name: string, prefix: string): Middleware<AppState> {
  return rateLimit({
    enabled: deps.config.RATE_LIMIT,
    limit: Math.max(10, Math.floor(deps.config.RATE_LIMIT_PER_IP_PER_MINUTE / 10)),
    windowMs: 60_000,
    clock: deps.clock,
    name,
    key: (ctx) => `${prefix}:${ctx.ip}`,
    counter: deps.runtime.rateLimitCounter,
  });
}

/**
 * The sign-in limit of `/api/auth/*` (register, login, refresh, e-mailed links), one bucket per
 * address that the dashboard's sign-up form counts against too, so neither door adds to the other's allowance.
 */
export function authRateLimit(deps: Pick<AppDeps, 'config' | 'clock' | 'runtime'>): Middleware<AppState> {
  return signInRateLimit(deps, 'sign-in requests per address', 'auth');
}
