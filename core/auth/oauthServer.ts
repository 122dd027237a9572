/**
 * Yava's own OAuth 2.0 authorization server (RFC 6749, authorization-code grant), so a voice
 * assistant (Alexa account linking) can act for a Yava user without ever seeing the password.
 * Clients are configured, not registered at run time. A code is single-use, lives five
 * minutes, is bound to its client and redirect URI, may carry a PKCE challenge (RFC 7636), and
 * is stored only as a hash. Exchanging it starts an ordinary login (a refresh family, bound to
 * the client: its refresh tokens work for that client only), so the user's "log out everywhere"
 * and password reset unlink the assistant too; a replayed code ends the login its first
 * exchange started.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { User } from '../db/models.js';
import { DomainError } from '../errors.js';
import { generateSecret, hashSecret, safeEqual } from './secrets.js';
import type { Session, Sessions } from './sessions.js';

export interface OAuthClient {
  id: string;
  secret: string;
  /** Exact redirect URIs this client may use. */
  redirectUris: string[];
  /** Shown on the consent page ("Link Alexa to your Yava account"). */
  name: string;
}

/** RFC 6749 §5.2 error codes the token endpoint answers with. */
export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type';

/** An error of the token endpoint, answered as `{error, error_description}` (401 for invalid_client, else 400). */
export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OAuthError';
  }
}

/**
 * An authorization request from a known client with a listed redirect URI that is still wrong:
 * answered by redirecting back with `error`, `error_description` and `state` (RFC 6749 §4.1.2.1).
 */
export class AuthorizeRedirectError extends Error {
  constructor(
    readonly code: 'invalid_request' | 'unsupported_response_type',
    message: string,
    readonly request: AuthorizeRequest,
  ) {
    super(message);
    this.name = 'AuthorizeRedirectError';
  }
}

export const OAUTH_CODE_PREFIX = 'yava_ac_';
export const OAUTH_CODE_TTL_MS = 5 * 60_000;

export interface AuthorizeRequest {
  client: OAuthClient;
  redirectUri: string;
  state?: string;
  scope?: string;
  codeChallenge?: string;
}

export interface OAuthServerDeps {
  db: Knex;
  clock: Clock;
  sessions: Pick<Sessions, 'issue' | 'refresh'>;
  clients: OAuthClient[];
}

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

