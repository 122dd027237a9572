/**
 * The optional Redis connection (REDIS_URL). Commands fail fast while Redis is unreachable
 * (no offline queue, one retry) so a request never hangs on it: callers fall back or fail the
 * readiness check, and ioredis keeps reconnecting in the background.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

export type { Redis };

export interface CreateRedisOptions {
  url: string;
  /** Prepended to every key (REDIS_KEY_PREFIX): several deployments or test runs share one server. */
  keyPrefix: string;
  logger?: Logger;
}

/** Connects (in the background); ioredis is loaded only by processes that use Redis. */
export async function createRedis({ url, keyPrefix, logger }: CreateRedisOptions): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    keyPrefix,
    lazyConnect: false,
    // While disconnected, commands fail at once instead of queueing: callers fall back.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  let reported = false;
  redis.on('error', (error: Error) => {
    // One line per outage, not one per reconnect attempt.
    if (!reported) logger?.warn({ message: error.message.split('\n')[0] }, 'redis unavailable');
    reported = true;
  });
  redis.on('ready', () => {
    if (reported) logger?.info('redis reachable again');
    reported = false;
  });
  return redis;
}

/** Resolves when Redis answers PING within `timeoutMs`; rejects otherwise. */
export async function pingRedis(redis: Redis, timeoutMs = 1_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('redis did not answer')), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits (at most `timeoutMs`) for the first connection, so a process starts with Redis in use. */
export function waitForRedis(redis: Redis, timeoutMs = 2_000): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on('ready', onReady);
  });
}
