import { expect } from 'chai';
import { SignJWT, UnsecuredJWT } from 'jose';
import { signAccessToken, verifyAccessToken, type AccessClaims } from '../../../core/auth/jwt.js';

const options = { secret: 'a-test-secret-of-at-least-32-chars!!', ttlSeconds: 900 };
const now = new Date('2026-11-30T10:00:00Z');
const claims: AccessClaims = {
  userId: 'u1',
  role: 'user',
  generation: 3,
  familyId: 'f1',
  authenticatedAt: new Date('2026-11-30T09:00:00Z'),
};
const key = new TextEncoder().encode(options.secret);
const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (e: { code?: string }) => e.code,
  );

/** A token with core's claims, signed as the caller says. */
const forged = (alg: string) =>
  new SignJWT({ role: 'admin', typ: 'access', gen: 3, fam: 'f1', auth_time: 1 })
    .setProtectedHeader({ alg })
    .setSubject('u1')
    .setIssuer('yava')
    .setAudience('yava-api')
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime('1h');

describe('core/auth/jwt', () => {
  it('round-trips the claims', async () => {
    const token = await signAccessToken(claims, options, now);
    expect(await verifyAccessToken(token, options, now)).to.deep.equal(claims);
  });
  it('rejects a token after its ttl as token_expired', async () => {
    const token = await signAccessToken(claims, options, now);
    expect(await code(verifyAccessToken(token, options, new Date(now.getTime() + 901_000)))).to.equal('token_expired');
  });
  it('rejects another key, a tampered payload and a tampered signature as invalid_token', async () => {
    const token = await signAccessToken(claims, options, now);
    expect(
      await code(verifyAccessToken(token, { ...options, secret: 'another-secret-of-at-least-32-chars!' }, now)),
    ).to.equal('invalid_token');
    const [header, payload, signature] = token.split('.');
    const body = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const admin = Buffer.from(JSON.stringify({ ...body, role: 'admin' })).toString('base64url');
    expect(await code(verifyAccessToken(`${header}.${admin}.${signature}`, options, now))).to.equal('invalid_token');
    const flipped = signature!.slice(0, -2) + (signature!.endsWith('AA') ? 'BB' : 'AA');
    expect(await code(verifyAccessToken(`${header}.${payload}.${flipped}`, options, now))).to.equal('invalid_token');
  });
  it('pins the algorithm: alg none and HS512 with the same key are refused', async () => {
    const none = new UnsecuredJWT({ role: 'admin', typ: 'access', gen: 3, fam: 'f1', auth_time: 1 })
      .setSubject('u1')
      .setIssuer('yava')
      .setAudience('yava-api')
      .setIssuedAt()
      .setExpirationTime('1h')
      .encode();
    expect(await code(verifyAccessToken(none, options, now))).to.equal('invalid_token');
    const hs512 = await forged('HS512').sign(key);
    expect(await code(verifyAccessToken(hs512, options, now))).to.equal('invalid_token');
    // The same token signed HS256 is accepted, so the refusal above is the algorithm's.
    expect(await code(verifyAccessToken(await forged('HS256').sign(key), options, now))).to.equal('accepted');
  });
});
