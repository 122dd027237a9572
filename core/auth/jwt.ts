import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { DomainError } from '../errors.js';

const ALGORITHM = 'HS256';
const ISSUER = 'yava';
const AUDIENCE = 'yava-api';

export interface AccessClaims {
  userId: string;
  role: 'admin' | 'user';
  /** The user's session generation when issued; bumped by "log out everywhere" and a password reset. */
  generation: number;
  /** The refresh-token family (one login) the token belongs to; revoking it ends the token. */
  familyId: string;
  /** When the password behind this login was typed (carried through refreshes). */
  authenticatedAt: Date;
}

export interface JwtOptions {
  secret: string;
  ttlSeconds: number;
}

/** Signs a short-lived access token (HS256, issuer and audience set). */
export async function signAccessToken(claims: AccessClaims, options: JwtOptions, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ role: claims.role, typ: 'access', gen: claims.generation, fam: claims.familyId, auth_time: Math.floor(claims.authenticatedAt.getTime() / 1000) })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + options.ttlSeconds)
    .sign(new TextEncoder().encode(options.secret));
}

/**
 * Verifies an access token with the algorithm pinned to HS256: `alg: none`, another
 * algorithm, another key, a wrong audience and an expired `exp` are all rejected.
 * Throws `token_expired` or `invalid_token`.
 */
export async function verifyAccessToken(token: string, options: JwtOptions, now: Date): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(options.secret), {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: now,
      requiredClaims: ['exp', 'sub', 'iat', 'gen', 'fam', 'auth_time'],
    });
    const { typ, role, sub, gen, fam, auth_time: authTime } = payload;
    if (typ !== 'access' || (role !== 'admin' && role !== 'user') || typeof sub !== 'string' || !Number.isInteger(gen) || typeof fam !== 'string' || typeof authTime !== 'number') {
      throw new DomainError('invalid_token', 'The access token is not valid; log in again');
    }
    return { userId: sub, role, generation: gen as number, familyId: fam, authenticatedAt: new Date(authTime * 1000) };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new DomainError('token_expired', 'The access token has expired; refresh it or log in again');
    throw new DomainError('invalid_token', 'The access token is not valid; log in again');
  }
}
