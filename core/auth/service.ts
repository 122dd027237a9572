import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type { Clock } from '../clock.js';
import { DomainError, PG, constraintName, sqlState } from '../errors.js';
import { User } from '../db/models.js';
import { signAccessToken, verifyAccessToken } from './jwt.js';
import { burnPasswordCheck, hashPassword, passwordWeakness, verifyPassword } from './passwords.js';
import { generateSecret, hashSecret } from './secrets.js';
import { createLoginThrottle } from './throttle.js';

export interface AuthServiceConfig {
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  bcryptCost: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
}

export interface CreateAuthServiceOptions {
  db: Knex;
  clock: Clock;
  config: AuthServiceConfig;
}

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
  username?: string;
  timezone?: string;
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

export const PAT_PREFIX = 'yava_pat_';
const REFRESH_PREFIX = 'yava_rt_';
const USERNAME_RE = /^[a-z0-9](?:[a-z0-9_-]{0,38}[a-z0-9])?$/;
const RESERVED_USERNAMES = new Set(['api', 'ics', 'meetings', 'health', 'ready', 'slack', 'admin', 'static', 'assets', 'login', 'discord', 'favicon.ico', 'robots.txt']);

export function isValidUsername(username: string): boolean {
  return USERNAME_RE.test(username) && !RESERVED_USERNAMES.has(username);
}

export function isValidTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

