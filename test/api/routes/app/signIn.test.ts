import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { webClient } from '../../../helpers/browserSession.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

describe('web sign-in (/app/login, /app/logout, /app/link)', () => {
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  let server: RunningServer;
  let call: ApiCall;
  let hela: Awaited<ReturnType<typeof registerUser>>;

  before(async function () {
    this.timeout(180_000); // the first suite of a targeted run starts and migrates the database
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    hela = await registerUser(call, { name: 'Hela Host', username: 'hela', timezone: 'Europe/Berlin' });
  });
  after(async () => {
    await server?.close();
  });

  async function signIn(client: ReturnType<typeof webClient>, next = '/app', password = hela.password) {
    const form = await client.request('GET', `/app/login?next=${encodeURIComponent(next)}`);
    expect(form.status).to.equal(200);
    return client.request('POST', '/app/login', { form: { _csrf: client.csrfOf(form.text), email: hela.email, password, next } });
  }

  it('sends a signed-out visitor to the sign-in page and back after signing in, with HttpOnly SameSite=Lax cookies', async () => {
    const web = webClient(server.url);
    const first = await web.request('GET', '/app/week');
    expect(first.status).to.equal(303);
    expect(first.headers.get('location')).to.equal('/app/login?next=%2Fapp%2Fweek');
    const wrong = await signIn(web, '/app/week', 'not the password');
    expect(wrong.status).to.equal(401);
    expect(wrong.text).to.include('role="alert"');
    const ok = await signIn(web, '/app/week');
    expect(ok.status, ok.text).to.equal(303);
    expect(ok.headers.get('location')).to.equal('/app/week');
    const session = ok.setCookies.find((c) => c.startsWith('yava_session='))!;
    expect(session).to.match(/httponly/i).and.match(/samesite=lax/i).and.match(/path=\//i);
    expect(session).not.to.match(/;\s*secure/i);
    const home = await web.request('GET', '/app');
    expect(home.status).to.equal(200);
    expect(home.text).to.include('Hello, Hela Host');
    expect(home.headers.get('content-security-policy')).to.include("script-src 'self'");
  });

  it('sends a visitor without an account to the sign-up page (no "yava register": there is no such command)', async () => {
    const page = await webClient(server.url).request('GET', '/app/login');
    expect(page.text).to.include('No account yet? <a href="/app/signup">Create one</a>').and.not.include('yava register');
  });

  it('never redirects off the site after signing in', async () => {
    const web = webClient(server.url);
    const res = await signIn(web, 'https://evil.example/app');
    expect(res.headers.get('location')).to.equal('/app');
  });

  it('refuses a sign-in form without its CSRF token', async () => {
    const web = webClient(server.url);
    const res = await web.request('POST', '/app/login', { form: { email: hela.email, password: hela.password } });
    expect(res.status).to.equal(403);
    expect(res.setCookies.some((c) => c.startsWith('yava_session='))).to.equal(false);
  });

  it('marks the cookies Secure behind TLS only when the proxy is trusted (TRUST_PROXY)', async () => {
    const untrusted = await signIn(webClient(server.url, { headers: { 'x-forwarded-proto': 'https' } }));
    expect(untrusted.setCookies.find((c) => c.startsWith('yava_session='))).not.to.match(/;\s*secure/i);
    const proxied = await startTestServer({ clock, env: { TRUST_PROXY: 'true' } });
    try {
      const web = webClient(proxied.url, { headers: { 'x-forwarded-proto': 'https' } });
      const form = await web.request('GET', '/app/login');
      const res = await web.request('POST', '/app/login', { form: { _csrf: web.csrfOf(form.text), email: hela.email, password: hela.password } });
      expect(res.status).to.equal(303);
      expect(res.setCookies.find((c) => c.startsWith('yava_session='))).to.match(/;\s*secure/i);
    } finally {
      await proxied.close();
    }
  });

  it('lets dashboard scripts call the API with the cookie, changes only with the X-CSRF-Token header', async () => {
    const web = webClient(server.url);
    await signIn(web);
    const read = await web.request('GET', '/api/meetings');
    expect(read.status).to.equal(200);
    const page = await web.request('GET', '/app');
    const token = /name="csrf-token" content="([^"]+)"/.exec(page.text)![1]!;
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await web.request('POST', `/api/meetings/${id}/cancel`, { json: {} })).status, 'no header: the cookie does not count').to.equal(401);
    expect((await web.request('POST', `/api/meetings/${id}/cancel`, { json: {}, headers: { 'x-csrf-token': 'forged.value' } })).status).to.equal(403);
    expect((await web.request('POST', `/api/meetings/${id}/cancel`, { json: {}, headers: { 'x-csrf-token': token } })).status).to.equal(404);
  });

  it('signs out this browser, or everywhere (other browsers and API tokens too)', async () => {
    const a = webClient(server.url);
    const b = webClient(server.url);
    await signIn(a);
    await signIn(b);
    const stolen = a.jar.get('yava_session')!;
    const home = await a.request('GET', '/app');
    const out = await a.request('POST', '/app/logout', { form: { _csrf: a.csrfOf(home.text) } });
    expect(out.headers.get('location')).to.equal('/app/login?signedOut=1');
    expect(a.jar.has('yava_session')).to.equal(false);
    const replay = await fetch(`${server.url}/app`, { headers: { cookie: `yava_session=${stolen}` }, redirect: 'manual' });
    expect(replay.status, 'a signed-out cookie no longer works').to.equal(303);
    expect((await b.request('GET', '/app')).status, 'the other browser stays signed in').to.equal(200);

    const api = await call('POST', '/api/auth/login', { body: { email: hela.email, password: hela.password } });
    const bHome = await b.request('GET', '/app');
    await b.request('POST', '/app/logout', { form: { _csrf: b.csrfOf(bHome.text), everywhere: 'on' } });
    expect((await call('GET', '/api/meetings', { token: api.body.accessToken })).status).to.equal(401);
    const c = webClient(server.url);
    await signIn(c);
    expect((await c.request('GET', '/app')).status, 'signing in again works').to.equal(200);
  });

  it('links a chat account from the one-time URL after signing in and pressing Confirm; the URL works once', async () => {
    const identity = { platform: 'slack' as const, workspaceId: 'T1', externalUserId: 'UWEB' };
    const { code } = await server.deps.services.chatAccounts.createLinkCode(identity);
    const web = webClient(server.url);
    const open = await web.request('GET', `/app/link?code=${code}`);
    expect(open.status).to.equal(303);
    const next = new URL(open.headers.get('location')!, server.url).searchParams.get('next')!;
    const signedIn = await signIn(web, next);
    expect(signedIn.headers.get('location')).to.equal(`/app/link?code=${code}`);
    const confirm = await web.request('GET', signedIn.headers.get('location')!);
    expect(confirm.text).to.include('Link your Slack account').and.include('@hela');
    const done = await web.request('POST', '/app/link', { form: { _csrf: web.csrfOf(confirm.text), code } });
    expect(done.status).to.equal(200);
    expect(done.text).to.include('Slack account linked');
    const linked = await server.deps.services.chatAccounts.findLinkedUser(identity);
    expect(linked?.username).to.equal('hela');
    const again = await web.request('GET', `/app/link?code=${code}`);
    expect(again.status).to.equal(410);
  });

  it('renews an expired access cookie with the refresh cookie on a page load, not on API calls', async () => {
    const web = webClient(server.url);
    await signIn(web);
    const before = web.jar.get('yava_session');
    clock.advance(16 * 60_000); // past ACCESS_TOKEN_TTL_SECONDS (900)
    try {
      expect((await web.request('GET', '/api/meetings')).status, 'scripts get a 401 and reload the page').to.equal(401);
      const page = await web.request('GET', '/app');
      expect(page.status).to.equal(200);
      expect(web.jar.get('yava_session')).to.not.equal(before);
      expect((await web.request('GET', '/api/meetings')).status).to.equal(200);
    } finally {
      clock.set('2026-11-24T08:00:00Z');
    }
  });

  it('counts the sign-in form against the per-address sign-in limit, as POST /api/auth/login does, answering with a page', async () => {
    // A tenth of 100 requests a minute: ten sign-in attempts.
    const limited = await startTestServer({ clock, env: { RATE_LIMIT: 'on', RATE_LIMIT_PER_IP_PER_MINUTE: '100' } });
    try {
      const web = webClient(limited.url);
      const form = await web.request('GET', '/app/login');
      const statuses: number[] = [];
      for (let i = 0; i < 11; i += 1) {
        statuses.push((await web.request('POST', '/app/login', { form: { _csrf: web.csrfOf(form.text), email: `nobody${i}@example.com`, password: 'not the password' } })).status);
      }
      expect(statuses.slice(0, 10).every((s) => s === 401), String(statuses)).to.equal(true);
      const refused = await web.request('POST', '/app/login', { form: { _csrf: web.csrfOf(form.text), email: hela.email, password: hela.password } });
      expect(refused.status).to.equal(429);
      expect(refused.headers.get('retry-after')).to.match(/^\d+$/);
      expect(refused.headers.get('content-type')).to.match(/text\/html/);
      expect(refused.text).to.include('Too many requests');
    } finally {
      await limited.close();
    }
  });
});
