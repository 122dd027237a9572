import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { DomainError } from '../errors.js';
import { User } from '../db/models.js';
import { createAccountEmails } from './accountEmails.js';
import { markEmailVerified } from './emailOwnership.js';
import { signAccessToken, verifyAccessToken } from './jwt.js';
import { sharedHashPool } from './hashPool.js';
import { checkPassword, passwordWeakness } from './passwords.js';
import { PAT_PREFIX, createPersonalTokens, type PersonalTokenRow } from './personalTokens.js';
import { generateSecret, hashSecret } from './secrets.js';
import { createLoginThrottle } from './throttle.js';
import { insertUser, listUsers, validateRegistration, type RegisterInput } from './users.js';

export { PAT_PREFIX, type PersonalTokenRow, type RegisterInput };

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

export interface Session {
  user: User;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** Who is calling: resolved from a Bearer access token or a personal access token. */
export interface Principal {
  userId: string;
  role: 'admin' | 'user';
  via: 'jwt' | 'pat';
}

const REFRESH_PREFIX = 'yava_rt_';
const invalidAccessToken = () => new DomainError('invalid_token', 'The access token is not valid; log in again');

/** Accounts, sessions with rotating refresh tokens, personal access tokens, e-mailed links. */
export function createAuthService({ db, clock, config }: CreateAuthServiceOptions) {
  const throttle = createLoginThrottle({ maxFailures: config.loginMaxFailures, lockMinutes: config.loginLockMinutes });
  const emails = createAccountEmails({ clock, publicUrl: config.publicUrl, outboxMaxAttempts: config.outboxMaxAttempts });
  const pats = createPersonalTokens({ db, clock });
  const hasher = sharedHashPool({ workers: config.hashWorkers, queueLimit: config.hashQueue });
  const jwtOptions = { secret: config.jwtSecret, ttlSeconds: config.accessTokenTtlSeconds };

  async function issueSession(trx: Knex, user: User, familyId: string = randomUUID()): Promise<Session> {
    const now = clock.now();
    const refreshToken = generateSecret(REFRESH_PREFIX);
    await trx('refresh_tokens').insert({
      user_id: user.id,
      family_id: familyId,
      token_hash: hashSecret(refreshToken),
      expires_at: new Date(now.getTime() + config.refreshTokenTtlDays * 86_400_000),
    });
    const accessToken = await signAccessToken({ userId: user.id, role: user.role }, jwtOptions, now);
    return { user, accessToken, refreshToken, expiresIn: config.accessTokenTtlSeconds };
  }

  async function createUser(input: RegisterInput, role?: 'admin') {
    validateRegistration(input);
    const passwordHash = await hasher.hash(input.password, config.bcryptCost);
    return insertUser({ db, clock, emails, input, passwordHash, role });
  }

  /** Ends every session of the user: refresh tokens and personal access tokens. */
  async function endAllSessions(trx: Knex, userId: string, now: Date): Promise<void> {
    await trx('refresh_tokens').where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: now });
    await trx('personal_access_tokens').where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: now });
  }

  return {
    /**
     * Creates an account (the first one is an admin), queues its verification e-mail and
     * signs it in. A taken email answers the same way (a session for a stand-in that was
     * never stored) and e-mails the owner instead. Throws weak_password, username_taken.
     */
    async register(input: RegisterInput): Promise<Session> {
      const { user, existing } = await createUser(input);
      if (!existing) return db.transaction((trx) => issueSession(trx, user));
      const accessToken = await signAccessToken({ userId: user.id, role: user.role }, jwtOptions, clock.now());
      return { user, accessToken, refreshToken: generateSecret(REFRESH_PREFIX), expiresIn: config.accessTokenTtlSeconds };
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
      return db.transaction((trx) => issueSession(trx, user));
    },

    /** Clears the failed-login throttle of an account (`yava admin unlock`); returns the entries removed. */
    unlockLogin: (email: string, ip?: string) => throttle.unlock(db, email.trim().toLowerCase(), ip),

    /**
     * Exchanges a refresh token for a new pair. A token can be used once; presenting a
     * used or revoked one again revokes its whole family (every session descended from
     * the same login), since it means the token was copied.
     */
    async refresh(refreshToken: string): Promise<Session> {
      const now = clock.now();
      const outcome = await db.transaction(async (trx) => {
        const row = await trx('refresh_tokens').where({ token_hash: hashSecret(refreshToken) }).forUpdate().first();
        if (!row) return { error: new DomainError('invalid_token', 'The refresh token is not valid; log in again') };
        if (row.used_at || row.revoked_at) {
          await trx('refresh_tokens').where({ family_id: row.family_id }).whereNull('revoked_at').update({ revoked_at: now });
          return { error: new DomainError('invalid_token', 'The refresh token was already used; every session from that login is signed out, log in again') };
        }
        if (new Date(row.expires_at) <= now) return { error: new DomainError('token_expired', 'The refresh token has expired; log in again') };
        await trx('refresh_tokens').where({ id: row.id }).update({ used_at: now });
        const user = await User.query(trx).findById(row.user_id);
        if (!user) return { error: new DomainError('invalid_token', 'The account no longer exists') };
        return { session: await issueSession(trx, user, row.family_id) };
      });
      if ('error' in outcome) throw outcome.error;
      return outcome.session;
    },

    /** Revokes the given refresh token's family, or every session of the user when none is given. */
    async logout(principal: Principal | null, refreshToken?: string): Promise<void> {
      const now = clock.now();
      if (refreshToken) {
        const row = await db('refresh_tokens').where({ token_hash: hashSecret(refreshToken) }).first();
        if (row && (!principal || row.user_id === principal.userId)) {
          await db('refresh_tokens').where({ family_id: row.family_id }).whereNull('revoked_at').update({ revoked_at: now });
        }
        return;
      }
      if (principal) await db('refresh_tokens').where({ user_id: principal.userId }).whereNull('revoked_at').update({ revoked_at: now });
    },

    /** Resolves a Bearer credential (JWT or personal access token). Throws unauthorized / invalid_token / token_expired. */
    async authenticate(bearer: string): Promise<Principal> {
      if (bearer.startsWith(PAT_PREFIX)) return { ...(await pats.resolve(bearer)), via: 'pat' };
      const claims = await verifyAccessToken(bearer, jwtOptions, clock.now());
      const user = await db('users').where({ id: claims.userId }).first('id', 'role');
      if (!user) throw invalidAccessToken();
      return { userId: user.id, role: user.role, via: 'jwt' };
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
        await endAllSessions(trx, userId, now);
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

    /** Creates a personal access token; the secret is returned once and stored hashed. */
    async createPersonalToken(userId: string, input: { name: string; expiresInDays?: number | null }) {
      return pats.create(userId, { name: input.name, expiresInDays: input.expiresInDays ?? null });
    },

    listPersonalTokens: (userId: string) => pats.list(userId),

    /** Throws not_found when the token is not the user's or already revoked. */
    revokePersonalToken: (userId: string, tokenId: string) => pats.revoke(userId, tokenId),
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
