/**
 * An attendee's manage token (`?token=` on /meetings/<id>): the bearer credential that lets an
 * invitee without an account see, reschedule or cancel their meeting. The database keeps only
 * its hash (core/auth/secrets.ts), so on its own a token can be told only once, at booking.
 *
 * With the server's secret, the token is an HMAC of the attendee's id: every later e-mail (a
 * reschedule notice, a reminder, an approval) can carry the same manage link again, computed
 * afresh and checked against the stored hash, instead of a read-only summary. A token issued
 * before (random, or under another secret) does not match its hash, and those e-mails fall back
 * to the read-only link (core/feeds/viewLinks.ts), as before.
 */
import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import { generateSecret, hashSecret } from '../auth/secrets.js';

const PREFIX = 'yava_mt_';

/** Gives the manage token of a new attendee id. */
export type ManageTokenIssuer = (attendeeId: string) => string;

/** Random tokens, told only once (no secret to recompute them with). */
export const randomManageTokens: ManageTokenIssuer = () => generateSecret(PREFIX);

const signed = (secret: string, attendeeId: string) => `${PREFIX}${createHmac('sha256', secret).update(`meeting-manage:${attendeeId.toLowerCase()}`).digest('base64url')}`;

/** Tokens derived from `secret`, recomputable later; random ones without a secret. */
export function manageTokenIssuer(secret: string | undefined): ManageTokenIssuer {
  return secret ? (attendeeId) => signed(secret, attendeeId) : randomManageTokens;
}

/**
 * The manage tokens of these attendees that can be told again: each one's signed token where its
 * hash is the one stored (one statement). Attendees whose token was random, or signed under
 * another secret, are left out.
 */
export async function recoverManageTokens(db: Knex | Knex.Transaction, secret: string | undefined, attendeeIds: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (!secret || attendeeIds.length === 0) return out;
  const rows: Array<{ id: string; manage_token_hash: string }> = await db('booking_attendees').whereIn('id', attendeeIds).select('id', 'manage_token_hash');
  for (const row of rows) {
    const token = signed(secret, row.id);
    if (hashSecret(token) === row.manage_token_hash) out[row.id] = token;
  }
  return out;
}