/** Accounts, sessions with rotating refresh tokens, and personal access tokens. */
export function createAuthService({ db, clock, config }: CreateAuthServiceOptions) {
  const throttle = createLoginThrottle({ maxFailures: config.loginMaxFailures, lockMinutes: config.loginLockMinutes });

  async function issueSession(trx: Knex, user: User, familyId?: string): Promise<Session> {
    const now = clock.now();
    const refreshToken = generateSecret(REFRESH_PREFIX);
    await trx('refresh_tokens').insert({
      user_id: user.id,
      family_id: familyId ?? trx.raw('gen_random_uuid()'),
      token_hash: hashSecret(refreshToken),
      expires_at: new Date(now.getTime() + config.refreshTokenTtlDays * 86_400_000),
    });
    const accessToken = await signAccessToken({ userId: user.id, role: user.role }, { secret: config.jwtSecret, ttlSeconds: config.accessTokenTtlSeconds }, now);
    return { user, accessToken, refreshToken, expiresIn: config.accessTokenTtlSeconds };
  }

  async function uniqueUsername(trx: Knex, email: string): Promise<string> {
    let base = email.split('@')[0]!.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|[-_]+$/g, '').slice(0, 30);
    if (base.length < 1 || !isValidUsername(base)) base = `user-${base || 'x'}`.replace(/[-_]+$/g, '');
    for (let i = 0; i < 50; i++) {
      const candidate = i === 0 ? base : `${base}-${i + 1}`;
      const taken = await trx('users').whereRaw('lower(username) = ?', [candidate]).first();
      if (!taken) return candidate;
    }
    return `${base}-${Date.now().toString(36)}`;
  }

  async function createUser(input: RegisterInput, role?: 'admin' | 'user'): Promise<User> {
    const email = input.email.trim().toLowerCase();
    const weakness = passwordWeakness(input.password, email);
    if (weakness) throw new DomainError('weak_password', weakness, { errors: [{ field: 'password', message: weakness }] });
    const timezone = input.timezone ?? 'UTC';
    if (!isValidTimeZone(timezone)) {
      throw new DomainError('validation_failed', `Unknown time zone "${timezone}"`, { errors: [{ field: 'timezone', message: 'expected an IANA time zone such as Europe/Berlin' }] });
    }
    if (input.username !== undefined && !isValidUsername(input.username.toLowerCase())) {
      throw new DomainError('validation_failed', 'Invalid username', {
        errors: [{ field: 'username', message: 'use 1-40 lower-case letters, digits, "-" or "_", starting and ending with a letter or digit (some names are reserved)' }],
      });
    }
    const passwordHash = await hashPassword(input.password, config.bcryptCost);
    try {
      return await db.transaction(async (trx) => {
        // Serialises registrations so exactly one first account becomes admin.
        await trx.raw('SELECT pg_advisory_xact_lock(?)', [7_001]);
        const existing = await trx('users').whereRaw('lower(email) = ?', [email]).first();
        if (existing) throw new DomainError('email_taken', 'An account with this email already exists; log in instead');
        const { count } = (await trx('users').count<{ count: number }[]>('* as count'))[0]!;
        const username = input.username ? input.username.toLowerCase() : await uniqueUsername(trx, email);
        const row = await User.query(trx).insert({
          email,
          username,
          name: input.name.trim(),
          password_hash: passwordHash,
          role: role ?? (Number(count) === 0 ? 'admin' : 'user'),
          timezone,
        }).returning('*');
        return row;
      });
    } catch (error) {
      if (sqlState(error) === PG.uniqueViolation) {
        const constraint = constraintName(error) ?? '';
        if (constraint.includes('username')) throw new DomainError('username_taken', 'This username is taken; choose another', { errors: [{ field: 'username', message: 'already taken' }] });
        throw new DomainError('email_taken', 'An account with this email already exists; log in instead');
      }
      throw error;
    }
  }

  return {
    /** Creates an account (the first one is an admin) and signs it in. Throws weak_password, email_taken, username_taken. */
    async register(input: RegisterInput): Promise<Session> {
      const user = await createUser(input);
      return db.transaction((trx) => issueSession(trx, user));
    },

    /** Creates an admin account (`yava admin create`). */
    async createAdmin(input: RegisterInput): Promise<User> {
      return createUser(input, 'admin');
    },

    /** Throws invalid_credentials, or too_many_attempts while the account or address is locked. */
    async login(input: { email: string; password: string }, context: { ip?: string } = {}): Promise<Session> {
      const email = input.email.trim().toLowerCase();
      const now = clock.now();
      await throttle.assertAllowed(db, email, context.ip, now);
      const user = await User.query(db).whereRaw('lower(email) = ?', [email]).first();
      const ok = user ? await verifyPassword(input.password, user.password_hash) : (await burnPasswordCheck(input.password, config.bcryptCost), false);
      if (!user || !ok) {
        await throttle.recordFailure(db, email, context.ip, now);
        throw new DomainError('invalid_credentials', 'Email or password is wrong');
      }
      await throttle.recordSuccess(db, email);
      return db.transaction((trx) => issueSession(trx, user));
    },

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
      const now = clock.now();
      if (bearer.startsWith(PAT_PREFIX)) {
        const row = await db('personal_access_tokens as t')
          .join('users as u', 'u.id', 't.user_id')
          .where('t.token_hash', hashSecret(bearer))
          .whereNull('t.revoked_at')
          .select('t.id', 't.user_id', 't.expires_at', 'u.role')
          .first();
        if (!row || (row.expires_at && new Date(row.expires_at) <= now)) {
          throw new DomainError('invalid_token', 'The personal access token is not valid or was revoked; create a new one with `yava tokens create`');
        }
        await db('personal_access_tokens').where({ id: row.id }).update({ last_used_at: now });
        return { userId: row.user_id, role: row.role, via: 'pat' };
      }
      const claims = await verifyAccessToken(bearer, { secret: config.jwtSecret, ttlSeconds: config.accessTokenTtlSeconds }, now);
      const user = await db('users').where({ id: claims.userId }).first('id', 'role');
      if (!user) throw new DomainError('invalid_token', 'The account no longer exists');
      return { userId: user.id, role: user.role, via: 'jwt' };
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
    async listUsers(options: { limit: number; cursor?: string }): Promise<{ users: User[]; nextCursor: string | null }> {
      const query = User.query(db).orderBy([{ column: 'created_at' }, { column: 'id' }]).limit(options.limit + 1);
      if (options.cursor) {
        // Compare against the row itself: timestamps carry microseconds a JS Date would drop.
        const id = decodeCursor(options.cursor);
        const anchor = await db('users').where({ id }).first('id');
        if (!anchor) throw invalidCursor();
        query.whereRaw('(created_at, id) > (SELECT created_at, id FROM users WHERE id = ?)', [id]);
      }
      const rows = await query;
      const page = rows.slice(0, options.limit);
      const last = page[page.length - 1];
      return { users: page, nextCursor: rows.length > options.limit && last ? encodeCursor(last.id) : null };
    },

    /** Creates a personal access token; the secret is returned once and stored hashed. */
    async createPersonalToken(userId: string, input: { name: string; expiresInDays?: number | null }) {
      const token = generateSecret(PAT_PREFIX);
      const now = clock.now();
      const [row] = await db('personal_access_tokens')
        .insert({
          user_id: userId,
          name: input.name,
          token_hash: hashSecret(token),
          prefix: token.slice(0, PAT_PREFIX.length + 6),
          expires_at: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
        })
        .returning('*');
      return { token, record: row as PersonalTokenRow };
    },

    async listPersonalTokens(userId: string): Promise<PersonalTokenRow[]> {
      return db('personal_access_tokens').where({ user_id: userId }).whereNull('revoked_at').orderBy('created_at', 'desc');
    },

    /** Throws not_found when the token is not the user's or already revoked. */
    async revokePersonalToken(userId: string, tokenId: string): Promise<void> {
      const updated = await db('personal_access_tokens').where({ id: tokenId, user_id: userId }).whereNull('revoked_at').update({ revoked_at: clock.now() }).returning('id');
      if (updated.length === 0) throw new DomainError('not_found', 'Token was not found (or was already revoked)');
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

export interface PersonalTokenRow {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  expires_at: Date | null;
  last_used_at: Date | null;
  created_at: Date;
}

function encodeCursor(id: string): string {
  return Buffer.from(id).toString('base64url');
}

const invalidCursor = () =>
  new DomainError('validation_failed', 'The cursor is not valid; use the nextCursor of a previous page', { errors: [{ field: 'cursor', message: 'invalid cursor' }] });

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw invalidCursor();
  return id;
}
