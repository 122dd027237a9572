import type { Knex } from 'knex';
import { DomainError } from '../errors.js';

export interface LoginThrottleOptions {
  /** Attempts an address may make on one account before it must wait. */
  maxFailures: number;
  /** How long attempts are remembered, and the longest wait. */
  lockMinutes: number;
}

/** An address is shared by many people (offices, NAT), so it gets this many times the per-account allowance. */
const ADDRESS_FACTOR = 4;

interface Bucket {
  key: string;
  max: number;
}

interface ThrottleRow {
  key: string;
  failures: number;
  window_started_at: Date;
  locked_until: Date | null;
}

/** The wait after the n-th attempt over the allowance: 1 s, 2 s, 4 s … up to the lock time. */
export function delayAfter(overBy: number, lockMinutes: number): number {
  return Math.min(2 ** Math.max(0, overBy) * 1000, lockMinutes * 60_000);
}

const pairKey = (email: string, ip: string) => `pair:${email.toLowerCase()}|${ip}`;
const pairPrefix = (email: string) => `pair:${email.toLowerCase()}|`;

/**
 * The failed-login throttle, kept in the database so it holds across API processes. It is
 * a security control, not a rate limit: RATE_LIMIT=off leaves it on.
 *
 * Attempts are charged BEFORE the password is hashed, so a burst of concurrent guesses is
 * cut at the allowance instead of all reaching bcrypt. It counts per address and account
 * (`pair:`), and per address (`ip:`, a larger allowance): past the allowance the address
 * waits, and the wait doubles with each further attempt (up to LOGIN_LOCK_MINUTES). No
 * account-wide lock exists, so nobody can lock a victim out: the right password from
 * another address always gets through. A success clears its pair and refunds the address.
 */
export function createLoginThrottle(options: LoginThrottleOptions) {
  const bucketsFor = (email: string, ip: string | undefined): Bucket[] => {
    const address = ip ?? 'unknown';
    return [
      { key: pairKey(email, address), max: options.maxFailures },
      { key: `ip:${address}`, max: options.maxFailures * ADDRESS_FACTOR },
    ];
  };

  return {
    /**
     * Counts one attempt against every bucket, or none when any bucket still has to wait.
     * Throws `too_many_attempts` (429 with Retry-After) while the address must wait.
     */
    async charge(db: Knex, email: string, ip: string | undefined, now: Date): Promise<void> {
      const buckets = bucketsFor(email, ip);
      const windowStart = new Date(now.getTime() - options.lockMinutes * 60_000);
      // A waiting address is refused with one read and no write: the common case in a flood.
      const waiting: Array<Pick<ThrottleRow, 'locked_until'>> = await db('login_throttle').whereIn('key', buckets.map((b) => b.key)).where('locked_until', '>', now).select('locked_until');
      const waitMs = waiting.length ? Math.max(...waiting.map((r) => new Date(r.locked_until!).getTime() - now.getTime())) : await db.transaction(async (trx) => {
        await trx('login_throttle')
          .insert(buckets.map((b) => ({ key: b.key, failures: 0, window_started_at: now })))
          .onConflict('key')
          .ignore();
        const rows: ThrottleRow[] = await trx('login_throttle').whereIn('key', buckets.map((b) => b.key)).forUpdate();
        const byKey = new Map(rows.map((r) => [r.key, r]));
        const wait = Math.max(0, ...rows.map((r) => (r.locked_until ? new Date(r.locked_until).getTime() - now.getTime() : 0)));
        if (wait > 0) return wait;
        for (const bucket of buckets) {
          const row = byKey.get(bucket.key)!;
          const fresh = new Date(row.window_started_at) < windowStart;
          const attempts = fresh ? 1 : row.failures + 1;
          await trx('login_throttle')
            .where({ key: bucket.key })
            .update({
              failures: attempts,
              window_started_at: fresh ? now : row.window_started_at,
              locked_until: attempts >= bucket.max ? new Date(now.getTime() + delayAfter(attempts - bucket.max, options.lockMinutes)) : null,
            });
        }
        return 0;
      });
      if (waitMs <= 0) return;
      const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
      throw new DomainError('too_many_attempts', `Too many failed logins from this address; wait ${retryAfterSeconds} s before the next try`, { retryAfterSeconds });
    },

    /** After the right password: forget this address's attempts on the account and refund the address. */
    async recordSuccess(db: Knex, email: string, ip: string | undefined): Promise<void> {
      const [pair, address] = bucketsFor(email, ip);
      await db('login_throttle').where({ key: pair!.key }).delete();
      await db('login_throttle')
        .where({ key: address!.key })
        .update({ failures: db.raw('GREATEST(failures - 1, 0)'), locked_until: db.raw('CASE WHEN failures - 1 < ? THEN NULL ELSE locked_until END', [address!.max]) });
    },

    /** Forgets every address's attempts on the account (`yava admin unlock`, a password reset); optionally an address's too. Returns the rows removed. */
    async unlock(db: Knex, email: string, ip?: string): Promise<number> {
      const prefix = pairPrefix(email);
      const removed = await db('login_throttle')
        .where((q) => {
          q.whereRaw('left(key, ?) = ?', [prefix.length, prefix]).orWhere('key', `email:${email.toLowerCase()}`);
          if (ip) q.orWhere('key', `ip:${ip}`);
        })
        .delete()
        .returning('key');
      return removed.length;
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
