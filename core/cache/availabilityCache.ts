/**
 * A cache of computed availability, keyed by what it was computed from: the query (rules,
 * window, minute) and each host's data version (host_data_versions, bumped by triggers inside
 * the transaction that changes a booking, schedule, external busy block or user setting). A
 * change committed through any process changes the key, so a cached answer is never one from
 * before it. Versions are read before the data, so an entry is never older than its key.
 * Without Redis, or when Redis fails, every call computes.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Redis } from './redis.js';

export interface AvailabilityCache {
  /** `compute()`'s result for (`hostIds`' current versions, `query`), from the cache when present. */
  /** `from` is where the data will be read (a replica's versions match a replica's rows). */
  cached<T>(hostIds: readonly string[], query: unknown, compute: () => Promise<T>, from?: Knex): Promise<T>;
}

/** Every call computes (no REDIS_URL). */
export const noAvailabilityCache: AvailabilityCache = { cached: (_ids, _query, compute) => compute() };

/** Current data versions of `hostIds`, in that order (0 for a host never changed). */
export async function readHostVersions(db: Knex, hostIds: readonly string[]): Promise<number[]> {
  if (hostIds.length === 0) return [];
  const rows = (await db('host_data_versions').whereIn('user_id', [...hostIds]).select('user_id', 'version')) as Array<{ user_id: string; version: number | string }>;
  const byId = new Map(rows.map((r) => [r.user_id, Number(r.version)]));
  return hostIds.map((id) => byId.get(id) ?? 0);
}

export interface CreateAvailabilityCacheOptions {
  db: Knex;
  redis: Redis;
  /** Entries expire after this long even unchanged (they are keyed by the minute anyway). */
  ttlSeconds?: number;
  onResult?: (hit: boolean) => void;
}

export function createAvailabilityCache({ db, redis, ttlSeconds = 120, onResult }: CreateAvailabilityCacheOptions): AvailabilityCache {
  return {
    async cached<T>(hostIds: readonly string[], query: unknown, compute: () => Promise<T>, from: Knex = db): Promise<T> {
      const versions = await readHostVersions(from, hostIds);
      const digest = createHash('sha256').update(JSON.stringify({ hostIds, versions, query })).digest('base64url');
      const key = `avail:${digest}`;
      const hit = await redis.get(key).catch(() => null);
      if (hit !== null) {
        onResult?.(true);
        return JSON.parse(hit) as T;
      }
      onResult?.(false);
      const value = await compute();
      await redis.set(key, JSON.stringify(value), 'EX', ttlSeconds).catch(() => undefined);
      return value;
    },
  };
}
