/**
 * Personal access tokens (`yava_pat_…`) for the CLI, scripts and bots: shown once, stored
 * as a SHA-256 hash, revocable.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { DomainError } from '../errors.js';
import { generateSecret, hashSecret } from './secrets.js';

export const PAT_PREFIX = 'yava_pat_';

export interface PersonalTokenRow {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  expires_at: Date | null;
  last_used_at: Date | null;
  created_at: Date;
}

export function createPersonalTokens({ db, clock }: { db: Knex; clock: Clock }) {
  return {
    /** Creates a token; the secret is returned once and stored hashed. `expiresInDays: null` never expires. */
    async create(userId: string, input: { name: string; expiresInDays: number | null }) {
      const token = generateSecret(PAT_PREFIX);
      const now = clock.now();
      const [row] = await db('personal_access_tokens')
        .insert({
          user_id: userId,
          name: input.name,
          token_hash: hashSecret(token),
          prefix: token.slice(0, PAT_PREFIX.length + 6),
          expires_at: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
          created_at: now,
        })
        .returning('*');
      return { token, record: row as PersonalTokenRow };
    },

    async list(userId: string): Promise<PersonalTokenRow[]> {
      return db('personal_access_tokens').where({ user_id: userId }).whereNull('revoked_at').orderBy('created_at', 'desc');
    },

    /** Throws not_found when the token is not the user's or already revoked. */
    async revoke(userId: string, tokenId: string): Promise<void> {
      const updated = await db('personal_access_tokens').where({ id: tokenId, user_id: userId }).whereNull('revoked_at').update({ revoked_at: clock.now() }).returning('id');
      if (updated.length === 0) throw new DomainError('not_found', 'Token was not found (or was already revoked)');
    },

    /** The token's owner, or throws invalid_token when it is unknown, revoked or expired. */
    async resolve(bearer: string): Promise<{ userId: string; role: 'admin' | 'user' }> {
      const now = clock.now();
      const row = await db('personal_access_tokens as t')
        .join('users as u', 'u.id', 't.user_id')
        .where('t.token_hash', hashSecret(bearer))
        .whereNull('t.revoked_at')
        .select('t.id', 't.user_id', 't.expires_at', 'u.role', 'u.suspended_at')
        .first();
      if (!row || (row.expires_at && new Date(row.expires_at) <= now)) {
        throw new DomainError('invalid_token', 'The personal access token is not valid, expired or was revoked; create a new one with `yava tokens create` or `yava login`');
      }
      if (row.suspended_at) throw new DomainError('forbidden', 'This account is suspended; contact an administrator');
      await db('personal_access_tokens').where({ id: row.id }).update({ last_used_at: now });
      return { userId: row.user_id, role: row.role };
    },
  };
}
