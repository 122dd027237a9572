/**
 * What the e-mailed links do: verify an address, and reset a forgotten password (which
 * also proves the address and ends every session).
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { User } from '../db/models.js';
import { DomainError } from '../errors.js';
import type { AccountEmails } from './accountEmails.js';
import { markEmailVerified } from './emailOwnership.js';
import type { HashPool } from './hashPool.js';
import { passwordWeakness } from './passwords.js';
import type { Sessions } from './sessions.js';
import type { LoginThrottle } from './throttle.js';

export interface EmailFlowsDeps {
  db: Knex;
  clock: Clock;
  emails: AccountEmails;
  sessions: Sessions;
  hasher: HashPool;
  throttle: LoginThrottle;
  bcryptCost: number;
}

export function createEmailFlows({ db, clock, emails, sessions, hasher, throttle, bcryptCost }: EmailFlowsDeps) {
  return {
    /** Proves the account owns its address (the e-mailed link). Throws invalid_token / token_expired. */
    async verifyEmail(token: string): Promise<User> {
      return db.transaction(async (trx) => {
        const { userId, email } = await emails.consumeToken(trx, token, 'verify_email');
        const now = clock.now();
        if (!(await markEmailVerified(trx, userId, email, now))) throw new DomainError('invalid_token', 'This link was for an address the account no longer has; ask for a new one');
        return (await User.query(trx).findById(userId))!;
      });
    },

    /** Sends a new verification link, unless the address is already verified. */
    async resendVerification(userId: string): Promise<{ alreadyVerified: boolean }> {
      return db.transaction(async (trx) => {
        const user = await User.query(trx).findById(userId);
        if (!user) throw new DomainError('user_not_found', 'User was not found');
        if (user.email_verified_at) return { alreadyVerified: true };
        await emails.sendVerification(trx, user);
        return { alreadyVerified: false };
      });
    },

    /** E-mails a reset code when an account has this address; says nothing either way. */
    async requestPasswordReset(email: string): Promise<void> {
      await db.transaction(async (trx) => {
        const user = await User.query(trx).whereRaw('lower(email) = ?', [email.trim().toLowerCase()]).first();
        if (user) await emails.sendPasswordReset(trx, user);
      });
    },

    /**
     * Sets a new password with an e-mailed reset code and ends every session (refresh and
     * personal access tokens). The code proves the address, so it also counts as verified.
     * Throws invalid_token, token_expired, weak_password.
     */
    async confirmPasswordReset(input: { token: string; password: string }): Promise<void> {
      const peeked = await emails.peekToken(db, input.token, 'password_reset');
      const weakness = passwordWeakness(input.password, peeked.email);
      if (weakness) throw new DomainError('weak_password', weakness, { errors: [{ field: 'password', message: weakness }] });
      const passwordHash = await hasher.hash(input.password, bcryptCost);
      await db.transaction(async (trx) => {
        const { userId, email } = await emails.consumeToken(trx, input.token, 'password_reset');
        const now = clock.now();
        await trx('users').where({ id: userId }).update({ password_hash: passwordHash, updated_at: now });
        await markEmailVerified(trx, userId, email, now);
        await sessions.endAll(trx, userId, now);
        await throttle.unlock(trx, email);
      });
    },
  };
}
