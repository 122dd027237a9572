import { expect } from 'chai';
import ICAL from 'ical.js';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

describe('the site around the booking pages: /, /favicon.ico, feed links to /meetings/:id', () => {
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof registerUser>>;
  let meetingId: string;
  const clock = createFixedClock('2026-11-24T08:00:00Z');

  before(async function () {
    this.timeout(120_000); // the first suite of a run also starts the embedded database
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    host = await registerUser(call, { name: 'Ada Host', username: 'ada', timezone: 'Europe/Berlin' });
    const { scheduling, booking } = server.deps.services;
    await scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro <call>', durationMinutes: 30 });
    meetingId = (await booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: { name: 'Ivy', email: 'ivy@example.com', timezone: 'America/New_York' } })).booking.id;
  });
  after(() => server.close());

  it('GET / is a landing page that leads to a booking page', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/html/);
    const page = await res.text();
    expect(page).to.contain('<form').and.contain('name="user"').and.contain('npx yava login --server');
    // A new user on the web is pointed at sign-up and the dashboard, not only at a terminal.
    expect(page).to.contain('href="/app/signup"').and.contain('href="/app/login"');
    const go = await fetch(`${server.url}/?user=@Ada`, { redirect: 'manual' });
    expect(go.status).to.equal(303);
    expect(go.headers.get('location')).to.equal('/ada');
    const bad = await fetch(`${server.url}/?user=${encodeURIComponent('<b>x</b>')}`);
    expect(bad.status).to.equal(400);
    expect(await bad.text()).to.contain('&lt;b&gt;x&lt;/b&gt;').and.not.contain('<b>x</b>');
  });

  it('/favicon.ico is a 16×16 icon', async () => {
    const res = await fetch(`${server.url}/favicon.ico`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('image/x-icon');
    const ico = Buffer.from(await res.arrayBuffer());
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).to.deep.equal([0, 1, 1]);
    expect([ico.readUInt8(6), ico.readUInt8(7), ico.readUInt16LE(12)]).to.deep.equal([16, 16, 32]);
    expect(ico.length).to.equal(22 + ico.readUInt32LE(14));
  });

  it('/favicon.svg, which every page links, is an SVG icon', async () => {
    const page = await (await fetch(`${server.url}/`)).text();
    expect(page).to.include('href="/favicon.svg"');
    const res = await fetch(`${server.url}/favicon.svg`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^image\/svg\+xml/);
    expect(await res.text()).to.match(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 16 16">.*<\/svg>$/);
  });

  it('an error page links home to a page that exists', async () => {
    const missing = await fetch(`${server.url}/nobody-here`);
    expect(missing.status).to.equal(404);
    const href = /<a href="([^"]+)">Yava home<\/a>/.exec(await missing.text())?.[1];
    expect(href).to.equal('/');
    expect((await fetch(`${server.url}${href}`)).status).to.equal(200);
  });

  it("the feed's URL: opens a read-only summary without a token; a bare or forged link still needs the token", async () => {
    const { url } = (await call('GET', '/api/me/feed', { token: host.accessToken })).body;
    const feed = new ICAL.Component(ICAL.parse(await (await fetch(url.replace(/^https?:\/\/[^/]+/, server.url))).text()));
    const event = feed.getAllSubcomponents('vevent').find((e) => e.getFirstPropertyValue('uid') && String(e.getFirstPropertyValue('url')).includes(meetingId))!;
    const link = String(event.getFirstPropertyValue('url'));
    expect(link).to.match(new RegExp(`/meetings/${meetingId}\\?view=[\\w-]+$`));
    const page = await fetch(link.replace(/^https?:\/\/[^/]+/, server.url));
    expect(page.status).to.equal(200);
    const text = await page.text();
    expect(text).to.contain('Intro &lt;call&gt;').and.contain('Ada Host').and.contain('Ivy').and.contain('10:00');
    expect(text).not.to.contain('Cancel meeting');
    for (const bare of [`/meetings/${meetingId}`, `/meetings/${meetingId}?view=forged`]) {
      const res = await fetch(`${server.url}${bare}`);
      expect(res.status, bare).to.equal(401);
      const body = await res.text();
      expect(body, bare).to.contain('link from your confirmation email').and.not.contain('Intro &lt;call&gt;');
    }
  });
});
