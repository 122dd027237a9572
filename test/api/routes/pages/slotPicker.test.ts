import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { visitorLocale } from '../../../../api/routes/pages/locale.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer } from '../../../helpers/server.js';

describe('visitorLocale (Accept-Language)', () => {
  it('picks the best supported tag by q-value: 12-hour and Sunday-first for en-US, 24-hour and Monday-first for de-DE', () => {
    expect(visitorLocale('fr;q=0.5, en-US;q=0.9')).to.deep.equal({ tag: 'en-US', hour12: true, firstWeekday: 7 });
    expect(visitorLocale('de-DE,de;q=0.9')).to.deep.equal({ tag: 'de-DE', hour12: false, firstWeekday: 1 });
  });
  it('falls back to en-GB (24-hour, Monday) without a usable header', () => {
    for (const header of [undefined, '', '*', 'not a tag!!']) expect(visitorLocale(header)).to.include({ tag: 'en-GB', hour12: false });
  });
});

describe('GET /:username/:slug: the month calendar beside the chosen day', () => {
  let server: RunningServer;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  const get = (path: string, lang?: string) => fetch(server.url + path, { headers: lang ? { 'accept-language': lang } : {} }).then(async (r) => ({ status: r.status, headers: r.headers, text: await r.text() }));

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    const host = await registerUser(apiClient(server.url), { name: 'Hela Host', username: 'hela', timezone: 'Europe/Berlin' });
    await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro call', durationMinutes: 30, location: 'https://meet.example/hela', requiresApproval: true });
  });
  after(() => server.close());

  it('links each day with free times (with their count), marks the chosen one, and shows its times on the 12-hour clock for en-US', async () => {
    const res = await get('/hela/intro?timezone=America/New_York&date=2026-11-25', 'en-US,en;q=0.9');
    expect(res.text).to.include('<h2 id="month-heading">November 2026</h2>');
    expect(res.text).to.match(/<a class="day-on chosen" href="\/hela\/intro\?timezone=America%2FNew_York&amp;date=2026-11-25" aria-label="Wednesday 25 November, 16 times free" aria-current="true">25<\/a>/);
    expect(res.text, 'a weekend day is not a link').to.include('<span class="day-off">28</span>');
    expect(res.text).to.include('>3:00 AM</a>').and.not.include('>03:00</a>');
    // en-US weeks start on Sunday; this month has no earlier month to go back to.
    expect(res.text).to.match(/<thead><tr><th scope="col"><abbr title="Sunday">Sun<\/abbr>/);
    expect(res.text).to.include('aria-label="Next month"').and.not.include('aria-label="Previous month"');
    expect(res.text).to.include('href="/hela/intro?timezone=America%2FNew_York&amp;month=2026-12"');
  });

  it('uses the 24-hour clock for de-DE and chooses the month\u2019s first free day when none is given', async () => {
    const res = await get('/hela/intro?timezone=Europe/Berlin', 'de-DE');
    expect(res.text).to.include('<h2 id="slots-heading">Tuesday 24 November</h2>');
    expect(res.text).to.include('>09:30</a>');
    const december = await get('/hela/intro?timezone=Europe/Berlin&month=2026-12', 'de-DE');
    expect(december.text).to.include('December 2026').and.include('<h2 id="slots-heading">Tuesday 1 December</h2>').and.include('aria-label="Previous month"');
  });

  it('shows the host (initials without a picture) and the duration, location and approval badges', async () => {
    const res = await get('/hela/intro?timezone=UTC');
    expect(res.text).to.include('<span class="avatar" aria-hidden="true">HH</span><span class="host-name">Hela Host</span>');
    for (const badge of ['30 min', 'Video call', 'Requires approval']) expect(res.text).to.include(`<li class="badge">${badge}</li>`);
  });

  it('answers an unknown address with the friendly 404 page, and API paths with problem+json', async () => {
    const page = await get('/no/such/page/here');
    expect(page.status).to.equal(404);
    expect(page.headers.get('content-type')).to.match(/^text\/html/);
    expect(page.headers.get('content-security-policy')).to.include("script-src 'self'");
    expect(page.text).to.include('Page not found').and.include('<a href="/">Yava home</a>').and.include('noindex');
    const api = await get('/api/no/such');
    expect(api.headers.get('content-type')).to.match(/problem\+json/);
  });
});

describe('GET /:username/:slug on the autumn clock change: a time that happens twice names its offset', () => {
  let server: RunningServer;
  const clock = createFixedClock('2027-10-25T08:00:00Z');
  const get = (path: string) => fetch(server.url + path).then(async (r) => ({ status: r.status, text: await r.text() }));

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    const host = await registerUser(apiClient(server.url), { name: 'Hela Host', username: 'hela', timezone: 'Europe/Berlin' });
    // Sunday 31 October 2027: at 03:00 CEST the clocks go back to 02:00 CET; 01:00–04:00 local is four hours.
    await server.deps.services.scheduling.saveSchedule(host.user.id, { timezone: 'Europe/Berlin', weekly: [], overrides: [{ date: '2027-10-31', intervals: [{ start: '01:00', end: '04:00' }] }] });
    await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro call', durationMinutes: 30 });
  });
  after(() => server.close());

  it('labels the picker\u2019s repeated times and their aria-labels "02:00 CEST" and "02:00 CET", and leaves the others alone', async () => {
    const res = await get('/hela/intro?timezone=Europe/Berlin&date=2027-10-31');
    const labels = [...res.text.matchAll(/<ul class="plain slots"[^>]*>(.*?)<\/ul>/gs)].flatMap((m) => [...m[1]!.matchAll(/>([^<]+)<\/a>/g)].map((a) => a[1]));
    expect(labels).to.deep.equal(['01:00', '01:30', '02:00 CEST', '02:30 CEST', '02:00 CET', '02:30 CET', '03:00', '03:30']);
    expect(res.text).to.include('aria-label="Sunday 31 October, 02:00 CEST"').and.include('aria-label="Sunday 31 October, 02:00 CET"');
  });

  it('names the offset on the booking form\u2019s time line too', async () => {
    const first = await get(`/hela/intro/book?${new URLSearchParams({ start: '2027-10-31T00:00:00.000Z', timezone: 'Europe/Berlin' })}`);
    expect(first.text).to.include('Sunday 31 October 2027, 02:00 CEST–02:30 CEST');
    const second = await get(`/hela/intro/book?${new URLSearchParams({ start: '2027-10-31T01:00:00.000Z', timezone: 'Europe/Berlin' })}`);
    expect(second.text).to.include('Sunday 31 October 2027, 02:00 CET–02:30 CET');
    const plain = await get(`/hela/intro/book?${new URLSearchParams({ start: '2027-10-31T02:00:00.000Z', timezone: 'Europe/Berlin' })}`);
    expect(plain.text).to.include('Sunday 31 October 2027, 03:00–03:30');
  });
});
