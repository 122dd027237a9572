import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { expectProblem } from '../../../helpers/scheduling.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

describe('logout means logout: access tokens and personal access tokens', () => {
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  let user: Awaited<ReturnType<typeof registerUser>>;
  const login = async () => (await call('POST', '/api/auth/login', { body: { email: user.email, password: user.password } })).body as { accessToken: string; refreshToken: string };
  const me = (token: string) => call('GET', '/api/me', { token });

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    user = await registerUser(call);
  });
  after(() => server.close());
  afterEach(() => clock.set('2026-11-24T10:00:00Z'));

  it('"log out everywhere" ends every access token at once, not when it expires; a new login works', async () => {
    const a = await login();
    const b = await login();
    expect((await me(a.accessToken)).status).to.equal(200);
    expect((await call('POST', '/api/auth/logout', { token: a.accessToken })).status).to.equal(204);
    expectProblem(await me(a.accessToken), 401, 'invalid_token');
    expectProblem(await me(b.accessToken), 401, 'invalid_token');
    expectProblem(await call('POST', '/api/tokens', { token: b.accessToken, body: { name: 'after logout' } }), 401, 'invalid_token');
    expect((await me((await login()).accessToken)).status).to.equal(200);
  });

  it('logging out one login ends its access tokens, and only its', async () => {
    const a = await login();
    const b = await login();
    expect((await call('POST', '/api/auth/logout', { body: { refreshToken: a.refreshToken } })).status).to.equal(204);
    expectProblem(await me(a.accessToken), 401, 'invalid_token');
    expect((await me(b.accessToken)).status).to.equal(200);
  });

  it('a replayed refresh token ends the access tokens of its whole family', async () => {
    const a = await login();
    const rotated = (await call('POST', '/api/auth/refresh', { body: { refreshToken: a.refreshToken } })).body;
    expect((await me(rotated.accessToken)).status).to.equal(200);
    expectProblem(await call('POST', '/api/auth/refresh', { body: { refreshToken: a.refreshToken } }), 401, 'invalid_token');
    expectProblem(await me(rotated.accessToken), 401, 'invalid_token');
    expectProblem(await me(a.accessToken), 401, 'invalid_token');
  });

  it('creating a personal access token needs a login younger than 5 minutes, or the password again', async () => {
    const a = await login();
    clock.advance(6 * 60_000);
    // A refreshed access token is new, but the password behind it is not.
    const refreshed = (await call('POST', '/api/auth/refresh', { body: { refreshToken: a.refreshToken } })).body;
    const stale = await call('POST', '/api/tokens', { token: refreshed.accessToken, body: { name: 'stale' } });
    expectProblem(stale, 403, 'reauthentication_required');
    expect(stale.body.errors[0].field).to.equal('password');
    expectProblem(await call('POST', '/api/tokens', { token: refreshed.accessToken, body: { name: 'wrong', password: 'not my password' } }), 401, 'invalid_credentials');
    const withPassword = await call('POST', '/api/tokens', { token: refreshed.accessToken, body: { name: 'confirmed', password: user.password } });
    expect(withPassword.status).to.equal(201);
    // A personal access token is never a fresh login.
    expectProblem(await call('POST', '/api/tokens', { token: withPassword.body.token, body: { name: 'from a pat' } }), 403, 'reauthentication_required');
    expect((await call('POST', '/api/tokens', { token: withPassword.body.token, body: { name: 'from a pat', password: user.password } })).status).to.equal(201);
    expect((await call('POST', '/api/tokens', { token: (await login()).accessToken, body: { name: 'fresh' } })).status).to.equal(201);
  });

  it('personal access tokens expire after 90 days by default (null: never, when asked for)', async () => {
    const fresh = (await login()).accessToken;
    const created = (await call('POST', '/api/tokens', { token: fresh, body: { name: 'default expiry' } })).body;
    expect(created.expiresAt).to.equal('2027-02-22T10:00:00.000Z');
    const forever = (await call('POST', '/api/tokens', { token: fresh, body: { name: 'never', expiresInDays: null } })).body;
    expect(forever.expiresAt).to.equal(null);
    clock.advance(90 * 86_400_000 + 1000);
    expectProblem(await me(created.token), 401, 'invalid_token');
    expect((await me(forever.token)).status).to.equal(200);
  });

  it('a password reset ends access tokens too', async () => {
    const other = await registerUser(call);
    const a = (await call('POST', '/api/auth/login', { body: { email: other.email, password: other.password } })).body;
    await call('POST', '/api/auth/password-reset', { body: { email: other.email } });
    const row = await server.deps.db('outbox').whereLike('idempotency_key', 'email:reset:%').whereRaw("lower(payload->>'to') = lower(?)", [other.email]).first('payload');
    const token = /yava_pr_[A-Za-z0-9_-]+/.exec((typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload).text)![0];
    expect((await call('POST', '/api/auth/password-reset/confirm', { body: { token, password: 'an entirely new passphrase' } })).status).to.equal(204);
    expectProblem(await me(a.accessToken), 401, 'invalid_token');
  });
});
