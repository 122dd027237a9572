import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { DomainError } from '../errors.js';
import { User } from '../db/models.js';
import { createAccountEmails } from './accountEmails.js';
import { createEmailFlows } from './emailFlows.js';
import { sharedHashPool } from './hashPool.js';
import { createPasswordChecks } from './passwordChecks.js';
import { PAT_PREFIX, createPersonalTokens, type PersonalTokenRow } from './personalTokens.js';
import { accountSuspended, createSessions, type Principal, type Session } from './sessions.js';
import { createOAuthServer, type OAuthClient } from './oauthServer.js';
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
  /** Apps that may link accounts through Yava's OAuth server (Alexa). */
  oauthClients: OAuthClient[];
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
    oauthClients: config.ALEXA_CLIENT_ID && config.ALEXA_CLIENT_SECRET ? [{ id: config.ALEXA_CLIENT_ID, secret: config.ALEXA_CLIENT_SECRET, redirectUris: config.ALEXA_REDIRECT_URIS, name: 'Alexa' }] : [],
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
  const jwt = { secret: config.jwtSecret, ttlSeconds: config.accessTokenTtlSeconds };
  const sessions = createSessions({ db, clock, jwt, refreshTokenTtlDays: config.refreshTokenTtlDays });
  const checks = createPasswordChecks({ db, clock, hasher, throttle, bcryptCost: config.bcryptCost });

  async function createUser(input: RegisterInput, role?: 'admin') {
    validateRegistration(input);
    const passwordHash = await hasher.hash(input.password, config.bcryptCost);
    return insertUser({ db, clock, emails, input, passwordHash, role });
  }

  return {
    ...createEmailFlows({ db, clock, emails, sessions, hasher, throttle, bcryptCost: config.bcryptCost }),

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

    /** Signs in (passwordChecks.ts). Throws invalid_credentials, too_many_attempts (this address must wait), server_busy. */
    async login(input: { email: string; password: string }, context: { ip?: string } = {}): Promise<Session> {
      const user = await checks.login(input.email, input.password, context.ip);
      // Only the right password learns that the account is suspended.
      if ((user as User & { suspended_at?: Date | null }).suspended_at) throw accountSuspended();
      return db.transaction((trx) => sessions.issue(trx, user));
    },

    /** The user these credentials belong to, without starting a session (OAuth consent). Throws as login. */
    async verifyCredentials(input: { email: string; password: string }, context: { ip?: string } = {}): Promise<User> {
      const user = await checks.login(input.email, input.password, context.ip);
      if ((user as User & { suspended_at?: Date | null }).suspended_at) throw accountSuspended();
      return user;
    },

    /** Yava's OAuth 2.0 server for account linking (oauthServer.ts). */
    oauth: createOAuthServer({ db, clock, sessions, clients: config.oauthClients ?? [] }),

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

    /** Throws user_not_found. */
    getUser: (userId: string) => getUser(db, userId),
    findUserByUsername: async (username: string): Promise<User | undefined> => User.query(db).whereRaw('lower(username) = ?', [username.toLowerCase()]).first(),

    /** Users ordered by creation, keyset-paginated by (created_at, id). */
    listUsers: (options: { limit: number; cursor?: string }) => listUsers(db, options),

    /**
     * Creates a personal access token (the secret is returned once, stored hashed), expiring
     * after `expiresInDays` (default DEFAULT_PAT_DAYS; null: never). Needs a fresh login (an
     * access token whose password was typed within FRESH_LOGIN_MINUTES) or the password again.
     * Throws reauthentication_required, invalid_credentials, too_many_attempts.
     */
    async createPersonalToken(principal: Principal, input: { name: string; expiresInDays?: number | null; password?: string }, context: { ip?: string } = {}) {
      if (!isFreshLogin(principal, clock.now())) await checks.confirm(principal.userId, requirePassword(input.password), context.ip);
      return pats.create(principal.userId, { name: input.name, expiresInDays: input.expiresInDays === undefined ? DEFAULT_PAT_DAYS : input.expiresInDays });
    },

    listPersonalTokens: (userId: string) => pats.list(userId),

    /** Throws not_found when the token is not the user's or already revoked. */
    revokePersonalToken: (userId: string, tokenId: string) => pats.revoke(userId, tokenId),
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

async function getUser(db: Knex, userId: string): Promise<User> {
  const user = await User.query(db).findById(userId);
  if (!user) throw new DomainError('user_not_found', 'User was not found');
  return user;
}

/** Whether the password behind this access token was typed within FRESH_LOGIN_MINUTES (a personal access token never is). */
function isFreshLogin(principal: Principal, now: Date): boolean {
  const at = principal.via === 'jwt' ? principal.authenticatedAt?.getTime() : undefined;
  return at !== undefined && now.getTime() - at <= FRESH_LOGIN_MINUTES * 60_000;
}

function requirePassword(password: string | undefined): string {
  if (password) return password;
  throw new DomainError('reauthentication_required', `Creating a personal access token needs your password: send "password" (or use a login younger than ${FRESH_LOGIN_MINUTES} minutes)`, {
    errors: [{ field: 'password', message: 'your current password' }],
  });
}
