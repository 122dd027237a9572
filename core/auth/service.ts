import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { DomainError } from '../errors.js';
import { User } from '../db/models.js';
import { createAccountEmails } from './accountEmails.js';
import { markEmailVerified } from './emailOwnership.js';
import { sharedHashPool } from './hashPool.js';
import { checkPassword, passwordWeakness } from './passwords.js';
import { PAT_PREFIX, createPersonalTokens, type PersonalTokenRow } from './personalTokens.js';
import { createSessions, type Principal, type Session } from './sessions.js';
import { createLoginThrottle } from './throttle.js';
import { insertUser, listUsers, validateRegistration, type RegisterInput } from './users.js';

export { PAT_PREFIX, type PersonalTokenRow, type Principal, type RegisterInput, type Session };

export interface AuthServiceConfig {
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  bcryptCost: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  /** Base URL for links in account e-mails. */
  publicUrl: string;
  outboxMaxAttempts: number;
  /** Hashing threads (0: one less than the CPUs) and how many hashes may wait for one. */
  hashWorkers: number;
  hashQueue: number;
}

/** The auth settings from the validated configuration. */
export function authServiceConfig(config: Config, jwtSecret: string): AuthServiceConfig {
  return {
    jwtSecret,
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: config.REFRESH_TOKEN_TTL_DAYS,
    bcryptCost: config.BCRYPT_COST,
    loginMaxFailures: config.LOGIN_MAX_FAILURES,
    loginLockMinutes: config.LOGIN_LOCK_MINUTES,
    publicUrl: config.publicUrl,
    outboxMaxAttempts: config.OUTBOX_MAX_ATTEMPTS,
    hashWorkers: config.PASSWORD_HASH_WORKERS,
    hashQueue: config.PASSWORD_HASH_QUEUE,
  };
}

export interface CreateAuthServiceOptions {
  db: Knex;
  clock: Clock;
  config: AuthServiceConfig;
}

/** A personal access token gets this lifetime unless asked otherwise. */
export const DEFAULT_PAT_DAYS = 90;
/** A login at most this old may create a personal access token without typing the password again. */
export const FRESH_LOGIN_MINUTES = 5;

