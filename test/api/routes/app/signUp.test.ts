import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { webClient } from '../../../helpers/browserSession.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer } from '../../../helpers/server.js';

const PASSWORD = 'a long enough passphrase';

/** The subjects of the e-mails queued for an address. */
async function subjectsTo(server: RunningServer, to: string): Promise<string[]> {
  const rows = await server.deps.db('outbox').whereRaw("lower(payload->>'to') = lower(?)", [to]).select('payload');
  return rows.map((r: { payload: unknown }) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload).subject as string);
}

describe('web sign-up (GET/POST /app/signup)', () => {
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  let server: RunningServer;
  let taken: Awaited<ReturnType<typeof registerUser>>;

  before(async function () {
    this.timeout(180_000); // the first suite of a targeted run starts and migrates the database
    await resetTestDb();
    server = await startTestServer({ clock });
    // The first account is the admin; the sign-ups below are plain users.
    taken = await registerUser(apiClient(server.url), { email: 'hela@example.com', username: 'hela' });
  });
  after(async () => {
    await server?.close();
  });

  /** Opens the form and sends it with these fields (and its CSRF token). */
  async function signUp(fields: Record<string, string>, web = webClient(server.url)) {
    const form = await web.request('GET', '/app/signup');
    const res = await web.request('POST', '/app/signup', { form: { _csrf: web.csrfOf(form.text), next: '/app', timezone: 'UTC', ...fields } });
    return { web, res };
  }

  it('shows the form with every field, under the strict policy, and links to sign-in and back', async () => {
    const web = webClient(server.url);
    const page = await web.request('GET', '/app/signup');
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-security-policy')).to.include("script-src 'self'");
    for (const name of ['_csrf', 'name', 'email', 'username', 'password', 'timezone']) expect(page.text).to.include(`name="${name}"`);
    expect(page.text).to.include('autocomplete="new-password"').and.include('data-detect-timezone').and.include('<option value="UTC" selected>');
    expect(page.text).to.include('href="/app/login"');
    const login = await web.request('GET', '/app/login?next=%2Fapp%2Fweek');
    expect(login.text).to.include('href="/app/signup?next=%2Fapp%2Fweek"');
  });

  it('creates the account, signs it in with the session cookies, queues the verification e-mail and lands on the dashboard', async () => {
    const { web, res } = await signUp({ name: 'Nora New', email: 'Nora@Example.com', username: 'nora', password: PASSWORD, timezone: 'Asia/Tokyo' });
    expect(res.status, res.text).to.equal(303);
    expect(res.headers.get('location')).to.equal('/app?done=welcome');
    expect(res.setCookies.find((c) => c.startsWith('yava_session='))).to.match(/httponly/i).and.match(/samesite=lax/i);
    expect(res.setCookies.some((c) => c.startsWith('yava_refresh='))).to.equal(true);
    const user = await server.deps.db('users').where({ email: 'nora@example.com' }).first();
    expect(user).to.include({ username: 'nora', name: 'Nora New', role: 'user', timezone: 'Asia/Tokyo', email_verified_at: null });
    expect(await subjectsTo(server, 'nora@example.com')).to.have.length(1).and.satisfy((s: string[]) => /confirm your email/i.test(s[0]!));
    const home = await web.request('GET', '/app?done=welcome');
    expect(home.status).to.equal(200);
    // This server has no SMTP_URL: the link is in the dev mailbox, not in anyone's inbox, and the page says so.
    expect(home.text).to.include('Hello, Nora New').and.include('sends no e-mail (SMTP_URL is not set)').and.include('yava mail --all');
    expect(home.text).not.to.include('Check your email');
    expect((await web.request('GET', '/app/signup')).headers.get('location'), 'a signed-in visitor goes on').to.equal('/app');
  });

  it('returns to where sign-in was asked from (only /app… paths)', async () => {
    const { res } = await signUp({ name: 'Nick', email: 'nick@example.com', password: PASSWORD, next: '/app/week' });
    expect(res.headers.get('location')).to.equal('/app/week');
    const away = await signUp({ name: 'Eve', email: 'eve@example.com', password: PASSWORD, next: 'https://evil.example/app' });
    expect(away.res.headers.get('location')).to.equal('/app?done=welcome');
  });

  it('refuses a taken username beside its field, keeping what was typed but the password', async () => {
    const { res } = await signUp({ name: 'Other Hela', email: 'other@example.com', username: 'HELA', password: PASSWORD, timezone: 'Europe/Berlin' });
    expect(res.status).to.equal(409);
    expect(res.text).to.include('No account was made').and.include('id="username-error"').and.include('Already taken');
    expect(res.text).to.include('value="Other Hela"').and.include('value="other@example.com"').and.include('value="HELA"').and.include('<option value="Europe/Berlin" selected>');
    expect(res.text).not.to.include(PASSWORD).and.not.include('data-detect-timezone');
    expect(res.setCookies.some((c) => c.startsWith('yava_session='))).to.equal(false);
    expect(await server.deps.db('users').where({ email: 'other@example.com' }).first()).to.equal(undefined);
  });

  it('refuses a weak password, a bad address and an unknown zone as the API does, each beside its field', async () => {
    const weak = (await signUp({ name: 'W', email: 'weak@example.com', password: 'short' })).res;
    expect(weak.status).to.equal(422);
    expect(weak.text).to.match(/id="password-error">Password must be at least 10 characters/).and.include('value="weak@example.com"');
    const email = (await signUp({ name: 'E', email: 'not-an-address', password: PASSWORD })).res;
    expect(email.status).to.equal(400);
    expect(email.text).to.include('id="email-error"').and.include('value="not-an-address"');
    const zone = (await signUp({ name: 'Z', email: 'zone@example.com', password: PASSWORD, timezone: 'Mars/Olympus' })).res;
    expect(zone.status).to.equal(400);
    expect(zone.text).to.include('id="timezone-error"').and.include('<option value="Mars/Olympus" selected>');
    expect(await server.deps.db('users').whereIn('email', ['weak@example.com', 'zone@example.com']).count('* as n').first()).to.deep.include({ n: 0 });
  });

  it('answers an address that has an account like a new one (nothing revealed): no account, no working session, its owner is told', async () => {
    const before = await subjectsTo(server, taken.email);
    const { web, res } = await signUp({ name: 'Squatter', email: 'HELA@example.com', password: 'another long passphrase' });
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.equal('/app?done=welcome');
    expect(await server.deps.db('users').whereRaw('lower(email) = ?', ['hela@example.com']).count('* as n').first()).to.deep.include({ n: 1 });
    expect((await subjectsTo(server, taken.email)).length).to.equal(before.length + 1);
    expect((await web.request('GET', '/app')).headers.get('location'), 'the stand-in cookie signs nobody in').to.match(/^\/app\/login/);
  });

  it('refuses a form without its CSRF token, as /app/login does', async () => {
    const web = webClient(server.url);
    const res = await web.request('POST', '/app/signup', { form: { name: 'Forged', email: 'forged@example.com', password: PASSWORD } });
    expect(res.status).to.equal(403);
    expect(res.text).to.include('did not come from this site');
    expect(res.setCookies.some((c) => c.startsWith('yava_session='))).to.equal(false);
    expect(await server.deps.db('users').where({ email: 'forged@example.com' }).first()).to.equal(undefined);
  });

  it('counts against the same per-address limit as POST /api/auth/register, and keeps the form when refused', async () => {
    // A tenth of 100 requests a minute: 10 sign-in requests per address.
    const limited = await startTestServer({ clock, env: { RATE_LIMIT: 'on', RATE_LIMIT_PER_IP_PER_MINUTE: '100' } });
    try {
      const call = apiClient(limited.url);
      const web = webClient(limited.url);
      const form = await web.request('GET', '/app/signup');
      const post = () => web.request('POST', '/app/signup', { form: { _csrf: web.csrfOf(form.text), name: '', email: 'rate@example.com', password: PASSWORD } });
      for (let i = 0; i < 5; i++) expect((await post()).status).to.equal(400);
      for (let i = 0; i < 5; i++) expect((await call('POST', '/api/auth/register', { body: {} })).status).to.equal(400);
      expect((await call('POST', '/api/auth/register', { body: {} })).status, 'the web sign-ups counted for the API').to.equal(429);
      const refused = await post();
      expect(refused.status, 'and the API ones for the page').to.equal(429);
      expect(refused.headers.get('retry-after')).to.match(/^\d+$/);
      expect(refused.text).to.include('Too many requests').and.include('value="rate@example.com"').and.include('action="/app/signup"');
    } finally {
      await limited.close();
    }
  });
});
