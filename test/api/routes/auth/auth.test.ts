import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, capturedLogs, registerUser, startTestServer, TEST_JWT_SECRET, type ApiCall } from '../../../helpers/server.js';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

function expectProblem(res: { status: number; headers: Headers; body: any }, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
  expect(res.body.code).to.equal(code);
  expect(res.body.status).to.equal(status);
  expect(res.body.type).to.be.a('string');
  expect(res.body.title).to.be.a('string');
  expect(JSON.stringify(res.body)).not.to.match(/at .*\.ts:\d+|select |insert into|stack/i);
}

describe('auth API', () => {
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T10:00:00Z');

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock, env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '15' } });
    call = apiClient(server.url);
  });
  after(() => server.close());

  describe('POST /api/auth/register', () => {
    it('creates the first account as admin and returns a session', async () => {
      const res = await call('POST', '/api/auth/register', { body: { email: 'Ada@Example.com', password: 'analytical engine 1843', name: 'Ada', timezone: 'Europe/London' } });
      expect(res.status).to.equal(201);
      expect(res.body.user).to.include({ email: 'ada@example.com', username: 'ada', name: 'Ada', role: 'admin', timezone: 'Europe/London' });
      expect(res.body.user).not.to.have.property('passwordHash');
      expect(res.body.accessToken).to.be.a('string');
      expect(res.body.refreshToken).to.match(/^yava_rt_/);
    });

    it('makes later accounts plain users', async () => {
      const s = await registerUser(call);
      expect(s.user.role).to.equal('user');
    });

    it('answers a duplicate email (whatever its case) like a new registration, without creating an account', async () => {
      const res = await call('POST', '/api/auth/register', { body: { email: 'ADA@example.com', password: 'another good password', name: 'X' } });
      expect(res.status).to.equal(201);
      expect(res.body.user).to.include({ email: 'ada@example.com', role: 'user' });
      expect((await call('POST', '/api/auth/login', { body: { email: 'ada@example.com', password: 'another good password' } })).status).to.equal(401);
    });

    it('rejects a weak password with 422 and the reason', async () => {
      const res = await call('POST', '/api/auth/register', { body: { email: 'weak@example.com', password: 'short', name: 'W' } });
      expectProblem(res, 422, 'weak_password');
      expect(res.body.detail).to.match(/at least 10 characters/);
      expectProblem(await call('POST', '/api/auth/register', { body: { email: 'weak@example.com', password: 'password123', name: 'W' } }), 422, 'weak_password');
    });

    it('names each bad field: wrong types, unknown fields, missing fields', async () => {
      const res = await call('POST', '/api/auth/register', { body: { email: 42, password: 'correct horse battery', name: '', admin: true } });
      expectProblem(res, 400, 'validation_failed');
      const fields = res.body.errors.map((e: any) => e.field);
      expect(fields).to.include.members(['email', 'name', 'admin']);
    });

    it('rejects an unknown time zone and a reserved username', async () => {
      expectProblem(await call('POST', '/api/auth/register', { body: { email: 'tz@example.com', password: 'correct horse battery', name: 'T', timezone: 'Mars/Olympus' } }), 400, 'validation_failed');
      expectProblem(await call('POST', '/api/auth/register', { body: { email: 'tz@example.com', password: 'correct horse battery', name: 'T', username: 'api' } }), 400, 'validation_failed');
    });

    it('rejects a taken username with 409', async () => {
      expectProblem(await call('POST', '/api/auth/register', { body: { email: 'ada2@example.com', password: 'correct horse battery', name: 'A', username: 'ADA' } }), 409, 'username_taken');
    });

    it('answers malformed JSON with 400 invalid_json', async () => {
      expectProblem(await call('POST', '/api/auth/register', { raw: '{"email": ' }), 400, 'invalid_json');
    });

    it('answers a body over 1 MB with 413', async () => {
      const res = await call('POST', '/api/auth/register', { raw: JSON.stringify({ email: 'big@example.com', password: 'x'.repeat(1_100_000), name: 'B' }) });
      expectProblem(res, 413, 'payload_too_large');
    });

    it('answers a non-JSON body with 415', async () => {
      expectProblem(await call('POST', '/api/auth/register', { raw: 'email=a', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
    });
  });

  describe('login, refresh, logout', () => {
    let email: string;
    let password: string;
    before(async () => {
      const s = await registerUser(call);
      email = s.email;
      password = s.password;
    });

    it('logs in with the right password and returns the same shape as register', async () => {
      const res = await call('POST', '/api/auth/login', { body: { email, password } });
      expect(res.status).to.equal(200);
      expect(res.body).to.have.keys(['user', 'accessToken', 'refreshToken', 'tokenType', 'expiresIn']);
      const me = await call('GET', '/api/me', { token: res.body.accessToken });
      expect(me.status).to.equal(200);
      expect(me.body.email).to.equal(email);
    });

    it('refuses a wrong password with 401 and does not say which part was wrong', async () => {
      const res = await call('POST', '/api/auth/login', { body: { email, password: 'not the password at all' } });
      expectProblem(res, 401, 'invalid_credentials');
      expect(res.body.detail).to.equal('Email or password is wrong');
      await call('POST', '/api/auth/login', { body: { email, password } }); // success resets the account count
    });

    it('rotates refresh tokens, and reuse of a rotated one revokes the whole family', async () => {
      const login = (await call('POST', '/api/auth/login', { body: { email, password } })).body;
      const first = await call('POST', '/api/auth/refresh', { body: { refreshToken: login.refreshToken } });
      expect(first.status).to.equal(200);
      expect(first.body.refreshToken).not.to.equal(login.refreshToken);
      const second = await call('POST', '/api/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
      expect(second.status).to.equal(200);
      // The first token is replayed: every token of that login dies, including the newest.
      expectProblem(await call('POST', '/api/auth/refresh', { body: { refreshToken: login.refreshToken } }), 401, 'invalid_token');
      expectProblem(await call('POST', '/api/auth/refresh', { body: { refreshToken: second.body.refreshToken } }), 401, 'invalid_token');
      // Another login's family is untouched.
      const other = (await call('POST', '/api/auth/login', { body: { email, password } })).body;
      expect((await call('POST', '/api/auth/refresh', { body: { refreshToken: other.refreshToken } })).status).to.equal(200);
    });

    it('rejects an unknown and an expired refresh token', async () => {
      expectProblem(await call('POST', '/api/auth/refresh', { body: { refreshToken: 'yava_rt_not-a-real-token' } }), 401, 'invalid_token');
      const login = (await call('POST', '/api/auth/login', { body: { email, password } })).body;
      clock.advance(31 * 86_400_000);
      try {
        expectProblem(await call('POST', '/api/auth/refresh', { body: { refreshToken: login.refreshToken } }), 401, 'token_expired');
      } finally {
        clock.set('2026-11-24T10:00:00Z');
      }
    });

    it('logout revokes the refresh token with 204', async () => {
      const login = (await call('POST', '/api/auth/login', { body: { email, password } })).body;
      const res = await call('POST', '/api/auth/logout', { token: login.accessToken, body: { refreshToken: login.refreshToken } });
      expect(res.status).to.equal(204);
      expectProblem(await call('POST', '/api/auth/refresh', { body: { refreshToken: login.refreshToken } }), 401, 'invalid_token');
    });

    it('logout without a refresh token needs a bearer token and ends every session', async () => {
      expectProblem(await call('POST', '/api/auth/logout', { body: {} }), 401, 'unauthorized');
      const login = (await call('POST', '/api/auth/login', { body: { email, password } })).body;
      expect((await call('POST', '/api/auth/logout', { token: login.accessToken })).status).to.equal(204);
      expectProblem(await call('POST', '/api/auth/refresh', { body: { refreshToken: login.refreshToken } }), 401, 'invalid_token');
    });
  });

  describe('access tokens', () => {
    let session: Awaited<ReturnType<typeof registerUser>>;
    before(async () => {
      session = await registerUser(call);
    });

    it('401s without a token, and with a malformed header', async () => {
      expectProblem(await call('GET', '/api/me'), 401, 'unauthorized');
      expectProblem(await call('GET', '/api/me', { headers: { authorization: 'Basic abc' } }), 401, 'unauthorized');
    });

    it('401s a tampered token', async () => {
      const [h, p, s] = session.accessToken.split('.');
      const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
      const forged = `${h}.${b64({ ...payload, role: 'admin' })}.${s}`;
      expectProblem(await call('GET', '/api/me', { token: forged }), 401, 'invalid_token');
    });

    it('401s an alg:none token', async () => {
      const payload = JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString());
      const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
      expectProblem(await call('GET', '/api/me', { token: none }), 401, 'invalid_token');
    });

    it('401s a token signed with another key or algorithm', async () => {
      const payload = JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString());
      const otherKey = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('another-secret-that-is-32-characters-or-more'));
      expectProblem(await call('GET', '/api/me', { token: otherKey }), 401, 'invalid_token');
      const header = b64({ alg: 'HS512', typ: 'JWT' });
      const body = b64(payload);
      const sig = createHmac('sha512', TEST_JWT_SECRET).update(`${header}.${body}`).digest('base64url');
      expectProblem(await call('GET', '/api/me', { token: `${header}.${body}.${sig}` }), 401, 'invalid_token');
    });

    it('401s an expired token', async () => {
      clock.advance(16 * 60_000);
      try {
        expectProblem(await call('GET', '/api/me', { token: session.accessToken }), 401, 'token_expired');
      } finally {
        clock.set('2026-11-24T10:00:00Z');
      }
    });
  });

  describe('RBAC and GET /api/admin/users', () => {
    it('lets an admin page through users and denies plain users with 403', async () => {
      const admin = (await call('POST', '/api/auth/login', { body: { email: 'ada@example.com', password: 'analytical engine 1843' } })).body;
      const page1 = await call('GET', '/api/admin/users?limit=2', { token: admin.accessToken });
      expect(page1.status).to.equal(200);
      expect(page1.body.users).to.have.length(2);
      expect(page1.body.nextCursor).to.be.a('string');
      const page2 = await call('GET', `/api/admin/users?limit=2&cursor=${page1.body.nextCursor}`, { token: admin.accessToken });
      expect(page2.body.users[0].id).not.to.equal(page1.body.users[0].id);
      expect(page2.body.users[0].id).not.to.equal(page1.body.users[1].id);
      const user = await registerUser(call);
      expectProblem(await call('GET', '/api/admin/users', { token: user.accessToken }), 403, 'forbidden');
      expectProblem(await call('GET', '/api/admin/users'), 401, 'unauthorized');
      expectProblem(await call('GET', '/api/admin/users?limit=1000', { token: admin.accessToken }), 400, 'validation_failed');
      expectProblem(await call('GET', '/api/admin/users?cursor=garbage', { token: admin.accessToken }), 400, 'validation_failed');
    });
  });

  describe('personal access tokens', () => {
    it('creates one shown once, authenticates with it, lists it without the secret, and revokes it', async () => {
      const s = await registerUser(call);
      const created = await call('POST', '/api/tokens', { token: s.accessToken, body: { name: 'laptop cli' } });
      expect(created.status).to.equal(201);
      expect(created.body.token).to.match(/^yava_pat_/);
      const me = await call('GET', '/api/me', { token: created.body.token });
      expect(me.status).to.equal(200);
      expect(me.body.id).to.equal(s.user.id);
      const list = await call('GET', '/api/tokens', { token: s.accessToken });
      expect(list.body.tokens).to.have.length(1);
      expect(list.body.tokens[0]).not.to.have.property('token');
      expect(list.body.tokens[0].lastUsedAt).to.be.a('string');
      expect((await call('DELETE', `/api/tokens/${created.body.id}`, { token: s.accessToken })).status).to.equal(204);
      expectProblem(await call('GET', '/api/me', { token: created.body.token }), 401, 'invalid_token');
      expectProblem(await call('DELETE', `/api/tokens/${created.body.id}`, { token: s.accessToken }), 404, 'not_found');
      const bad = await call('DELETE', '/api/tokens/not-a-uuid', { token: s.accessToken });
      expectProblem(bad, 400, 'validation_failed');
      // The id is in the path: named there, not as "(body)".
      expect(bad.body.errors).to.deep.equal([{ field: 'id', message: 'expected a token id (uuid)' }]);
    });

    it('does not let one user revoke another user\'s token', async () => {
      const a = await registerUser(call);
      const b = await registerUser(call);
      const created = await call('POST', '/api/tokens', { token: a.accessToken, body: { name: 'a' } });
      expectProblem(await call('DELETE', `/api/tokens/${created.body.id}`, { token: b.accessToken }), 404, 'not_found');
    });
  });

  describe('at the end', () => {
    it('never logs a password or token', () => {
      const all = capturedLogs.join('\n');
      expect(all).not.to.include('analytical engine 1843');
      expect(all).not.to.include('correct horse battery staple');
      expect(all).not.to.match(/yava_(rt|pat)_[A-Za-z0-9_-]{20}/);
    });

    it('answers unknown API paths with problem+json 404', async () => {
      expectProblem(await call('GET', '/api/nope'), 404, 'not_found');
    });
  });
});