export function createOAuthServer({ db, clock, sessions, clients }: OAuthServerDeps) {
  /** The client, if its secret matches (compared in constant time). */
  function authenticateClient(clientId: string | undefined, clientSecret: string | undefined): OAuthClient {
    const client = clients.find((c) => c.id === clientId);
    if (!client || !clientSecret || !safeEqual(client.secret, clientSecret)) throw new OAuthError('invalid_client', 'Unknown client or wrong client secret');
    return client;
  }

  return {
    /** Whether any client is configured (otherwise /oauth/authorize says what to set). */
    enabled: clients.length > 0,

    /**
     * Checks an authorization request before anything is shown. A bad client or redirect URI is
     * never redirected to (RFC 6749 §4.1.2.1): it throws validation_failed for the page to show.
     * Anything else wrong throws AuthorizeRedirectError, to be sent back to the redirect URI:
     * unsupported_response_type, or invalid_request for a PKCE method other than S256 (RFC 7636 §4.4.1).
     */
    checkRequest(query: { response_type?: string; client_id?: string; redirect_uri?: string; state?: string; scope?: string; code_challenge?: string; code_challenge_method?: string }): AuthorizeRequest {
      if (clients.length === 0) throw new DomainError('not_configured', 'Account linking is not configured on this server: set ALEXA_CLIENT_ID, ALEXA_CLIENT_SECRET and ALEXA_REDIRECT_URIS');
      const client = clients.find((c) => c.id === query.client_id);
      if (!client) throw new DomainError('validation_failed', 'This link names an unknown app (client_id); start account linking again from the app');
      if (!query.redirect_uri || !client.redirectUris.includes(query.redirect_uri)) {
        throw new DomainError('validation_failed', `This link's redirect_uri is not one ${client.name} may use; the server's ALEXA_REDIRECT_URIS must list it exactly`);
      }
      const request = { client, redirectUri: query.redirect_uri, state: query.state, scope: query.scope, codeChallenge: query.code_challenge };
      if (!query.response_type) throw new AuthorizeRedirectError('invalid_request', 'response_type is required', request);
      if (query.response_type !== 'code') throw new AuthorizeRedirectError('unsupported_response_type', 'Only response_type=code is supported', request);
      if (query.code_challenge && (query.code_challenge_method ?? 'plain') !== 'S256') throw new AuthorizeRedirectError('invalid_request', 'Only code_challenge_method=S256 is supported', request);
      return request;
    },

    /** A new single-use code for the user (after they signed in and pressed Allow). */
    async issueCode(userId: string, request: AuthorizeRequest): Promise<string> {
      const code = generateSecret(OAUTH_CODE_PREFIX);
      const now = clock.now();
      await db('oauth_codes').insert({
        code_hash: hashSecret(code),
        user_id: userId,
        client_id: request.client.id,
        redirect_uri: request.redirectUri,
        scope: request.scope ?? null,
        code_challenge: request.codeChallenge ?? null,
        expires_at: new Date(now.getTime() + OAUTH_CODE_TTL_MS),
        created_at: now,
      });
      return code;
    },

    /** grant_type=authorization_code: a code for a session. Throws OAuthError. */
    async exchangeCode(input: { code?: string; redirectUri?: string; clientId?: string; clientSecret?: string; codeVerifier?: string }): Promise<Session> {
      const client = authenticateClient(input.clientId, input.clientSecret);
      if (!input.code) throw new OAuthError('invalid_request', 'code is required');
      const now = clock.now();
      const outcome = await db.transaction(async (trx) => {
        const row = await trx('oauth_codes').where({ code_hash: hashSecret(input.code!) }).forUpdate().first();
        const refused = (why: string) => ({ error: new OAuthError('invalid_grant', why) });
        if (!row || row.client_id !== client.id) return refused('The authorization code is not valid');
        if (row.used_at) {
          if (row.family_id) await trx('refresh_tokens').where({ family_id: row.family_id }).whereNull('revoked_at').update({ revoked_at: now });
          return refused('The authorization code was already used; the login it started is ended');
        }
        if (new Date(row.expires_at) <= now) return refused('The authorization code has expired; link the account again');
        if (row.redirect_uri !== input.redirectUri) return refused('redirect_uri differs from the one the code was issued for');
        if (row.code_challenge && (!input.codeVerifier || !safeEqual(s256(input.codeVerifier), row.code_challenge))) return refused('code_verifier does not match the code challenge');
        // PKCE downgrade (RFC 9700 §2.1.1): a verifier for a code asked for without a challenge means the request was tampered with.
        if (!row.code_challenge && input.codeVerifier !== undefined) return refused('code_verifier was sent but the authorization request had no code_challenge');
        const user = await User.query(trx).findById(row.user_id);
        if (!user) return refused('The account no longer exists');
        const family = { id: randomUUID(), authenticatedAt: new Date(row.created_at), clientId: client.id };
        await trx('oauth_codes').where({ code_hash: row.code_hash }).update({ used_at: now, family_id: family.id });
        return { session: await sessions.issue(trx, user, family) };
      });
      if ('error' in outcome) throw outcome.error;
      return outcome.session;
    },

    /** grant_type=refresh_token: a new pair (the refresh token rotates, as for any login). Throws OAuthError. */
    async refresh(input: { refreshToken?: string; clientId?: string; clientSecret?: string }): Promise<Session> {
      const client = authenticateClient(input.clientId, input.clientSecret);
      if (!input.refreshToken) throw new OAuthError('invalid_request', 'refresh_token is required');
      try {
        // Bound to the client it was issued to (RFC 6749 §6, §10.4): another client's or a first-party login's token is invalid_grant.
        return await sessions.refresh(input.refreshToken, client.id);
      } catch (error) {
        if (error instanceof DomainError) throw new OAuthError('invalid_grant', error.message);
        throw error;
      }
    },

    /** Drops codes that expired more than a day ago (housekeeping). */
    purgeExpired: () => db('oauth_codes').where('expires_at', '<', new Date(clock.now().getTime() - 86_400_000)).delete(),
  };
}

export type OAuthServer = ReturnType<typeof createOAuthServer>;
