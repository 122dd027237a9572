import type { Knex } from 'knex';
import { DomainError } from '../errors.js';

export interface LoginThrottleOptions {
  maxFailures: number;
  lockMinutes: number;
}

/** An address is shared by many people (offices, NAT), so it gets this many times the account allowance. */
const ADDRESS_FACTOR = 4;

/**
 * The failed-login throttle, kept in the database so it holds across API processes.
 * It is a security control, not a rate limit: RATE_LIMIT=off leaves it on.
 */
export function createLoginThrottle(options: LoginThrottleOptions) {
  const keysFor = (email: string, ip: string | undefined) => {
    const keys: Array<{ key: string; max: number }> = [{ key: `email:${email.toLowerCase()}`, max: options.maxFailures }];
    if (ip) keys.push({ key: `ip:${ip}`, max: options.maxFailures * ADDRESS_FACTOR });
    return keys;
  };

  return {
    /** Throws `too_many_attempts` (429 with Retry-After) while the account or the address is locked. */
    async assertAllowed(db: Knex, email: string, ip: string | undefined, now: Date): Promise<void> {
      const rows = await db('login_throttle')
        .whereIn('key', keysFor(email, ip).map((k) => k.key))
        .whereNotNull('locked_until')
        .where('locked_until', '>', now);
      if (rows.length === 0) return;
      const until = Math.max(...rows.map((r: { locked_until: Date }) => new Date(r.locked_until).getTime()));
      const retryAfterSeconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
      throw new DomainError('too_many_attempts', `Too many failed logins; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`, { retryAfterSeconds });
    },

    async recordFailure(db: Knex, email: string, ip: string | undefined, now: Date): Promise<void> {
      const windowStart = new Date(now.getTime() - options.lockMinutes * 60_000);
      for (const { key, max } of keysFor(email, ip)) {
        // Counts restart when the previous window has passed.
        await db.raw(
          `INSERT INTO login_throttle (key, failures, window_started_at) VALUES (?, 1, ?)
           ON CONFLICT (key) DO UPDATE SET
             failures = CASE WHEN login_throttle.window_started_at < ? THEN 1 ELSE login_throttle.failures + 1 END,
             window_started_at = CASE WHEN login_throttle.window_started_at < ? THEN EXCLUDED.window_started_at ELSE login_throttle.window_started_at END,
             locked_until = CASE
               WHEN login_throttle.window_started_at >= ? AND login_throttle.failures + 1 >= ? THEN ?::timestamptz
               ELSE login_throttle.locked_until END`,
          [key, now, windowStart, windowStart, windowStart, max, new Date(now.getTime() + options.lockMinutes * 60_000)],
        );
      }
    },

    async recordSuccess(db: Knex, email: string): Promise<void> {
      await db('login_throttle').where({ key: `email:${email.toLowerCase()}` }).delete();
    },
  };
}
