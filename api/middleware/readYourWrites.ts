import type { Middleware } from 'koa';
import type { Redis } from '../../core/cache/redis.js';
import type { AppState } from '../context.js';

/** How long after a change its author reads from the primary (replicas lag by well under this). */
export const READ_YOUR_WRITES_MS = 10_000;
const COOKIE = 'yava_rw';

/** Who changed something recently: in Redis (seen by every API process) or in this process. */
export interface RecentWriters {
  mark(userId: string): Promise<void>;
  isRecent(userId: string): Promise<boolean>;
}

export function createRecentWriters(redis: Redis | null, windowMs = READ_YOUR_WRITES_MS): RecentWriters {
  if (redis) {
    return {
      mark: async (userId) => {
        await redis.set(`rw:${userId}`, '1', 'PX', windowMs).catch(() => undefined);
      },
      // When Redis cannot say, read from the primary.
      isRecent: async (userId) => (await redis.exists(`rw:${userId}`).catch(() => 1)) === 1,
    };
  }
  const until = new Map<string, number>();
  return {
    mark: async (userId) => {
      until.set(userId, Date.now() + windowMs);
      if (until.size > 10_000) for (const [k, t] of until) if (t < Date.now()) until.delete(k);
    },
    isRecent: async (userId) => (until.get(userId) ?? 0) > Date.now(),
  };
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Read-your-writes with a read replica (DATABASE_READ_URL): after a successful change, its author
 * (the signed-in user, and the browser or client through a short cookie) reads from the primary
 * for READ_YOUR_WRITES_MS; everyone else may read from the replica. Sets
 * `ctx.state.readFromPrimary` for routes that offer replica reads.
 */
export function readYourWrites(writers: RecentWriters): Middleware<AppState> {
  return async (ctx, next) => {
    const userId = ctx.state.principal?.userId;
    ctx.state.readFromPrimary = Boolean(ctx.cookies.get(COOKIE)) || (userId ? await writers.isRecent(userId) : false);
    await next();
    if (READS.has(ctx.method) || ctx.status >= 400) return;
    ctx.cookies.set(COOKIE, '1', { maxAge: READ_YOUR_WRITES_MS, httpOnly: true, sameSite: 'lax', path: '/', overwrite: true });
    if (userId) await writers.mark(userId);
  };
}
