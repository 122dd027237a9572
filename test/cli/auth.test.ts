import { expect } from 'chai';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from '../../server/compose.js';
import { EXIT } from '../../cli/exitCodes.js';
import { resetTestDb } from '../helpers/db.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../helpers/server.js';
import { FakeTty, tempConfigHome, yava } from './helpers.js';

describe('yava login, whoami, logout, tokens', () => {
  let server: RunningServer;
  let call: ApiCall;
  let user: Awaited<ReturnType<typeof registerUser>>;
  let home: ReturnType<typeof tempConfigHome>;
  const env = () => ({ XDG_CONFIG_HOME: home.dir, YAVA_SERVER: undefined, YAVA_TOKEN: undefined });

  before(async () => {
    await resetTestDb();
    server = await startTestServer();
    call = apiClient(server.url);
    user = await registerUser(call, { username: 'ada', timezone: 'Europe/London' });
  });
  after(() => server.close());
  beforeEach(() => (home = tempConfigHome()));
  afterEach(() => home.cleanup());

  const storedConfig = () => JSON.parse(readFileSync(join(home.dir, 'yava', 'config.json'), 'utf8'));

  it('logs in with --email and --password-stdin, stores a personal token with mode 0600', async () => {
    const res = await yava(['login', '--server', server.url, '--email', user.email, '--password-stdin', '--json'], { env: env(), stdin: user.password + '\n' });
    expect(res.code, res.stderr).to.equal(0);
    const out = res.json();
    expect(out.user).to.include({ username: 'ada', email: user.email });
    expect(out.server).to.equal(server.url);
    const stored = storedConfig();
    expect(stored.token).to.match(/^yava_pat_/);
    expect(stored.tokenId).to.equal(out.tokenId);
    expect(stored.server).to.equal(server.url);
    expect(statSync(join(home.dir, 'yava', 'config.json')).mode & 0o777).to.equal(0o600);
    const who = await yava(['whoami', '--json'], { env: env() });
    expect(who.code, who.stderr).to.equal(0);
    expect(who.json()).to.include({ username: 'ada', server: server.url, timezone: 'Europe/London' });
    const tokens = await yava(['tokens', 'list', '--json'], { env: env() });
    expect(tokens.json().tokens.map((t: any) => t.id)).to.include(stored.tokenId);
  });

  it('a login stored for 127.0.0.1 works for localhost, and the other way round', async () => {
    const port = new URL(server.url).port;
    const res = await yava(['login', '--server', `http://127.0.0.1:${port}/`, '--email', user.email, '--password-stdin'], { env: env(), stdin: user.password + '\n' });
    expect(res.code, res.stderr).to.equal(0);
    expect(storedConfig().server).to.equal(`http://127.0.0.1:${port}`);
    for (const other of [`http://localhost:${port}`, `http://LOCALHOST:${port}/`, `http://[::1]:${port}`]) {
      const who = await yava(['whoami', '--server', other, '--json'], { env: env() });
      if (other.includes('::1') && who.code === EXIT.unreachable) continue; // no IPv6 loopback here
      expect(who.code, `${other}: ${who.stderr}`).to.equal(0);
      expect(who.json()).to.include({ username: 'ada' });
    }
    // Another port is another server: the stored token is not sent there.
    const elsewhere = await yava(['whoami', '--server', 'http://localhost:1', '--json'], { env: env() });
    expect(elsewhere.code).to.equal(EXIT.auth);
  });

  it('prompts for email and password on a terminal', async () => {
    const tty = new FakeTty();
    const done = yava(['login', '--server', server.url], { env: env(), tty });
    await tty.waitFor('Email');
    tty.answer(user.email);
    await tty.waitFor('Password');
    tty.answer(user.password);
    const res = await done;
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.contain('Logged in to').and.contain('ada');
    expect(tty.screen).not.to.contain(user.password);
    expect(storedConfig().token).to.match(/^yava_pat_/);
  });

  it('without a terminal, a missing value is a usage error naming the flag', async () => {
    const res = await yava(['login', '--server', server.url], { env: env() });
    expect(res.code).to.equal(EXIT.usage);
    expect(res.stderr).to.contain('--email');
    const res2 = await yava(['login', '--server', server.url, '--email', user.email], { env: env() });
    expect(res2.code).to.equal(EXIT.usage);
    expect(res2.stderr).to.contain('--password-stdin');
  });

  it('a wrong password exits with the auth code and one clear line', async () => {
    const res = await yava(['login', '--server', server.url, '--email', user.email, '--password-stdin'], { env: env(), stdin: 'wrong password here' });
    expect(res.code).to.equal(EXIT.auth);
    expect(res.stderr.trim().split('\n')).to.have.length(1);
    expect(res.stderr).to.contain('Email or password is wrong');
    expect(res.stderr).not.to.match(/at .*\.(ts|js):\d+/);
  });

  it('stores a given --token, and logout revokes it', async () => {
    const created = await call('POST', '/api/tokens', { token: user.accessToken, body: { name: 'pasted' } });
    const res = await yava(['login', '--server', server.url, '--token', created.body.token, '--json'], { env: env() });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json().tokenId).to.equal(created.body.id);
    const out = await yava(['logout', '--json'], { env: env() });
    expect(out.json()).to.deep.equal({ loggedOut: true, revoked: true, server: server.url });
    expect(storedConfig()).not.to.have.property('token');
    const me = await call('GET', '/api/me', { token: created.body.token });
    expect(me.status).to.equal(401);
    const who = await yava(['whoami'], { env: env() });
    expect(who.code).to.equal(EXIT.auth);
    expect(who.stderr).to.contain('yava login');
  });

  it('logout --all also ends every other login of the account (sessions elsewhere, linked apps)', async () => {
    const elsewhere = (await call('POST', '/api/auth/login', { body: { email: user.email, password: user.password } })).body;
    const created = await call('POST', '/api/tokens', { token: user.accessToken, body: { name: 'laptop' } });
    expect((await yava(['login', '--server', server.url, '--token', created.body.token, '--json'], { env: env() })).code).to.equal(0);
    const out = await yava(['logout', '--all', '--json'], { env: env() });
    expect(out.code, out.stderr).to.equal(0);
    expect(out.json()).to.deep.equal({ loggedOut: true, revoked: true, server: server.url, everywhere: true });
    expect((await call('GET', '/api/me', { token: elsewhere.accessToken })).status, 'the other session').to.equal(401);
    expect((await call('POST', '/api/auth/refresh', { body: { refreshToken: elsewhere.refreshToken } })).status, 'its refresh token').to.equal(401);
    expect((await call('GET', '/api/me', { token: created.body.token })).status, 'this CLI token').to.equal(401);
    // The test user signs in again for the tests after this one.
    const again = (await call('POST', '/api/auth/login', { body: { email: user.email, password: user.password } })).body;
    user.accessToken = again.accessToken;
  });

  it('YAVA_TOKEN and YAVA_SERVER override the config file', async () => {
    const created = await call('POST', '/api/tokens', { token: user.accessToken, body: { name: 'env' } });
    const res = await yava(['whoami', '--json'], { env: { XDG_CONFIG_HOME: home.dir, YAVA_SERVER: server.url, YAVA_TOKEN: created.body.token } });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json().username).to.equal('ada');
  });

  it('an invalid token exits 3 with a JSON error under --json', async () => {
    const res = await yava(['whoami', '--json'], { env: { XDG_CONFIG_HOME: home.dir, YAVA_SERVER: server.url, YAVA_TOKEN: 'yava_pat_nope' } });
    expect(res.code).to.equal(EXIT.auth);
    const body = res.json();
    expect(body.error).to.include({ exitCode: EXIT.auth, status: 401 });
    expect(body.error.code).to.be.a('string');
  });

  it('a server that is down says so and names the URL', async () => {
    const res = await yava(['whoami'], { env: { XDG_CONFIG_HOME: home.dir, YAVA_SERVER: 'http://127.0.0.1:9', YAVA_TOKEN: 'yava_pat_x' } });
    expect(res.code).to.equal(EXIT.unreachable);
    expect(res.stderr).to.contain('http://127.0.0.1:9').and.contain('Could not reach');
  });

  it('tokens create, list and revoke', async () => {
    const token = (await call('POST', '/api/tokens', { token: user.accessToken, body: { name: 'base' } })).body.token;
    const e = { XDG_CONFIG_HOME: home.dir, YAVA_SERVER: server.url, YAVA_TOKEN: token };
    const noPassword = await yava(['tokens', 'create', 'ci'], { env: e });
    expect(noPassword.code, noPassword.stderr).to.equal(EXIT.usage);
    expect(noPassword.stderr).to.contain('--password-stdin');
    const wrong = await yava(['tokens', 'create', 'ci', '--password-stdin'], { env: e, stdin: 'not my password at all' });
    expect(wrong.code).to.equal(EXIT.auth);
    const created = await yava(['tokens', 'create', 'ci', '--expires-in-days', '30', '--password-stdin', '--json'], { env: e, stdin: `${user.password}\n` });
    expect(created.code, created.stderr).to.equal(0);
    expect(created.json()).to.include({ name: 'ci' });
    expect(created.json().token).to.match(/^yava_pat_/);
    const list = await yava(['tokens', 'list'], { env: e });
    expect(list.stdout).to.contain('ci').and.contain('NAME');
    const revoked = await yava(['tokens', 'revoke', created.json().id, '--json'], { env: e });
    expect(revoked.json()).to.deep.equal({ id: created.json().id, revoked: true });
    const again = await yava(['tokens', 'revoke', created.json().id], { env: e });
    expect(again.code).to.equal(EXIT.notFound);
  });
});
