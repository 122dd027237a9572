import { createHash, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createApp } from '../../../../api/app.js';
import { alexaRoutes } from '../../../../api/routes/voice/alexa.js';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { makeChain } from '../../../core/voice/certificates.js';
import { resetTestDb } from '../../../helpers/db.js';
import { nextTuesday, WORK_WEEK } from '../../../helpers/scheduling.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

const CLIENT_ID = 'alexa-skill';
const CLIENT_SECRET = 'a-client-secret-of-the-skill';
const REDIRECT = 'https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAA';
const SKILL_ID = 'amzn1.ask.skill.0000-test';

describe('Yava as an OAuth 2.0 server: account linking (/oauth/authorize, /oauth/token)', function () {
  this.timeout(60_000);
  const now = nextTuesday();
  const clock = createFixedClock(now.toISOString());
  let server: RunningServer;
  let call: ApiCall;

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock, env: { ALEXA_CLIENT_ID: CLIENT_ID, ALEXA_CLIENT_SECRET: CLIENT_SECRET, ALEXA_REDIRECT_URIS: `https://layla.amazon.com/api/skill/link/X, ${REDIRECT}`, ALEXA_SKILL_ID: SKILL_ID } });
    call = apiClient(server.url);
    for (const [username, name] of [['ada', 'Ada'], ['alice', 'Alice']] as const) {
      const s = await registerUser(call, { username, name, timezone: 'UTC', email: `${username}@example.com`, password: 'correct horse battery staple' });
      await call('PUT', '/api/availability/schedule', { token: s.accessToken, body: { timezone: 'UTC', weekly: WORK_WEEK, overrides: [] } });
    }
  });
  after(() => server?.close());

  const authorizeQuery = (extra: Record<string, string> = {}) =>
    new URLSearchParams({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT, state: 'xyz-state', scope: 'meetings', ...extra }).toString();

  /** Opens the consent page and submits it as a browser would (cookie + hidden CSRF field). */
  async function consent(form: Record<string, string>, query = authorizeQuery()) {
    const page = await fetch(`${server.url}/oauth/authorize?${query}`);
    const text = await page.text();
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    const fields = Object.fromEntries([...text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]!.replace(/&amp;/g, '&')]));
    const res = await fetch(`${server.url}/oauth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ ...fields, ...form }).toString(),
    });
    return { page, text, res, body: await res.text() };
  }

  const token = (form: Record<string, string>, basic = true) =>
    fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(basic ? { authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}` } : {}) },
      body: new URLSearchParams(form).toString(),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));

  async function codeFor(email = 'ada@example.com', query = authorizeQuery()) {
    const { res } = await consent({ email, password: 'correct horse battery staple', decision: 'allow' }, query);
    expect(res.status).to.equal(302);
    const target = new URL(res.headers.get('location')!);
    expect(`${target.origin}${target.pathname}`).to.equal(REDIRECT);
    expect(target.searchParams.get('state')).to.equal('xyz-state');
    return target.searchParams.get('code')!;
  }

  it('shows a sign-in consent page naming the app, whose CSP lets the form lead to the redirect URI only', async () => {
    const page = await fetch(`${server.url}/oauth/authorize?${authorizeQuery()}`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.include('Link Alexa to your Yava account');
    expect(page.headers.get('content-security-policy')).to.include("form-action 'self' https://pitangui.amazon.com;");
    expect(page.headers.get('cache-control')).to.equal('no-store');
  });

  it('never redirects to an unlisted redirect URI or for an unknown client: an error page instead', async () => {
    const cases: Array<Record<string, string>> = [{ redirect_uri: 'https://evil.example/cb' }, { client_id: 'someone-else' }, { client_id: 'someone-else', response_type: 'token' }, { redirect_uri: 'https://evil.example/cb', code_challenge: 'c', code_challenge_method: 'plain' }];
    for (const extra of cases) {
      const res = await fetch(`${server.url}/oauth/authorize?${authorizeQuery(extra)}`, { redirect: 'manual' });
      expect(res.status, JSON.stringify(extra)).to.equal(400);
      expect(res.headers.get('location')).to.equal(null);
    }
  });

  it('sends other errors of a known client back to its listed redirect URI with error, error_description and state', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ response_type: '' }, 'invalid_request'],
      [{ code_challenge: 'a-challenge', code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: 'a-challenge' }, 'invalid_request'],
    ];
    for (const [extra, error] of cases) {
      const res = await fetch(`${server.url}/oauth/authorize?${authorizeQuery(extra)}`, { redirect: 'manual' });
      expect(res.status, JSON.stringify(extra)).to.equal(302);
      const target = new URL(res.headers.get('location')!);
      expect(`${target.origin}${target.pathname}`).to.equal(REDIRECT);
      expect(target.searchParams.get('error'), JSON.stringify(extra)).to.equal(error);
      expect(target.searchParams.get('error_description')).to.be.a('string').and.not.equal('');
      expect(target.searchParams.get('state')).to.equal('xyz-state');
      expect(target.searchParams.get('code')).to.equal(null);
    }
  });

  it('a wrong password shows the page again with the error and issues no code; Cancel answers access_denied', async () => {
    const wrong = await consent({ email: 'ada@example.com', password: 'not it', decision: 'allow' });
    expect(wrong.res.status).to.equal(200);
    expect(wrong.body).to.include('Email or password is wrong');
    expect(await server.deps.db('oauth_codes').count({ n: '*' }).first()).to.deep.include({ n: 0 });
    const denied = await consent({ decision: 'deny' });
    const target = new URL(denied.res.headers.get('location')!);
    expect(target.searchParams.get('error')).to.equal('access_denied');
    expect(target.searchParams.get('state')).to.equal('xyz-state');
  });

  it('refuses a form posted without its CSRF token', async () => {
    const res = await fetch(`${server.url}/oauth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `${authorizeQuery()}&email=ada%40example.com&password=correct+horse+battery+staple&decision=allow`,
    });
    expect(res.status).to.equal(403);
    expect(res.headers.get('location')).to.equal(null);
  });

  it('exchanges a code once for tokens that act as the user; a replayed code fails and ends that login', async () => {
    const code = await codeFor();
    const first = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(first.status, JSON.stringify(first.body)).to.equal(200);
    expect(first.body).to.include.keys('access_token', 'refresh_token', 'expires_in');
    expect(first.body.token_type).to.equal('Bearer');
    expect((await call('GET', '/api/me', { token: first.body.access_token })).body.username).to.equal('ada');
    const replay = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(replay).to.deep.include({ status: 400 });
    expect(replay.body.error).to.equal('invalid_grant');
    expect((await call('GET', '/api/me', { token: first.body.access_token })).status).to.equal(401);
    expect((await token({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token })).body.error).to.equal('invalid_grant');
  });

  it('refreshes with the client credentials in the body too; wrong secret → 401 invalid_client', async () => {
    const code = await codeFor();
    const pair = (await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT })).body;
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: pair.refresh_token, client_id: CLIENT_ID, client_secret: CLIENT_SECRET }, false);
    expect(refreshed.status, JSON.stringify(refreshed.body)).to.equal(200);
    expect(refreshed.body.refresh_token).to.not.equal(pair.refresh_token);
    const bad = await token({ grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token, client_id: CLIENT_ID, client_secret: 'guess' }, false);
    expect(bad).to.deep.include({ status: 401 });
    expect(bad.body.error).to.equal('invalid_client');
    expect((await token({ grant_type: 'password', username: 'a', password: 'b' })).body.error).to.equal('unsupported_grant_type');
  });

  it('answers malformed HTTP Basic credentials as wrong ones: 401 invalid_client with a Basic challenge', async () => {
    for (const credentials of [`${CLIENT_ID}:%E0%A4%A`, `%:${CLIENT_SECRET}`, 'no-colon-at-all']) {
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(credentials).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'yava_rt_whatever' }).toString(),
      });
      expect(res.status, credentials).to.equal(401);
      expect(res.headers.get('www-authenticate')).to.match(/^Basic /);
      expect(((await res.json()) as { error: string }).error).to.equal('invalid_client');
    }
  });

  it('binds a refresh token to the client it was issued to, refusing it elsewhere without ending its login', async () => {
    const login = (await call('POST', '/api/auth/login', { body: { email: 'ada@example.com', password: 'correct horse battery staple' } })).body;
    const asAlexa = await token({ grant_type: 'refresh_token', refresh_token: login.refreshToken });
    expect(asAlexa.status, JSON.stringify(asAlexa.body)).to.equal(400);
    expect(asAlexa.body.error).to.equal('invalid_grant');
    expect((await call('POST', '/api/auth/refresh', { body: { refreshToken: login.refreshToken } })).status).to.equal(200);

    const linked = (await token({ grant_type: 'authorization_code', code: await codeFor(), redirect_uri: REDIRECT })).body;
    const firstParty = await call('POST', '/api/auth/refresh', { body: { refreshToken: linked.refresh_token } });
    const unknown = await call('POST', '/api/auth/refresh', { body: { refreshToken: 'yava_rt_not-a-token-at-all' } });
    expect(firstParty.status).to.equal(401);
    expect({ ...firstParty.body, requestId: 0 }).to.deep.equal({ ...unknown.body, requestId: 0 });
    expect((await call('GET', '/api/me', { token: linked.access_token })).status).to.equal(200);
    expect((await token({ grant_type: 'refresh_token', refresh_token: linked.refresh_token })).status).to.equal(200);
  });

  it("does not end a linked app's login when its refresh token alone is sent to /api/auth/logout; its user signed in may", async () => {
    const linked = (await token({ grant_type: 'authorization_code', code: await codeFor(), redirect_uri: REDIRECT })).body;
    expect((await call('POST', '/api/auth/logout', { body: { refreshToken: linked.refresh_token } })).status).to.equal(204);
    expect((await call('GET', '/api/me', { token: linked.access_token })).status).to.equal(200);
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: linked.refresh_token });
    expect(refreshed.status, JSON.stringify(refreshed.body)).to.equal(200);

    const alice = (await call('POST', '/api/auth/login', { body: { email: 'alice@example.com', password: 'correct horse battery staple' } })).body;
    await call('POST', '/api/auth/logout', { token: alice.accessToken, body: { refreshToken: refreshed.body.refresh_token } });
    expect((await call('GET', '/api/me', { token: refreshed.body.access_token })).status, 'another user cannot end it').to.equal(200);

    const ada = (await call('POST', '/api/auth/login', { body: { email: 'ada@example.com', password: 'correct horse battery staple' } })).body;
    expect((await call('POST', '/api/auth/logout', { token: ada.accessToken, body: { refreshToken: refreshed.body.refresh_token } })).status).to.equal(204);
    expect((await call('GET', '/api/me', { token: refreshed.body.access_token })).status).to.equal(401);
    expect((await call('GET', '/api/me', { token: ada.accessToken })).status, 'only that login ended').to.equal(200);
  });

  it('binds a code to its redirect URI, its PKCE challenge, and five minutes', async () => {
    const wrongUri = await token({ grant_type: 'authorization_code', code: await codeFor(), redirect_uri: 'https://layla.amazon.com/api/skill/link/X' });
    expect(wrongUri.body.error).to.equal('invalid_grant');
    const verifier = 'a-pkce-verifier-that-is-long-enough-to-count-0123456789';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const pkceCode = await codeFor('ada@example.com', authorizeQuery({ code_challenge: challenge, code_challenge_method: 'S256' }));
    expect((await token({ grant_type: 'authorization_code', code: pkceCode, redirect_uri: REDIRECT, code_verifier: 'wrong' })).body.error).to.equal('invalid_grant');
    const pkce2 = await codeFor('ada@example.com', authorizeQuery({ code_challenge: challenge, code_challenge_method: 'S256' }));
    expect((await token({ grant_type: 'authorization_code', code: pkce2, redirect_uri: REDIRECT, code_verifier: verifier })).status).to.equal(200);
    const downgraded = await token({ grant_type: 'authorization_code', code: await codeFor(), redirect_uri: REDIRECT, code_verifier: verifier });
    expect(downgraded.status, 'a verifier for a code issued without a challenge (PKCE downgrade)').to.equal(400);
    expect(downgraded.body.error).to.equal('invalid_grant');
    const late = await codeFor();
    clock.advance(5 * 60_000 + 1000);
    try {
      expect((await token({ grant_type: 'authorization_code', code: late, redirect_uri: REDIRECT })).body.error).to.equal('invalid_grant');
    } finally {
      clock.set(now);
    }
  });

  describe('end to end with Alexa', () => {
    const CERT_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem';
    const { ca, chain, key } = makeChain();
    let alexa: Server;
    let alexaUrl: string;

    before(async () => {
      const app = createApp(server.deps, [alexaRoutes(server.deps, { fetchCertificate: async () => chain, trustedRoots: [ca] })]);
      alexa = createServer(app.callback());
      await new Promise<void>((ok) => alexa.listen(0, '127.0.0.1', ok));
      alexaUrl = `http://127.0.0.1:${(alexa.address() as AddressInfo).port}/voice/alexa`;
    });
    after(() => new Promise((ok) => alexa?.close(ok)));

    function signedPost(utterance: string, accessToken: string, skillId = SKILL_ID) {
      const user = { userId: 'amzn1.ask.account.TEST', accessToken };
      const body = JSON.stringify({
        version: '1.0',
        session: { new: true, sessionId: 'amzn1.echo-api.session.2', application: { applicationId: skillId }, user },
        context: { System: { application: { applicationId: skillId }, user, device: { deviceId: 'd1', supportedInterfaces: {} }, apiEndpoint: 'https://api.amazonalexa.com' } },
        request: { type: 'IntentRequest', requestId: `amzn1.echo-api.request.${Math.random()}`, timestamp: now.toISOString().replace(/\.\d+Z$/, 'Z'), locale: 'en-US', intent: { name: 'ScheduleIntent', confirmationStatus: 'NONE', slots: { utterance: { name: 'utterance', value: utterance, confirmationStatus: 'NONE' } } } },
      });
      const signature = sign('RSA-SHA256', Buffer.from(body), key).toString('base64');
      return fetch(alexaUrl, { method: 'POST', headers: { 'content-type': 'application/json', SignatureCertChainUrl: CERT_URL, 'Signature-256': signature }, body }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    }

    it('a user linked through the consent page books by voice with the token Alexa received', async () => {
      const linked = (await token({ grant_type: 'authorization_code', code: await codeFor(), redirect_uri: REDIRECT })).body;
      const res = await signedPost('put meeting with alice for tomorrow ten am', linked.access_token);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body.response.outputSpeech.ssml).to.equal('<speak>You&apos;re booked with Alice tomorrow at 10 AM.</speak>');
      const meeting = await server.deps.db('bookings').orderBy('created_at', 'desc').first();
      expect(new Date(meeting.start_at).toISOString()).to.equal(new Date(now.getTime() + 26 * 3_600_000).toISOString());
    });

    it('refuses a correctly signed request meant for another skill (ALEXA_SKILL_ID), booking nothing', async () => {
      const linked = (await token({ grant_type: 'authorization_code', code: await codeFor(), redirect_uri: REDIRECT })).body;
      const before = Number((await server.deps.db('bookings').count({ n: '*' }).first())!.n);
      const res = await signedPost('put meeting with alice for tomorrow eleven am', linked.access_token, 'amzn1.ask.skill.someone-else');
      expect(res.status).to.equal(400);
      expect(JSON.stringify(res.body)).to.match(/another Alexa skill/);
      expect(Number((await server.deps.db('bookings').count({ n: '*' }).first())!.n)).to.equal(before);
    });
  });
});
