/**
 * Links sent by email to prove something about an account: that it owns its address
 * (verify) or that its owner may set a new password (reset). Each link carries a random
 * 256-bit secret stored only as a SHA-256 hash, works once, and expires. The e-mails go
 * through the outbox, in the transaction that creates the token.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { DomainError } from '../errors.js';
import { renderPasswordResetEmail, renderRegistrationAttemptEmail, renderVerificationEmail } from '../notify/email/account.js';
import type { RenderedEmail } from '../notify/email/render.js';
import { enqueueOutboxMessages, type EmailPayload } from '../notify/outbox.js';
import { generateSecret, hashSecret } from './secrets.js';

export type EmailTokenPurpose = 'verify_email' | 'password_reset';

export const VERIFY_EMAIL_TTL_HOURS = 24;
export const PASSWORD_RESET_TTL_MINUTES = 60;
/** A second reset e-mail to the same account within this time is not sent (mail bombing). */
const RESET_RESEND_SECONDS = 60;

const PREFIX: Record<EmailTokenPurpose, string> = { verify_email: 'yava_ev_', password_reset: 'yava_pr_' };

export interface AccountEmailsDeps {
  clock: Clock;
  publicUrl: string;
  outboxMaxAttempts: number;
}

export interface AccountRef {
  id: string;
  email: string;
  name: string;
}

/** The path of the page an emailed verification link opens. */
export const VERIFY_EMAIL_PAGE = '/verify-email';

export function createAccountEmails({ clock, publicUrl, outboxMaxAttempts }: AccountEmailsDeps) {
  async function queueEmail(trx: Knex, to: AccountRef, key: string, rendered: RenderedEmail): Promise<void> {
    const payload: EmailPayload = { to: to.email, toName: to.name, ...rendered, ics: null, icsMethod: null };
    await enqueueOutboxMessages(trx, [{ channel: 'email', idempotencyKey: key, payload }], { clock, maxAttempts: outboxMaxAttempts });
  }

  /** A new token for the purpose; older unused ones of the same purpose stop working. */
  async function issueToken(trx: Knex, user: AccountRef, purpose: EmailTokenPurpose, ttlMs: number): Promise<{ id: string; token: string }> {
    const now = clock.now();
    await trx('email_tokens').where({ user_id: user.id, purpose }).whereNull('used_at').update({ used_at: now });
    const token = generateSecret(PREFIX[purpose]);
    const [row] = await trx('email_tokens')
      .insert({ user_id: user.id, purpose, email: user.email.toLowerCase(), token_hash: hashSecret(token), expires_at: new Date(now.getTime() + ttlMs), created_at: now })
      .returning('id');
    return { id: row.id, token };
  }

  return {
    /** Queues the "confirm your email address" link for the account (inside `trx`). */
    async sendVerification(trx: Knex, user: AccountRef): Promise<void> {
      const { id, token } = await issueToken(trx, user, 'verify_email', VERIFY_EMAIL_TTL_HOURS * 3_600_000);
      const link = `${publicUrl}${VERIFY_EMAIL_PAGE}?token=${encodeURIComponent(token)}`;
      await queueEmail(trx, user, `email:verify:${id}`, renderVerificationEmail({ name: user.name, publicUrl, link, validHours: VERIFY_EMAIL_TTL_HOURS }));
    },

    /** Queues a reset code for the account, unless one was sent in the last minute. */
    async sendPasswordReset(trx: Knex, user: AccountRef): Promise<void> {
      const recent = await trx('email_tokens')
        .where({ user_id: user.id, purpose: 'password_reset' })
        .where('created_at', '>', new Date(clock.now().getTime() - RESET_RESEND_SECONDS * 1000))
        .first('id');
      if (recent) return;
      const { id, token } = await issueToken(trx, user, 'password_reset', PASSWORD_RESET_TTL_MINUTES * 60_000);
      await queueEmail(trx, user, `email:reset:${id}`, renderPasswordResetEmail({ name: user.name, publicUrl, token, validMinutes: PASSWORD_RESET_TTL_MINUTES }));
    },

    /** Tells an address's owner that someone tried to register it again. */
    async sendRegistrationAttempt(trx: Knex, user: AccountRef): Promise<void> {
      const minute = Math.floor(clock.now().getTime() / 60_000);
      await queueEmail(trx, user, `email:register-attempt:${user.id}:${minute}`, renderRegistrationAttemptEmail({ name: user.name, publicUrl }));
    },

    /** The unused, unexpired token's row, without using it. Throws invalid_token / token_expired. */
    async peekToken(db: Knex, token: string, purpose: EmailTokenPurpose): Promise<{ id: string; userId: string; email: string }> {
      const row = await db('email_tokens').where({ token_hash: hashSecret(token), purpose }).first();
      if (!row || row.used_at) throw new DomainError('invalid_token', 'This link is not valid or was already used; ask for a new one');
      if (new Date(row.expires_at) <= clock.now()) throw new DomainError('token_expired', 'This link has expired; ask for a new one');
      return { id: row.id, userId: row.user_id, email: row.email };
    },

    /** Uses the token once (inside `trx`, the row locked). Throws invalid_token / token_expired. */
    async consumeToken(trx: Knex, token: string, purpose: EmailTokenPurpose): Promise<{ userId: string; email: string }> {
      const row = await trx('email_tokens').where({ token_hash: hashSecret(token), purpose }).forUpdate().first();
      const now = clock.now();
      if (!row || row.used_at) throw new DomainError('invalid_token', 'This link is not valid or was already used; ask for a new one');
      if (new Date(row.expires_at) <= now) throw new DomainError('token_expired', 'This link has expired; ask for a new one');
      await trx('email_tokens').where({ id: row.id }).update({ used_at: now });
      return { userId: row.user_id, email: row.email };
    },
  };
}

export type AccountEmails = ReturnType<typeof createAccountEmails>;
