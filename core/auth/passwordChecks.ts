/**
 * Checking a password someone typed: charged to the failed-login throttle before any
 * hashing, hashed off the event loop with a place in the pool held from the start (a full
 * pool answers server_busy before any database work).
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { User } from '../db/models.js';
import { DomainError } from '../errors.js';
import type { HashPool } from './hashPool.js';
import { checkPassword } from './passwords.js';
import type { LoginThrottle } from './throttle.js';

export interface PasswordChecksDeps {
  db: Knex;
  clock: Clock;
  hasher: HashPool;
  throttle: LoginThrottle;
  bcryptCost: number;
}

export function createPasswordChecks({ db, clock, hasher, throttle, bcryptCost }: PasswordChecksDeps) {
  /** The user whose email and password these are; throws `wrong` otherwise (an unknown email costs the same). */
  async function check(email: string, password: string, ip: string | undefined, wrong: () => DomainError, userId?: string): Promise<User> {
    const user = await hasher.withReservation(async (reserved) => {
      await throttle.charge(db, email, ip, clock.now());
      const found = await (userId ? User.query(db).findById(userId) : User.query(db).whereRaw('lower(email) = ?', [email]).first());
      const ok = await checkPassword(reserved, password, found?.password_hash, bcryptCost);
      if (!found || !ok) throw wrong();
      return found;
    });
    await throttle.recordSuccess(db, email, ip);
    return user;
  }

  return {
    /** A login. Throws invalid_credentials, too_many_attempts (this address must wait), server_busy. */
    login: (email: string, password: string, ip: string | undefined) =>
      check(email.trim().toLowerCase(), password, ip, () => new DomainError('invalid_credentials', 'Email or password is wrong')),

    /** The signed-in user's password, typed again. Throws invalid_credentials, too_many_attempts, server_busy. */
    async confirm(userId: string, password: string, ip: string | undefined): Promise<void> {
      const wrong = () => new DomainError('invalid_credentials', 'The password is wrong');
      const user = await User.query(db).findById(userId);
      if (!user) throw wrong();
      await check(user.email, password, ip, wrong, userId);
    },
  };
}
