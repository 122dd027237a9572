import type { Middleware } from 'koa';
import { DomainError } from '../../core/errors.js';
import type { Clock } from '../../core/clock.js';
import type { AppState, AppContext } from '../context.js';

export interface RateLimitOptions {
  enabled: boolean;
  limit: number;
  windowMs: number;
  clock: Clock;
  /** The bucket a request counts against; null skips the limit for it. */
  key: (ctx: AppContext) => string | null;
  name: string;
}

/**
 * Fixed-window request limit per key, in this process's memory. Limits are set from
 * the environment and `RATE_LIMIT=off` turns them all off (load tests, benchmarks).
 */
export function rateLimit(options: RateLimitOptions): Middleware<AppState> {
  if (!options.enabled) return (_ctx, next) => next();
  const windows = new Map<string, { start: number; count: number }>();
  return async (ctx, next) => {
    const key = options.key(ctx);
    if (key === null) return next();
    const now = options.clock.now().getTime();
    let window = windows.get(key);
    if (!window || now - window.start >= options.windowMs) {
      window = { start: now, count: 0 };
      windows.set(key, window);
      if (windows.size > 50_000) {
        for (const [k, w] of windows) if (now - w.start >= options.windowMs) windows.delete(k);
      }
    }
    window.count += 1;
    ctx.set('RateLimit-Limit', String(options.limit));
    ctx.set('RateLimit-Remaining', String(Math.max(0, options.limit - window.count)));
    if (window.count > options.limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((window.start + options.windowMs - now) / 1000));
      throw new DomainError('rate_limited', `Too many requests (${options.name}); slow down and retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
    await next();
  };
}

/** The per-address limit on public bookings (API and booking page), RATE_LIMIT_BOOKING_PER_MINUTE. */
export function bookingRateLimit({ config, clock }: { config: { RATE_LIMIT: boolean; RATE_LIMIT_BOOKING_PER_MINUTE: number }; clock: Clock }, bucket: string): Middleware<AppState> {
  return rateLimit({
    enabled: config.RATE_LIMIT,
    limit: config.RATE_LIMIT_BOOKING_PER_MINUTE,
    windowMs: 60_000,
    clock,
    name: 'bookings per address',
    key: (ctx) => `${bucket}:${ctx.ip}`,
  });
}
