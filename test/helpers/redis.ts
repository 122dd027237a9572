import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The machine's Redis (127.0.0.1:6379); every test run uses its own key prefix. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const testRedisPrefix = (): string => `yava-test-${process.pid}-${randomBytes(3).toString('hex')}:`;

/** Deletes every key under `prefix` (SCAN, so other runs' keys are untouched). */
export async function dropRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
