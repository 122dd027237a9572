import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { startGoogleFake, type GoogleFake } from '../../../fakes/google.js';
import { csrfOfPage, signedInWebClient, webClient } from '../../../helpers/browserSession.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createHost } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { googleEnv, openStartLink, startCalendarServer } from '../calendars/helpers.js';

describe('connecting a calendar in a browser (GET /oauth/google/start, /oauth/google/callback)', () => {
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
  /** Eve's browser has opened her start link and consented: the callback link it would be sent to, and its cookie. */
  const consentedButNotBack = async () => {
    const start = await fetch(await startLink(eve.token), { redirect: 'manual' });
    const cookie = start.headers.getSetCookie()[0]!.split(';')[0]!;
    const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    return { callback: consent.headers.get('location')!, cookie };
  };

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

  it('the start link sets a short-lived HttpOnly, SameSite=Lax cookie for /oauth/google only and sends the browser to Google; the callback clears it', async () => {
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
    const start = await fetch(await startLink(ada.token), { redirect: 'manual', headers: { 'x-forwarded-proto': 'https' } });
    expect(start.status).to.equal(302);
    expect(start.headers.getSetCookie()[0]).to.match(/; secure;/);
  });

  it('a callback with the right state but without the cookie, or with another browser\u2019s, is refused and connects nothing; the browser that started it still finishes', async () => {
    const { callback, cookie } = await consentedButNotBack();
    // Ada's browser opens Eve's callback link: with no cookie for it, then with a cookie of its own.
    const ownFlow = await fetch(await startLink(ada.token), { redirect: 'manual' });
    const adasCookie = ownFlow.headers.getSetCookie()[0]!.split(';')[0]!;
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

  it('a start link opens in one browser only: another is refused, the one that opened it goes on again', async () => {
    const link = await startLink(ada.token);
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).to.equal(302);
    const cookie = first.headers.getSetCookie()[0]!.split(';')[0]!;
    const other = await fetch(link, { redirect: 'manual' });
    expect(other.status).to.equal(400);
    expect(other.headers.getSetCookie()).to.deep.equal([]);
    expect(await other.text()).to.include('This connect link was already opened in another browser, or was used or has expired; start connecting again from Yava');
    const again = await fetch(link, { redirect: 'manual', headers: { cookie } });
    expect(again.status).to.equal(302);
    expect(again.headers.get('location')).to.equal(first.headers.get('location'));
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
    const start = await web.request('GET', `${new URL(link!).pathname}${new URL(link!).search}`);
    expect(start.status).to.equal(302);
    const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location')!);
    // Another browser (no Yava cookie at all) cannot finish it; this one can.
    expect((await webClient(server.url).request('GET', callback.pathname + callback.search)).status).to.equal(400);
    const done = await web.request('GET', callback.pathname + callback.search);
    expect(done.status, done.text).to.equal(200);
    expect(done.text).to.include('Google Calendar connected');
    expect(await connectionsOf(ada.user.id)).to.have.length(1);
  });
});