/** Accounts, sessions with rotating refresh tokens, personal access tokens, e-mailed links. */
export function createAuthService({ db, clock, config }: CreateAuthServiceOptions) {
  const throttle = createLoginThrottle({ maxFailures: config.loginMaxFailures, lockMinutes: config.loginLockMinutes });
  const emails = createAccountEmails({ clock, publicUrl: config.publicUrl, outboxMaxAttempts: config.outboxMaxAttempts });
  const pats = createPersonalTokens({ db, clock });
  const hasher = sharedHashPool({ workers: config.hashWorkers, queueLimit: config.hashQueue });
  const jwtOptions = { secret: config.jwtSecret, ttlSeconds: config.accessTokenTtlSeconds };

  const sessions = createSessions({ db, clock, jwt: jwtOptions, refreshTokenTtlDays: config.refreshTokenTtlDays });

  /** Checks the signed-in user's password again, through the login throttle. Throws invalid_credentials. */
  async function confirmPassword(userId: string, password: string, ip: string | undefined): Promise<void> {
    const user = await User.query(db).findById(userId);
    if (!user) throw new DomainError('invalid_credentials', 'The password is wrong');
    await hasher.withReservation(async (reserved) => {
      await throttle.charge(db, user.email, ip, clock.now());
      if (!(await checkPassword(reserved, password, user.password_hash, config.bcryptCost))) throw new DomainError('invalid_credentials', 'The password is wrong');
    });
    await throttle.recordSuccess(db, user.email, ip);
  }

  async function createUser(input: RegisterInput, role?: 'admin') {
    validateRegistration(input);
    const passwordHash = await hasher.hash(input.password, config.bcryptCost);
    return insertUser({ db, clock, emails, input, passwordHash, role });
  }

  return {
    /**
     * Creates an account (the first one is an admin), queues its verification e-mail and
     * signs it in. A taken email answers the same way (a session for a stand-in that was
     * never stored) and e-mails the owner instead. Throws weak_password, username_taken.
     */
    async register(input: RegisterInput): Promise<Session> {
      const { user, existing } = await createUser(input);
      return existing ? sessions.standIn(user) : db.transaction((trx) => sessions.issue(trx, user));
    },

    /** Creates an admin account with a verified email (`yava admin create`). Throws email_taken. */
    async createAdmin(input: RegisterInput): Promise<User> {
      return (await createUser(input, 'admin')).user;
    },

    /**
     * Charges the throttle before any hashing, then checks the password off the event loop.
     * Throws invalid_credentials, too_many_attempts (this address must wait), server_busy.
     */
    async login(input: { email: string; password: string }, context: { ip?: string } = {}): Promise<Session> {
      const email = input.email.trim().toLowerCase();
      // A place in the hashing pool is held from the start: a full pool answers 503 before any database work.
      const user = await hasher.withReservation(async (reserved) => {
        await throttle.charge(db, email, context.ip, clock.now());
        const found = await User.query(db).whereRaw('lower(email) = ?', [email]).first();
        const ok = await checkPassword(reserved, input.password, found?.password_hash, config.bcryptCost);
        if (!found || !ok) throw new DomainError('invalid_credentials', 'Email or password is wrong');
        return found;
      });
      await throttle.recordSuccess(db, email, context.ip);
      return db.transaction((trx) => sessions.issue(trx, user));
    },

    /** Clears the failed-login throttle of an account (`yava admin unlock`); returns the entries removed. */
    unlockLogin: (email: string, ip?: string) => throttle.unlock(db, email.trim().toLowerCase(), ip),

    /** A new pair for a refresh token; a replayed one revokes its whole login. Throws invalid_token, token_expired. */
    refresh: (refreshToken: string) => sessions.refresh(refreshToken),

    /** Ends one login (with its refresh token), or with none every session of the user. */
    logout: (principal: Principal | null, refreshToken?: string) => sessions.logout(principal, refreshToken),

    /** Resolves a Bearer credential (JWT or personal access token). Throws invalid_token / token_expired. */
    async authenticate(bearer: string): Promise<Principal> {
      if (bearer.startsWith(PAT_PREFIX)) return { ...(await pats.resolve(bearer)), via: 'pat' };
      return sessions.resolve(bearer);
    },

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
      const passwordHash = await hasher.hash(input.password, config.bcryptCost);
      await db.transaction(async (trx) => {
        const { userId, email } = await emails.consumeToken(trx, input.token, 'password_reset');
        const now = clock.now();
        await trx('users').where({ id: userId }).update({ password_hash: passwordHash, updated_at: now });
        await markEmailVerified(trx, userId, email, now);
        await sessions.endAll(trx, userId, now);
        await throttle.unlock(trx, email);
      });
    },

    async getUser(userId: string): Promise<User> {
      const user = await User.query(db).findById(userId);
      if (!user) throw new DomainError('user_not_found', 'User was not found');
      return user;
    },

    async findUserByUsername(username: string): Promise<User | undefined> {
      return User.query(db).whereRaw('lower(username) = ?', [username.toLowerCase()]).first();
    },

    /** Users ordered by creation, keyset-paginated by (created_at, id). */
    listUsers: (options: { limit: number; cursor?: string }) => listUsers(db, options),

    /**
     * Creates a personal access token (the secret is returned once, stored hashed), expiring
     * after `expiresInDays` (default DEFAULT_PAT_DAYS; null: never). Needs a fresh login (an
     * access token whose password was typed within FRESH_LOGIN_MINUTES) or the password again.
     * Throws reauthentication_required, invalid_credentials, too_many_attempts.
     */
    async createPersonalToken(principal: Principal, input: { name: string; expiresInDays?: number | null; password?: string }, context: { ip?: string } = {}) {
      const authenticatedAt = principal.via === 'jwt' ? principal.authenticatedAt?.getTime() : undefined;
      const fresh = authenticatedAt !== undefined && clock.now().getTime() - authenticatedAt <= FRESH_LOGIN_MINUTES * 60_000;
      if (!fresh) {
        if (!input.password) {
          throw new DomainError('reauthentication_required', `Creating a personal access token needs your password: send "password" (or use a login younger than ${FRESH_LOGIN_MINUTES} minutes)`, {
            errors: [{ field: 'password', message: 'your current password' }],
          });
        }
        await confirmPassword(principal.userId, input.password, context.ip);
      }
      return pats.create(principal.userId, { name: input.name, expiresInDays: input.expiresInDays === undefined ? DEFAULT_PAT_DAYS : input.expiresInDays });
    },

    listPersonalTokens: (userId: string) => pats.list(userId),

    /** Throws not_found when the token is not the user's or already revoked. */
    revokePersonalToken: (userId: string, tokenId: string) => pats.revoke(userId, tokenId),
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
