/**
 * Idempotency keys for booking requests: a retry with the same key and the same body returns
 * the first result instead of booking twice; the same key with another body is refused.
 * Keys live in `idempotency_keys` (primary key scope + key), claimed inside the booking's
 * transaction so two concurrent retries cannot both book.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';

interface IdempotencyKeyRow {
  scope: string;
  key: string;
  request_hash: string;
  response_status: number;
  response_body: StoredOutcome | string;
  created_at: Date;
}

/** What a key remembers about the booking it made. */
export interface StoredOutcome {
  meetingId: string;
  attendeeId: string;
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

/**
 * Claims `key` in `scope` for a request with `hash`. Returns null when the key is new (the
 * caller books and then calls {@link storeIdempotentOutcome}), or the earlier outcome.
 * Throws idempotency_conflict when the key was used with a different body.
 */
export async function claimIdempotencyKey(trx: Knex, claim: { scope: string; key: string; hash: string; now: Date }): Promise<StoredOutcome | null> {
  const inserted = await trx.raw<{ rows: unknown[] }>(
    `INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body, created_at) VALUES (?, ?, ?, 0, '{}'::jsonb, ?)
     ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
    [claim.scope, claim.key, claim.hash, claim.now],
  );
  if (inserted.rows.length > 0) return null;
  const existing = await trx<IdempotencyKeyRow>('idempotency_keys').where({ scope: claim.scope, key: claim.key }).first();
  if (!existing || existing.request_hash !== claim.hash) {
    throw new DomainError('idempotency_conflict', 'This Idempotency-Key was used with a different request; use a new key', { details: { idempotencyKey: claim.key } });
  }
  return typeof existing.response_body === 'string' ? (JSON.parse(existing.response_body) as StoredOutcome) : existing.response_body;
}

/** Records what the request under `key` produced, so a replay can return it. */
export async function storeIdempotentOutcome(trx: Knex, scope: string, key: string, outcome: StoredOutcome): Promise<void> {
  await trx('idempotency_keys').where({ scope, key }).update({ response_status: 201, response_body: JSON.stringify(outcome) });
}
