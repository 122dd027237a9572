import { expect } from 'chai';
import { hashSecret } from '../../../../core/auth/secrets.js';
import { MAX_OPEN_ATTEMPTS } from '../../../../core/calendars/oauth.js';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { startGoogleFake, type GoogleFake } from '../../../fakes/google.js';
import { csrfOfPage, signedInWebClient, webClient } from '../../../helpers/browserSession.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createHost } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { continueStartLink, cookieHeaderOf, googleEnv, openStartLink, startCalendarServer } from '../calendars/helpers.js';

describe('connecting a calendar in a browser (GET/POST /oauth/google/start, /oauth/google/callback)', () => {
  const clock = createFixedClock('2026-11-30T08:00:00Z');
  let google: GoogleFake;
  let server: RunningServer;
  let call: ApiCall;
  let ada: Awaited<ReturnType<typeof createHost>>;
  let eve: Awaited<ReturnType<typeof createHost>>;

  const startLink = async (token: string) => {
    const res = await call('POST', '/api/calendars/connect', { token, body: { provider: 'google' } });
    expect(res.status, res.text).to.equal(200);
    return res.body.authorizeUrl as string;
  };
  const connectionsOf = async (userId: string) => server.deps.db('calendar_connections').where({ user_id: userId }).select('id', 'account');
  /** Eve's browser has opened her start link, pressed Continue and consented: the callback link it would be sent to, and its cookie. */
  const consentedButNotBack = async () => {
    const { pressed } = await continueStartLink(await startLink(eve.token));
    const cookie = pressed.headers.getSetCookie()[0]!.split(';')[0]!;
    const consent = await fetch(pressed.headers.get('location')!, { redirect: 'manual' });
    return { callback: consent.headers.get('location')!, cookie };
  };
  const pathOf = (link: string) => `${new URL(link).pathname}${new URL(link).search}`;
  const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;
  const browserBoundTo = async (link: string) => (await server.deps.db('calendar_oauth_states').where({ start_token_hash: hashSecret(tokenOf(link)) }).first('browser_hash')).browser_hash;

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    google = await startGoogleFake();
    google.addCalendar('ada@gmail.com', 'Ada', { primary: true });
    ({ server, call, host: ada } = await startCalendarServer(clock, { ...googleEnv(google), TRUST_PROXY: 'on' }));
    eve = await createHost(call, 'eve');
  });
  after(async () => {
    await server?.close();
    await google?.stop();
  });

  it('Continue on the start link\u2019s page sets a short-lived HttpOnly, SameSite=Lax cookie for /oauth/google only and sends the browser to Google; the callback clears it', async () => {
    const flow = await openStartLink(await startLink(ada.token));
    expect(flow.status, flow.html).to.equal(200);
    expect(flow.providerUrl).to.match(new RegExp(`^${google.url}/o/oauth2/v2/auth\\?`));
    expect(flow.setCookie).to.have.length(1);
    const [cookie] = flow.setCookie;
    expect(cookie).to.match(/^yava_oauth_google=[\w-]{40,}; path=\/oauth\/google; expires=/);
    expect(new Date(/expires=([^;]+)/.exec(cookie!)![1]!).getTime() - Date.now()).to.be.within(9 * 60_000, 10 * 60_000 + 1000);
    expect(cookie).to.match(/; samesite=lax; httponly$/);
    expect(flow.clears.find((c) => c.startsWith('yava_oauth_google=;'))).to.match(/expires=Thu, 01 Jan 1970/);
    expect(await connectionsOf(ada.user.id)).to.have.length(1);
  });

  it('the cookie is Secure when the request came over TLS', async () => {
    const link = await startLink(ada.token);
    const browser = webClient(server.url, { headers: { 'x-forwarded-proto': 'https' } });
    const page = await browser.request('GET', pathOf(link));
    const start = await browser.request('POST', '/oauth/google/start', { form: { _csrf: browser.csrfOf(page.text), token: tokenOf(link) } });
    expect(start.status).to.equal(303);
    expect(start.setCookies[0]).to.match(/^yava_oauth_google=.*; secure;/);
  });

  it('a start link opened in a browser without a Yava session names the account and waits for Continue: the GET sets no cookie, redirects nowhere and binds nothing', async () => {
    // Eve sends her own start link to someone: their browser must not be taken straight to Google.
    const link = await startLink(eve.token);
    const page = await fetch(link, { redirect: 'manual' });
    const text = await page.text();
    expect(page.status, text).to.equal(200);
    expect(page.headers.get('location')).to.equal(null);
    expect(page.headers.getSetCookie().filter((c) => c.startsWith('yava_oauth_'))).to.deep.equal([]);
    expect(await browserBoundTo(link)).to.equal(null);
    expect(text).to.include('Connect Google Calendar to Yava').and.include('<strong>@eve</strong> (e•••@example.com)');
    expect(text).to.include('If you did not start this in Yava yourself, close this page');
    expect(text).to.include(`<form method="post" action="/oauth/google/start">`).and.include(`name="token" value="${tokenOf(link)}"`).and.include('Continue to Google Calendar');
    expect(text).to.not.include(google.url);
    // Continue's POST is redirected on to Google: the page's CSP lets that form go there, and nowhere else.
    expect(page.headers.get('content-security-policy')).to.include(`form-action 'self' ${google.url};`).and.include("frame-ancestors 'none'");
    expect(page.headers.get('cache-control')).to.equal('no-store');
  });

  it('Continue without the page\u2019s CSRF token, or posted from another site, is refused and binds nothing', async () => {
    const link = await startLink(eve.token);
    const browser = webClient(server.url);
    const page = await browser.request('GET', pathOf(link));
    const attempts: Array<{ form: Record<string, string>; headers?: Record<string, string> }> = [
      { form: { token: tokenOf(link) } },
      { form: { token: tokenOf(link), _csrf: 'forged.value' } },
      { form: { token: tokenOf(link), _csrf: browser.csrfOf(page.text) }, headers: { origin: 'https://evil.example' } },
    ];
    for (const attempt of attempts) {
      const res = await browser.request('POST', '/oauth/google/start', attempt);
      expect(res.status, res.text).to.equal(403);
      expect(res.headers.get('location')).to.equal(null);
      expect(res.setCookies.filter((c) => c.startsWith('yava_oauth_'))).to.deep.equal([]);
      expect(res.text).to.include('Google Calendar was not connected');
    }
    expect(await browserBoundTo(link)).to.equal(null);
    expect(await connectionsOf(eve.user.id)).to.deep.equal([]);
  });

  it('a browser signed in to Yava as another user is refused, with a way to sign out; nothing is bound or connected', async () => {
    await server.deps.db('calendar_connections').where({ user_id: ada.user.id }).delete();
    const link = await startLink(eve.token);
    const web = await signedInWebClient(server.url, 'ada@example.com');
    const refused = await web.request('GET', pathOf(link));
    expect(refused.status, refused.text).to.equal(403);
    expect(refused.headers.get('location')).to.equal(null);
    expect(refused.setCookies.filter((c) => c.startsWith('yava_oauth_'))).to.deep.equal([]);
    expect(refused.text).to.include('This connect link was made for the Yava account @eve, but this browser is signed in to Yava as @ada, so nothing was connected');
    expect(refused.text).to.include('href="/app/calendars"').and.include('<form method="post" action="/app/logout">').and.include('Sign out of Yava');
    // Nor does Continue, with a valid token, get it past the check.
    const page = await web.request('GET', '/app/calendars');
    const pressed = await web.request('POST', '/oauth/google/start', { form: { _csrf: csrfOfPage(page.text), token: tokenOf(link) } });
    expect(pressed.status).to.equal(403);
    expect(await browserBoundTo(link)).to.equal(null);
    // The sign-out button on the page works; signed out, the browser gets the page that asks.
    const out = await web.request('POST', '/app/logout', { form: { _csrf: web.csrfOf(refused.text) } });
    expect(out.status).to.equal(303);
    const asks = await web.request('GET', pathOf(link));
    expect(asks.status).to.equal(200);
    expect(asks.text).to.include('<strong>@eve</strong>');
    expect(await connectionsOf(ada.user.id)).to.deep.equal([]);
    expect(await connectionsOf(eve.user.id)).to.deep.equal([]);
  });

  it('a callback with the right state but without the cookie, or with another browser\u2019s, is refused and connects nothing; the browser that started it still finishes', async () => {
    const { callback, cookie } = await consentedButNotBack();
    // Ada's browser opens Eve's callback link: with no cookie for it, then with a cookie of its own.
    const ownFlow = await continueStartLink(await startLink(ada.token));
    const adasCookie = cookieHeaderOf(ownFlow.pressed.headers.getSetCookie());
    for (const headers of [{}, { cookie: adasCookie }, { cookie: 'yava_oauth_google=forged' }] as Array<Record<string, string>>) {
      const page = await fetch(callback, { headers });
      expect(page.status).to.equal(400);
      const text = await page.text();
      expect(text).to.include('This sign-in was not started in this browser, so nothing was connected; start connecting again from Yava');
      expect(text).to.include('href="/app/calendars"').and.include('yava calendars connect google');
    }
    expect(await connectionsOf(eve.user.id)).to.deep.equal([]);
    const back = await fetch(callback, { headers: { cookie } });
    expect(back.status).to.equal(200);
    expect(await connectionsOf(eve.user.id)).to.have.length(1);
  });

  it('a start link goes on in one browser only: another is refused, the one that pressed Continue may again', async () => {
    const link = await startLink(ada.token);
    const first = webClient(server.url);
    const page = await first.request('GET', pathOf(link));
    const pressed = await first.request('POST', '/oauth/google/start', { form: { _csrf: first.csrfOf(page.text), token: tokenOf(link) } });
    expect(pressed.status).to.equal(303);
    const other = await fetch(link, { redirect: 'manual' });
    expect(other.status).to.equal(400);
    expect(other.headers.getSetCookie()).to.deep.equal([]);
    expect(await other.text()).to.include('This connect link was already opened in another browser, or was used or has expired; start connecting again from Yava');
    const second = webClient(server.url);
    const login = await second.request('GET', '/app/login');
    const otherContinue = await second.request('POST', '/oauth/google/start', { form: { _csrf: second.csrfOf(login.text), token: tokenOf(link) } });
    expect(otherContinue.status).to.equal(400);
    expect(otherContinue.setCookies.filter((c) => c.startsWith('yava_oauth_'))).to.deep.equal([]);
    // Back to the page: it asks again, and Continue goes on with the same cookie.
    const back = await first.request('GET', pathOf(link));
    expect(back.status).to.equal(200);
    const again = await first.request('POST', '/oauth/google/start', { form: { _csrf: first.csrfOf(back.text), token: tokenOf(link) } });
    expect(again.status).to.equal(303);
    expect(again.headers.get('location')).to.equal(pressed.headers.get('location'));
    expect(again.setCookies[0]!.split(';')[0]).to.equal(pressed.setCookies[0]!.split(';')[0]);
  });

  it('a start link without a token, a forged one or an expired one says to start again from Yava', async () => {
    const missing = await fetch(`${server.url}/oauth/google/start`, { redirect: 'manual' });
    expect(missing.status).to.equal(400);
    expect(await missing.text()).to.include('The connect link is incomplete (no token); start connecting again from Yava');
    expect((await fetch(`${server.url}/oauth/google/start?token=forged`, { redirect: 'manual' })).status).to.equal(400);
    const link = await startLink(ada.token);
    clock.advance(10 * 60_000 + 1);
    const late = await fetch(link, { redirect: 'manual' });
    expect(late.status).to.equal(400);
    expect(await late.text()).to.include('has expired');
  });

  it('the dashboard\u2019s Connect links to a start link, and the signed-in browser that follows it connects', async () => {
    await server.deps.db('calendar_connections').where({ user_id: ada.user.id }).delete();
    const web = await signedInWebClient(server.url, 'ada@example.com');
    const page = await web.request('GET', '/app/calendars');
    const connect = await web.request('POST', '/app/calendars/connect', { form: { _csrf: csrfOfPage(page.text), provider: 'google' } });
    expect(connect.status).to.equal(200);
    const link = /href="([^"]*\/oauth\/google\/start\?token=[^"]+)"/.exec(connect.text)?.[1];
    expect(link, connect.text).to.be.a('string');
    // Signed in as the link's own user: straight on to Google, no page to confirm.
    const start = await web.request('GET', pathOf(link!));
    expect(start.status, start.text).to.equal(302);
    expect(start.headers.get('location')).to.match(new RegExp(`^${google.url}/o/oauth2/v2/auth\\?`));
    expect(start.setCookies.find((c) => c.startsWith('yava_oauth_google='))).to.be.a('string');
    const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location')!);
    // Another browser (no Yava cookie at all) cannot finish it; this one can.
    expect((await webClient(server.url).request('GET', callback.pathname + callback.search)).status).to.equal(400);
    const done = await web.request('GET', callback.pathname + callback.search);
    expect(done.status, done.text).to.equal(200);
    expect(done.text).to.include('Google Calendar connected');
    expect(await connectionsOf(ada.user.id)).to.have.length(1);
  });

  it('connects started side by side in one browser each finish there, the first-started too: the cookie holds a key per attempt still open', async () => {
    await server.deps.db('calendar_connections').where({ user_id: ada.user.id }).delete();
    const web = await signedInWebClient(server.url, 'ada@example.com');
    const keys = () => web.jar.get('yava_oauth_google')?.split('.') ?? [];
    // Two tabs (or two Google accounts): each start link goes on to Google; the second does not push out the first.
    const [first, second] = [await startLink(ada.token), await startLink(ada.token)];
    const startFirst = await web.request('GET', pathOf(first));
    const startSecond = await web.request('GET', pathOf(second));
    expect([startFirst.status, startSecond.status]).to.deep.equal([302, 302]);
    const heldKeys = keys();
    const callbackOf = async (start: { headers: Headers }) => pathOf((await fetch(start.headers.get('location')!, { redirect: 'manual' })).headers.get('location')!);
    const [firstCallback, secondCallback] = [await callbackOf(startFirst), await callbackOf(startSecond)];
    // Each key stands for its own attempt only: another browser, or one holding the other attempt's key, finishes neither.
    for (const cookie of [undefined, `yava_oauth_google=${heldKeys.at(-1)}`]) {
      const refused = await webClient(server.url, { headers: cookie ? { cookie } : {} }).request('GET', firstCallback);
      expect(refused.status).to.equal(400);
      expect(refused.text).to.include('This sign-in was not started in this browser, so nothing was connected');
    }
    const doneFirst = await web.request('GET', firstCallback);
    expect(doneFirst.status, doneFirst.text).to.equal(200);
    expect(doneFirst.text).to.include('Google Calendar connected');
    // One cookie, as HttpOnly and SameSite as before, with both keys; the first attempt's is spent with it.
    expect(startSecond.setCookies.find((c) => c.startsWith('yava_oauth_google='))).to.match(/^yava_oauth_google=[\w-]{40,}\.[\w-]{40,}; path=\/oauth\/google; expires=[^;]+; samesite=lax; httponly$/);
    expect(keys(), 'the second attempt\u2019s key stays').to.deep.equal(heldKeys.slice(1));
    // Back to the second tab's link: on to Google again, with the key it holds.
    const again = await web.request('GET', pathOf(second));
    expect(again.headers.get('location')).to.equal(startSecond.headers.get('location'));
    expect(keys()).to.deep.equal(heldKeys.slice(1));
    const doneSecond = await web.request('GET', secondCallback);
    expect(doneSecond.status, doneSecond.text).to.equal(200);
    expect(doneSecond.text).to.include('Google Calendar connected');
    expect(web.jar.has('yava_oauth_google'), 'the cookie is cleared once no attempt is open').to.equal(false);
    const states = await server.deps.db('calendar_oauth_states').whereIn('start_token_hash', [first, second].map((link) => hashSecret(tokenOf(link)))).pluck('connection_id');
    expect(states.filter(Boolean), 'each attempt connected').to.have.length(2);
    expect(await connectionsOf(ada.user.id)).to.have.length(1);
  });

  it(`a browser keeps at most ${MAX_OPEN_ATTEMPTS} connects open: starting one more forgets the oldest's key, which then cannot finish there`, async () => {
    const web = await signedInWebClient(server.url, 'ada@example.com');
    const starts = [];
    for (let i = 0; i <= MAX_OPEN_ATTEMPTS; i++) {
      const start = await web.request('GET', pathOf(await startLink(ada.token)));
      expect(start.status).to.equal(302);
      starts.push(start);
    }
    expect(web.jar.get('yava_oauth_google')!.split('.')).to.have.length(MAX_OPEN_ATTEMPTS);
    const callbackOf = async (start: { headers: Headers }) => pathOf((await fetch(start.headers.get('location')!, { redirect: 'manual' })).headers.get('location')!);
    const oldest = await web.request('GET', await callbackOf(starts[0]!));
    expect(oldest.status).to.equal(400);
    expect(oldest.text).to.include('This sign-in was not started in this browser, so nothing was connected');
    const newest = await web.request('GET', await callbackOf(starts.at(-1)!));
    expect(newest.status, newest.text).to.equal(200);
    expect(web.jar.get('yava_oauth_google')!.split('.')).to.have.length(MAX_OPEN_ATTEMPTS - 1);
  });

  it('a signed-in browser whose access token has expired is renewed on the start link and, as the link\u2019s user, still goes straight on', async () => {
    const web = await signedInWebClient(server.url, 'ada@example.com');
    clock.advance(server.deps.config.ACCESS_TOKEN_TTL_SECONDS * 1000 + 1);
    const login = await call('POST', '/api/auth/login', { body: { email: 'ada@example.com', password: 'correct horse battery staple' } });
    const link = await startLink(login.body.accessToken);
    const start = await web.request('GET', pathOf(link));
    expect(start.status, start.text).to.equal(302);
    expect(start.setCookies.find((c) => c.startsWith('yava_session='))).to.be.a('string');
  });
});
