/**
 * Sessions: a login is a family of rotating refresh tokens plus short-lived access tokens
 * (JWT). Logging out means logging out: every request checks the access token against the
 * user's session generation (bumped by "log out everywhere" and a password reset) and its
 * refresh family (revoked by logout or by a replayed refresh token).
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { User } from '../db/models.js';
import { DomainError } from '../errors.js';
import { signAccessToken, verifyAccessToken, type JwtOptions } from './jwt.js';
import { generateSecret, hashSecret } from './secrets.js';

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
  /** For access tokens: when the password behind the login was typed. */
  authenticatedAt?: Date;
}

const REFRESH_PREFIX = 'yava_rt_';
const signedOut = () => new DomainError('invalid_token', 'This session was signed out; log in again');

export interface SessionsDeps {
  db: Knex;
  clock: Clock;
  jwt: JwtOptions;
  refreshTokenTtlDays: number;
}

export function createSessions({ db, clock, jwt, refreshTokenTtlDays }: SessionsDeps) {
  async function issue(trx: Knex, user: User, family: Family = { id: randomUUID(), authenticatedAt: clock.now() }): Promise<Session> {
    const now = clock.now();
    const refreshToken = generateSecret(REFRESH_PREFIX);
    await trx('refresh_tokens').insert({
      user_id: user.id,
      family_id: family.id,
      token_hash: hashSecret(refreshToken),
      expires_at: new Date(now.getTime() + refreshTokenTtlDays * 86_400_000),
      authenticated_at: family.authenticatedAt,
      client_id: family.clientId ?? null,
    });
    const generation = Number((await trx('users').where({ id: user.id }).first('session_generation'))?.session_generation ?? 0);
    const accessToken = await signAccessToken({ userId: user.id, role: user.role, generation, familyId: family.id, authenticatedAt: family.authenticatedAt }, jwt, now);
    return { user, accessToken, refreshToken, expiresIn: jwt.ttlSeconds };
  }

  return {
    /** A new login (a new refresh family) for the user, inside `trx`. */
    issue,

    /** A session-shaped answer for a user that was never stored (registration of a taken email): its tokens work nowhere. */
    async standIn(user: User): Promise<Session> {
      const now = clock.now();
      const accessToken = await signAccessToken({ userId: user.id, role: user.role, generation: 0, familyId: randomUUID(), authenticatedAt: now }, jwt, now);
      return { user, accessToken, refreshToken: generateSecret(REFRESH_PREFIX), expiresIn: jwt.ttlSeconds };
    },

    /**
     * Exchanges a refresh token for a new pair. A token can be used once; presenting a
     * used or revoked one again revokes its whole family (every session descended from
     * the same login, and their access tokens), since it means the token was copied.
     * `clientId` is the OAuth client asking (none for Yava's own login): a token issued to
     * another client is refused as not valid, without touching its family.
     */
    refresh: (refreshToken: string, clientId: string | null = null): Promise<Session> => rotateRefreshToken(db, clock, issue, refreshToken, clientId),

    /**
     * Revokes the given refresh token's family (that login, and its access tokens); an OAuth
     * client's token only when its own user is signed in on the call. With
     * none every session of the user: all refresh tokens, and every access token through
     * the session generation. Personal access tokens stay (revoke them with DELETE /api/tokens/:id).
     */
    async logout(principal: Principal | null, refreshToken?: string): Promise<void> {
      const now = clock.now();
      if (refreshToken) {
        const row = await db('refresh_tokens').where({ token_hash: hashSecret(refreshToken) }).first();
        // A token issued to an OAuth client (an app the user linked) is that app's to use, like for
        // /api/auth/refresh: holding it alone does not end the link; the user signed in here may end it.
        const mayEnd = principal ? row?.user_id === principal.userId : (row?.client_id ?? null) === null;
        if (row && mayEnd) {
          await db('refresh_tokens').where({ family_id: row.family_id }).whereNull('revoked_at').update({ revoked_at: now });
        }
        return;
      }
      if (!principal) return;
      await db.transaction(async (trx) => {
        await trx('refresh_tokens').where({ user_id: principal.userId }).whereNull('revoked_at').update({ revoked_at: now });
        await trx('users').where({ id: principal.userId }).increment('session_generation', 1);
      });
    },

    /** Ends every session of the user inside `trx`: refresh tokens, access tokens and personal access tokens (a password reset). */
    async endAll(trx: Knex, userId: string, now: Date): Promise<void> {
      await trx('refresh_tokens').where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: now });
      await trx('personal_access_tokens').where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: now });
      await trx('users').where({ id: userId }).increment('session_generation', 1);
    },

    /** Resolves an access token, checking on every request that its login was not signed out. Throws invalid_token / token_expired. */
    async resolve(bearer: string): Promise<Principal> {
      const claims = await verifyAccessToken(bearer, jwt, clock.now());
      const row = await db('users as u')
        .where('u.id', claims.userId)
        .first(
          'u.id',
          'u.role',
          'u.session_generation',
          'u.suspended_at',
          db.raw('EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = ? AND r.user_id = u.id AND r.revoked_at IS NOT NULL) AS family_revoked', [claims.familyId]),
        );
      if (!row) throw new DomainError('invalid_token', 'The access token is not valid; log in again');
      // Suspending also moves the session generation on; while suspended, the answer is "suspended" (403), not "signed out".
      if (row.suspended_at) throw accountSuspended();
      if (Number(row.session_generation) !== claims.generation || row.family_revoked) throw signedOut();
      return { userId: row.id, role: row.role, via: 'jwt', authenticatedAt: claims.authenticatedAt };
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;

/** A login: its refresh family, when its password was typed, and the OAuth client it was issued to (none: Yava's own). */
export interface Family {
  id: string;
  authenticatedAt: Date;
  clientId?: string | null;
}

type IssueSession = (trx: Knex, user: User, family: Family) => Promise<Session>;

/**
 * Uses a refresh token once for a new pair in the same family; a used or revoked one revokes the family.
 * A token of another client's family is answered as unknown and left alone: presenting it to the wrong
 * endpoint is not a replay, and it must not let that client end (or probe) another's login.
 */
async function rotateRefreshToken(db: Knex, clock: Clock, issue: IssueSession, refreshToken: string, clientId: string | null): Promise<Session> {
  const now = clock.now();
  const outcome = await db.transaction(async (trx) => {
    const row = await trx('refresh_tokens').where({ token_hash: hashSecret(refreshToken) }).forUpdate().first();
    if (!row || (row.client_id ?? null) !== clientId) return { error: new DomainError('invalid_token', 'The refresh token is not valid; log in again') };
    if (row.used_at || row.revoked_at) {
      await trx('refresh_tokens').where({ family_id: row.family_id }).whereNull('revoked_at').update({ revoked_at: now });
      return { error: new DomainError('invalid_token', 'The refresh token was already used; every session from that login is signed out, log in again') };
    }
    if (new Date(row.expires_at) <= now) return { error: new DomainError('token_expired', 'The refresh token has expired; log in again') };
    const user = await User.query(trx).findById(row.user_id);
    if (!user) return { error: new DomainError('invalid_token', 'The account no longer exists') };
    // Refused while suspended without using the token up, so it still works once the account is restored.
    if ((user as User & { suspended_at?: Date | null }).suspended_at) return { error: accountSuspended() };
    await trx('refresh_tokens').where({ id: row.id }).update({ used_at: now });
    return { session: await issue(trx, user, { id: row.family_id, authenticatedAt: new Date(row.authenticated_at), clientId: row.client_id }) };
  });
  if ('error' in outcome) throw outcome.error;
  return outcome.session;
}

/** A suspended account's tokens stop working until an admin restores it. */
export const accountSuspended = () => new DomainError('forbidden', 'This account is suspended; contact an administrator');
