/**
 * Idempotency keys for booking requests: a retry with the same key and the same body returns
 * the first response (the same booking and the same manage token) without changing anything;
 * the same key with another body is refused. Keys are scoped by caller (the user, or for
 * anonymous requests the client address), live 24 hours, and are claimed inside the booking's
 * transaction so two concurrent retries cannot both book.
 *
 * The database never holds a usable manage token: the key row keeps it sealed (AES-256-GCM with
 * the server's encryption key, the same box that seals calendar tokens), so a copy of the table
 * alone reveals nothing.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { SecretBox } from '../calendars/secretBox.js';
import { DomainError } from '../errors.js';
import { DAY_MS } from '../time/units.js';
import type { BookingDetails } from './types.js';

/** How long a key is remembered; after that the same key starts a new request. */
export const IDEMPOTENCY_KEY_TTL_MS = DAY_MS;

interface IdempotencyKeyRow {
  scope: string;
  key: string;
  request_hash: string;
  response_status: number;
  response_body: StoredResponse | string;
  created_at: Date;
}

/** What a key remembers: the booking as first answered, and its manage token, sealed. */
interface StoredResponse {
  booking?: BookingDetails;
  sealedToken?: string;
}

/** The first response to a request, returned again on a replay. */
export interface IdempotentResponse {
  booking: BookingDetails;
  manageToken: string;
}

/** Where a key is looked up: one caller's keys for one operation. */
export interface IdempotencyScope {
  scope: string;
  key: string;
}

/** The scope of a caller's keys: the user, or an anonymous caller's client address. */
export function idempotencyScope(operation: string, caller: { userId?: string | null; address?: string | null }): string {
  return caller.userId ? `${operation}:user:${caller.userId}` : `${operation}:anonymous:${caller.address ?? 'unknown'}`;
}

/** A stable hash of a JSON body: object keys are sorted, so key order does not matter. */
export function requestHash(body: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
    return value;
  };
  return createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex');
}

function openToken(box: SecretBox, sealed: string): string | null {
  try {
    return box.open(sealed);
  } catch {
    // Sealed under another key (YAVA_ENCRYPTION_KEY changed): the first response is gone.
    return null;
  }
}

const cannotReplay = (key: string) =>
  new DomainError('idempotency_conflict', 'This Idempotency-Key was already used and its response can no longer be replayed; use a new key', { details: { idempotencyKey: key } });

/**
 * Claims the key for a request with `hash`. Returns null when the key is new or expired (the
 * caller books, then calls {@link storeIdempotentResponse}), or the first response.
 * Throws idempotency_conflict when the key was used with a different body.
 */
export async function claimIdempotencyKey(trx: Knex, claim: IdempotencyScope & { hash: string; now: Date; box: SecretBox }): Promise<IdempotentResponse | null> {
  // A key older than the TTL is taken over as if new; a live one stays (a concurrent claim waits here for the first to commit).
  const claimed = await trx.raw<{ rows: unknown[] }>(
    `INSERT INTO idempotency_keys AS k (scope, key, request_hash, response_status, response_body, created_at) VALUES (?, ?, ?, 0, '{}'::jsonb, ?)
     ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, response_status = 0, response_body = '{}'::jsonb, created_at = EXCLUDED.created_at
       WHERE k.created_at <= ?
     RETURNING key`,
    [claim.scope, claim.key, claim.hash, claim.now, new Date(claim.now.getTime() - IDEMPOTENCY_KEY_TTL_MS)],
  );
  if (claimed.rows.length > 0) return null;
  const existing = await trx<IdempotencyKeyRow>('idempotency_keys').where({ scope: claim.scope, key: claim.key }).first();
  if (!existing || existing.request_hash !== claim.hash) {
    throw new DomainError('idempotency_conflict', 'This Idempotency-Key was used with a different request; use a new key', { details: { idempotencyKey: claim.key } });
  }
  const stored: StoredResponse = typeof existing.response_body === 'string' ? JSON.parse(existing.response_body) : existing.response_body;
  const manageToken = stored.sealedToken ? openToken(claim.box, stored.sealedToken) : null;
  if (!stored.booking || !manageToken) throw cannotReplay(claim.key);
  return { booking: stored.booking, manageToken };
}

/** Records the response the request under the key produced, so a replay returns it. */
export async function storeIdempotentResponse(trx: Knex, where: IdempotencyScope & { box: SecretBox }, response: IdempotentResponse): Promise<void> {
  const body: StoredResponse = { booking: response.booking, sealedToken: where.box.seal(response.manageToken) };
  await trx('idempotency_keys').where({ scope: where.scope, key: where.key }).update({ response_status: 201, response_body: JSON.stringify(body) });
}

/**
 * Deletes keys older than 24 hours. Run on a schedule (the server's housekeeping job); returns
 * how many were deleted.
 */
export async function purgeExpiredIdempotencyKeys(db: Knex, now: Date): Promise<number> {
  const deleted: Array<{ key: string }> = await db('idempotency_keys').where('created_at', '<=', new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS)).delete().returning('key');
  return deleted.length;
}
