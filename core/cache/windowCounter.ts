/**
 * Fixed-window counters for rate limits: in this process's memory, or in Redis so every API
 * process counts against the same window. Windows are aligned to the clock (`floor(now /
 * windowMs)`), so processes agree on when a window starts without talking to each other.
 */
import type { Redis } from './redis.js';

export interface WindowHit {
  /** Requests counted in this window, this one included. */
  count: number;
  /** When the window ends (epoch ms). */
  resetAt: number;
}

export interface WindowCounter {
  hit(key: string, windowMs: number, now: number): Promise<WindowHit>;
}

export function createMemoryWindowCounter(maxKeys = 50_000): WindowCounter {
  const windows = new Map<string, { index: number; count: number }>();
  return {
    async hit(key, windowMs, now) {
      const index = Math.floor(now / windowMs);
      let window = windows.get(key);
      if (!window || window.index !== index) {
        window = { index, count: 0 };
        windows.set(key, window);
        if (windows.size > maxKeys) {
          for (const [k, w] of windows) if (w.index !== index) windows.delete(k);
        }
      }
      window.count += 1;
      return { count: window.count, resetAt: (index + 1) * windowMs };
    },
  };
}

/** INCR and PEXPIRE in one round trip; a key lives two windows at most. */
export function createRedisWindowCounter(redis: Redis): WindowCounter {
  return {
    async hit(key, windowMs, now) {
      const index = Math.floor(now / windowMs);
      const redisKey = `rl:${key}:${index}`;
      const results = await redis.multi().incr(redisKey).pexpire(redisKey, windowMs * 2).exec();
      const [error, count] = results?.[0] ?? [new Error('redis returned no result'), 0];
      if (error) throw error;
      return { count: Number(count), resetAt: (index + 1) * windowMs };
    },
  };
}
