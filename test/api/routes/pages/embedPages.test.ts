import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer } from '../../../helpers/server.js';
import { hiddenValue, pageClient } from './helpers.js';

const SITE = 'https://acme.example';

/** The page may sit in an iframe on the host's site: frame-ancestors names it and no X-Frame-Options forbids it. */
function expectFramableByHostSite(res: { status: number; headers: Headers }, what: string): void {
  expect(res.status, what).to.equal(200);
  expect(res.headers.get('content-security-policy'), what).to.include(`frame-ancestors 'self' ${SITE}`);
  expect(res.headers.get('x-frame-options'), what).to.equal(null);
}

const decode = (href: string) => href.replace(/&amp;/g, '&');
const linkOf = (page: string, pattern: RegExp) => decode(pattern.exec(page)?.[1] ?? '');

describe('pages inside an embed (embed=1): meetings, profile, routing form', () => {
  let server: RunningServer;
  let hostToken: string;
  const clock = createFixedClock('2026-11-24T08:00:00Z');

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    const call = apiClient(server.url);
    const host = await registerUser(call, { name: 'Hela Host', username: 'hela', timezone: 'UTC' });
    await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro call', durationMinutes: 30 });
    await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'talk', title: 'Talk', kind: 'group', seats: 1, durationMinutes: 60 });
    await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'sync', title: 'Sync', durationMinutes: 30, allowsSeries: true, seriesMaxOccurrences: 4 });
    hostToken = host.accessToken;
    await call('PUT', '/api/me/embed-origins', { token: hostToken, body: { origins: [SITE] } });
  });
  after(() => server.close());

  const book = (start: string) => server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start, invitee: { name: 'Pat', email: 'pat@example.com', timezone: 'UTC' } });

  it('keeps embed=1 and the utm fields from the confirmation through reschedule, each page framable by the host\u2019s site', async () => {
    const { booking, manageToken } = await book('2026-11-25T09:00:00Z');
    const client = pageClient(server.url);
    const confirmation = await client.get(`/meetings/${booking.id}?token=${manageToken}&booked=1&embed=1&utm_source=acme`);
    expectFramableByHostSite(confirmation, 'the confirmation');
    const pickerHref = linkOf(confirmation.text, /href="(\/meetings\/[^"]+\/reschedule\?[^"]+)">Reschedule</);
    expect(new URL(pickerHref, server.url).searchParams.get('embed'), 'the Reschedule link').to.equal('1');
    expect(new URL(pickerHref, server.url).searchParams.get('utm_source')).to.equal('acme');

    const picker = await client.get(pickerHref);
    expectFramableByHostSite(picker, 'the reschedule picker');
    expect(picker.text).to.include('src="/embed/v1/frame.js');
    const confirmHref = linkOf(picker.text, /href="(\/meetings\/[^"]+\/reschedule\/confirm\?[^"]+)"/);
    expect(new URL(confirmHref, server.url).searchParams.get('embed'), 'a time on the picker').to.equal('1');

    const confirm = await client.get(confirmHref);
    expectFramableByHostSite(confirm, 'the reschedule confirmation');
    expect(hiddenValue(confirm.text, 'embed')).to.equal('1');
    const moved = await client.post(`/meetings/${booking.id}/reschedule`, { _csrf: hiddenValue(confirm.text, '_csrf'), token: manageToken, start: hiddenValue(confirm.text, 'start'), timezone: 'UTC', embed: '1', utm_source: 'acme' });
    expect(moved.status).to.equal(303);
    const after = new URL(moved.headers.get('location')!, server.url);
    expect(after.searchParams.get('embed'), 'the page after rescheduling').to.equal('1');
    expect(after.searchParams.get('utm_source')).to.equal('acme');
    expectFramableByHostSite(await client.get(after.pathname + after.search), 'the rescheduled meeting');
  });

  it('keeps embed=1 on the cancel form and its result page', async () => {
    const { booking, manageToken } = await book('2026-11-25T11:00:00Z');
    const client = pageClient(server.url);
    const manage = await client.get(`/meetings/${booking.id}?token=${manageToken}&embed=1`);
    expectFramableByHostSite(manage, 'the manage page');
    expect(hiddenValue(manage.text, 'embed'), 'the cancel form').to.equal('1');
    const canceled = await client.post(`/meetings/${booking.id}/cancel`, { _csrf: hiddenValue(manage.text, '_csrf'), token: manageToken, embed: '1' });
    expect(canceled.status).to.equal(303);
    const after = new URL(canceled.headers.get('location')!, server.url);
    expect(after.searchParams.get('embed')).to.equal('1');
    const result = await client.get(after.pathname + after.search);
    expectFramableByHostSite(result, 'the cancel result');
    expect(result.text).to.include('The meeting is canceled');
  });

  it('is framed by nobody without embed=1', async () => {
    const { booking, manageToken } = await book('2026-11-25T13:00:00Z');
    const res = await pageClient(server.url).get(`/meetings/${booking.id}/reschedule?token=${manageToken}&timezone=UTC`);
    expect(res.headers.get('content-security-policy')).to.include("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).to.equal('DENY');
  });

  it('lets the host’s site frame the profile, whose links keep embed=1 and the prefill', async () => {
    const profile = await pageClient(server.url).get('/hela?embed=1&email=pat%40example.com');
    expectFramableByHostSite(profile, 'the profile');
    expect(profile.text).to.include('src="/embed/v1/frame.js').and.not.include('<header class="site">');
    const href = new URL(linkOf(profile.text, /href="(\/hela\/intro[^"]*)"/), server.url);
    expect(href.searchParams.get('embed')).to.equal('1');
    expect(href.searchParams.get('email')).to.equal('pat@example.com');
  });

  it('lets the host’s site frame a routing form, which routes on with embed=1 and the prefill (not to an outside URL)', async () => {
    const form = { slug: 'sales', title: 'Talk to us', questions: [{ id: 'size', label: 'Company size', type: 'number' }], rules: [{ name: 'Big', when: { question: 'size', range: { min: 500 } }, route: { type: 'event_type', eventType: 'intro' } }], fallback: { type: 'url', url: 'https://example.org/contact' } };
    expect((await apiClient(server.url)('POST', '/api/routing-forms', { token: hostToken, body: form })).status).to.equal(201);
    const client = pageClient(server.url);
    const page = await client.get('/hela/forms/sales?embed=1&name=Pat&utm_source=acme');
    expectFramableByHostSite(page, 'the routing form');
    expect(hiddenValue(page.text, 'embed')).to.equal('1');
    const fields = { _csrf: hiddenValue(page.text, '_csrf'), embed: '1', name: 'Pat', utm_source: 'acme' };
    const routed = await client.post('/hela/forms/sales', { ...fields, q_size: '700' });
    expect(routed.status).to.equal(303);
    expect(routed.headers.get('location')).to.equal('/hela/intro?embed=1&name=Pat&utm_source=acme');
    const outside = await client.post('/hela/forms/sales', { ...fields, q_size: '3' });
    expect(outside.headers.get('location')).to.equal('https://example.org/contact');
    const wrong = await client.post('/hela/forms/sales', { ...fields, q_size: 'many' });
    expect(wrong.status).to.equal(400);
    expect(wrong.headers.get('content-security-policy'), 'the form shown again').to.include(`frame-ancestors 'self' ${SITE}`);
  });

  it('keeps a full session’s waitlist in the frame: the picker’s Join waitlist, the form (prefilled) and the joined page', async () => {
    const start = '2026-11-25T10:00:00.000Z';
    await server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'talk', start, invitee: { name: 'Ina', email: 'ina@example.org', timezone: 'UTC' } });
    const client = pageClient(server.url);
    const picker = await client.get('/hela/talk?embed=1&name=Pat&timezone=UTC&date=2026-11-25');
    expect(/<form method="get" action="\/hela\/talk\/waitlist">.*?<\/form>/s.exec(picker.text)?.[0], 'Join waitlist').to.include('name="embed" value="1"').and.include('name="name" value="Pat"');
    const form = await client.get(`/hela/talk/waitlist?start=${start}&timezone=UTC&embed=1&name=Pat`);
    expectFramableByHostSite(form, 'the waitlist form');
    expect(hiddenValue(form.text, 'embed')).to.equal('1');
    expect(form.text).to.include('name="name" required maxlength="200" autocomplete="name" value="Pat"');
    const joined = await client.post('/hela/talk/waitlist', { _csrf: hiddenValue(form.text, '_csrf'), start, timezone: 'UTC', name: 'Pat', email: 'pat@example.com', embed: '1' });
    expectFramableByHostSite(joined, 'the joined page');
    expect(joined.text).to.include('You are on the waitlist');
  });

  /** Inside the host's frame: no Yava header or footer, the frame script, and framable by the host's site. */
  const expectEmbedded = (res: { status: number; headers: Headers; text: string }, status: number, what: string) => {
    expect(res.status, `${what}: ${res.text.slice(0, 300)}`).to.equal(status);
    expect(res.text, what).to.include('src="/embed/v1/frame.js').and.include('<body class="embed">');
    expect(res.text, what).not.to.include('<header class="site">').and.not.to.include('Powered by Yava');
  };

  it('a series booked in an embed: its page has no chrome and every manage link keeps embed=1 and utm_*', async () => {
    const client = pageClient(server.url);
    const form = await client.get('/hela/sync/book?start=2026-11-26T09:00:00.000Z&timezone=UTC&embed=1&utm_source=acme');
    const booked = await client.post('/hela/sync/book', { _csrf: hiddenValue(form.text, '_csrf'), start: '2026-11-26T09:00:00.000Z', timezone: 'UTC', name: 'Pat', email: 'pat@example.com', repeat: 'weekly', count: '2', embed: '1', utm_source: 'acme' });
    expectEmbedded(booked, 201, 'the series page');
    const links = [...booked.text.matchAll(/href="(\/meetings\/[^"]+)">manage</g)].map((m) => new URL(decode(m[1]!), server.url));
    expect(links).to.have.length(2);
    for (const link of links) expect(Object.fromEntries(link.searchParams)).to.include({ embed: '1', utm_source: 'acme' }).and.have.property('token');
    expectFramableByHostSite(await client.get(links[0]!.pathname + links[0]!.search), 'a manage link of the series');
  });

  it('a time taken meanwhile, and an error, show inside the frame without chrome', async () => {
    const client = pageClient(server.url);
    const form = await client.get('/hela/intro/book?start=2026-11-25T16:00:00.000Z&timezone=UTC&embed=1');
    await book('2026-11-25T16:00:00Z');
    const taken = await client.post('/hela/intro/book', { _csrf: hiddenValue(form.text, '_csrf'), start: '2026-11-25T16:00:00.000Z', timezone: 'UTC', name: 'Ann', email: 'ann@example.com', embed: '1' });
    expectEmbedded(taken, 409, 'the taken page');
    expect(taken.headers.get('content-security-policy')).to.include(`frame-ancestors 'self' ${SITE}`);
    expectEmbedded(await client.get('/hela/intro/book?start=not-a-time&timezone=UTC&embed=1'), 400, 'an error page');
    expect((await client.get('/hela/intro/book?start=not-a-time&timezone=UTC')).text, 'outside an embed').to.include('<header class="site">');
  });

  it('the "check your e-mail" page of a challenged booking shows inside the frame without chrome', async function () {
    this.timeout(60_000);
    const guarded = await startTestServer({ clock, env: { SPAM_CHECK: 'on' } });
    try {
      const client = pageClient(guarded.url);
      const form = await client.get('/hela/intro/book?start=2026-11-25T14:00:00.000Z&timezone=UTC&embed=1');
      const held = await client.post('/hela/intro/book', { _csrf: hiddenValue(form.text, '_csrf'), start: '2026-11-25T14:00:00.000Z', timezone: 'UTC', name: 'Lin', email: 'lin@example.org', notes: 'See https://cheap.example/deal', embed: '1' });
      expectEmbedded(held, 202, 'the challenge page');
      expect(held.text).to.include('Check your e-mail').and.match(/Open it before \d\d:\d\d \(UTC\) to confirm/);
    } finally {
      await guarded.close();
    }
  });

  it('passes embed=1 and utm_* through the booking form to the confirmation (name and email are the form’s own fields)', async () => {
    const client = pageClient(server.url);
    const form = await client.get('/hela/intro/book?start=2026-11-25T15:00:00.000Z&timezone=UTC&embed=1&utm_source=acme&name=Pat');
    expect(hiddenValue(form.text, 'embed')).to.equal('1');
    expect(hiddenValue(form.text, 'utm_source')).to.equal('acme');
    expect(form.text).not.to.include('type="hidden" name="name"');
    const posted = await client.post('/hela/intro/book', { _csrf: hiddenValue(form.text, '_csrf'), start: '2026-11-25T15:00:00.000Z', timezone: 'UTC', name: 'Pat', email: 'pat@example.com', embed: '1', utm_source: 'acme' });
    expect(posted.status).to.equal(303);
    const confirmation = new URL(posted.headers.get('location')!, server.url);
    expect(Object.fromEntries(confirmation.searchParams)).to.include({ booked: '1', embed: '1', utm_source: 'acme' }).and.not.have.property('email');
  });
});
