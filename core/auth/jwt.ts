import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { DomainError } from '../errors.js';

const ALGORITHM = 'HS256';
const ISSUER = 'yava';
const AUDIENCE = 'yava-api';

export interface AccessClaims {
  userId: string;
  role: 'admin' | 'user';
}

export interface JwtOptions {
  secret: string;
  ttlSeconds: number;
}

/** Signs a short-lived access token (HS256, issuer and audience set). */
export async function signAccessToken(claims: AccessClaims, options: JwtOptions, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ role: claims.role, typ: 'access' })
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
      requiredClaims: ['exp', 'sub', 'iat'],
    });
    if (payload.typ !== 'access' || (payload.role !== 'admin' && payload.role !== 'user') || typeof payload.sub !== 'string') {
      throw new DomainError('invalid_token', 'The access token is not valid; log in again');
    }
    return { userId: payload.sub, role: payload.role };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new DomainError('token_expired', 'The access token has expired; refresh it or log in again');
    throw new DomainError('invalid_token', 'The access token is not valid; log in again');
  }
}
