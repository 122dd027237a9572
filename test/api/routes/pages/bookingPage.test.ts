import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { escapeHtml, html } from '../../../../core/notify/html.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer } from '../../../helpers/server.js';
import { hiddenValue, pageClient } from './helpers.js';

const XSS = '<script>alert(1)</script>';

describe('escaping', () => {
  it('escapes every interpolated value and keeps nested html', () => {
    expect(escapeHtml(`${XSS}"'&\``)).to.equal('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&#96;');
    const inner = html`<b>${XSS}</b>`;
    expect(html`<p title="${'" onmouseover="x'}">${inner}${[XSS, 1]}</p>`.value).to.equal('<p title="&quot; onmouseover=&quot;x"><b>&lt;script&gt;alert(1)&lt;/script&gt;</b>&lt;script&gt;alert(1)&lt;/script&gt;1</p>');
  });
});

describe('booking page (server-rendered)', () => {
  let server: RunningServer;
  // Tuesday 24 Nov 2026, 08:00 UTC; the host works Mon–Fri 09–17 in Berlin.
  const clock = createFixedClock('2026-11-24T08:00:00Z');

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock });
    const call = apiClient(server.url);
    const host = await registerUser(call, { name: XSS, username: 'hela', timezone: 'Europe/Berlin' });
    await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: `Intro ${XSS}`, description: '<img src=x onerror=alert(2)>', durationMinutes: 30 });
    await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'secret', title: 'Hidden', durationMinutes: 30, isPublic: false });
  });
  after(() => server.close());

  it('GET /:username lists public event types, escaped, with a strict CSP', async () => {
    const res = await pageClient(server.url).get('/hela');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).to.include("script-src 'self'").and.include("default-src 'none'").and.include("frame-ancestors 'none'").and.not.include('unsafe-inline');
    expect(res.text).not.to.include(XSS);
    expect(res.text).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.text).not.to.include('<img src=x');
    expect(res.text).to.include('href="/hela/intro"');
    expect(res.text).not.to.include('Hidden');
    // No inline code: scripts load from files; JSON-LD is data (the CSP does not run it).
    expect(res.text).not.to.match(/<script>(?!<\/script>)|<script(?![^>]*(src=|type="application\/ld\+json"))[^>]*>|style="/);
  });

  it('serves its JS and CSS from /assets', async () => {
    const js = await fetch(`${server.url}/assets/app.js`);
    expect(js.headers.get('content-type')).to.match(/^text\/javascript/);
    expect(await js.text()).to.include('Intl.DateTimeFormat');
    const css = await fetch(`${server.url}/assets/app.css`);
    expect(css.headers.get('content-type')).to.match(/^text\/css/);
  });

  it('GET /:username/:slug shows free slots grouped by day in the chosen zone', async () => {
    const res = await pageClient(server.url).get('/hela/intro?timezone=America/New_York&date=2026-11-25');
    expect(res.status).to.equal(200);
    expect(res.text).to.include('<option value="America/New_York" selected>');
    expect(res.text).to.include('Wednesday 25 November');
    // 09:00 Berlin = 03:00 New York.
    expect(res.text).to.include('>03:00</a>');
    expect(res.text).to.include(`/hela/intro/book?start=2026-11-25T08%3A00%3A00.000Z&amp;timezone=America%2FNew_York`);
  });

  it('GET /:username/:slug names the visitor’s own parameter when it is not a date', async () => {
    const bad = await pageClient(server.url).get('/hela/intro?date=2026-13-45');
    expect(bad.status).to.equal(400);
    expect(bad.text).to.include('&quot;2026-13-45&quot; is not a date; use YYYY-MM-DD').and.not.include('from:');
    expect((await pageClient(server.url).get('/hela/intro?month=2026-13')).text).to.include('&quot;2026-13&quot; is not a month');
  });

  it('GET /:username/:slug suggests the best three times first, inside a Tokyo visitor’s working day, saying why', async () => {
    const res = await pageClient(server.url).get('/hela/intro?timezone=Asia/Tokyo&date=2026-11-25');
    const section = /<ol class="plain suggested"[^>]*>(.*?)<\/ol>/s.exec(res.text)?.[1] ?? '';
    const times = [...section.matchAll(/<a href="[^"]*">[^<]*, (\d\d:\d\d)<\/a>/g)].map((m) => m[1]);
    expect(times).to.have.length(3);
    // Berlin 09:00–10:00 is Tokyo 17:00–18:00: the only hour inside both working days.
    for (const t of times) expect(t).to.be.oneOf(['17:00', '17:30']);
    expect(section).to.include('inside the working hours of the invitee (Asia/Tokyo)');
    expect(res.text.indexOf('Suggested times')).to.be.lessThan(res.text.indexOf('id="slots-heading"'));
  });

  it('does not shadow /api, /health or unknown users', async () => {
    const api = await fetch(`${server.url}/api/nothing/here`);
    expect(api.status).to.equal(404);
    expect(api.headers.get('content-type')).to.match(/problem\+json/);
    expect((await fetch(`${server.url}/health`)).status).to.equal(200);
    const missing = await pageClient(server.url).get('/nobody-here');
    expect(missing.status).to.equal(404);
    expect(missing.headers.get('content-type')).to.match(/^text\/html/);
  });

  it('refuses a POST without a valid CSRF token (403 page)', async () => {
    const client = pageClient(server.url);
    const form = { start: '2026-11-25T08:00:00.000Z', timezone: 'UTC', name: 'Eve', email: 'eve@example.com' };
    const none = await client.post('/hela/intro/book', form);
    expect(none.status).to.equal(403);
    expect(none.headers.get('content-type')).to.match(/^text\/html/);
    expect(none.text).to.include('did not come from this site');
    await client.get('/hela/intro/book?start=2026-11-25T08:00:00.000Z&timezone=UTC'); // gets a cookie
    expect((await client.post('/hela/intro/book', { ...form, _csrf: 'forged' })).status).to.equal(403);
    // A token from another visitor's cookie does not work either.
    const other = pageClient(server.url);
    const otherToken = hiddenValue((await other.get('/hela/intro/book?start=2026-11-25T08:00:00.000Z&timezone=UTC')).text, '_csrf');
    expect((await client.post('/hela/intro/book', { ...form, _csrf: otherToken })).status).to.equal(403);
    expect(await server.deps.db('bookings').count<{ count: number }[]>('* as count')).to.deep.equal([{ count: 0 }]);
  });

  it('books without JavaScript, shows both zones, and offers calendar, reschedule and cancel', async () => {
    const client = pageClient(server.url);
    const formPage = await client.get('/hela/intro/book?start=2026-11-25T09:00:00.000Z&timezone=America/New_York');
    // A second visitor opens the same time's form now and sends it after Ivy booked (below).
    const again = pageClient(server.url);
    const f2 = await again.get('/hela/intro/book?start=2026-11-25T09:00:00.000Z&timezone=America/New_York');
    expect(formPage.status).to.equal(200);
    expect(formPage.text).to.match(/<label for="name">/).and.match(/<label for="email">/).and.match(/<label for="notes">/);
    const posted = await client.post('/hela/intro/book', { _csrf: hiddenValue(formPage.text, '_csrf'), start: hiddenValue(formPage.text, 'start'), timezone: 'America/New_York', name: 'Ivy', email: 'ivy@example.com', notes: XSS });
    expect(posted.status).to.equal(303);
    const location = posted.headers.get('location')!;
    expect(location).to.match(/^\/meetings\/[0-9a-f-]{36}\?token=yava_mt_[\w-]+&booked=1$/);
    const summary = await client.get(location);
    expect(summary.status).to.equal(200);
    expect(summary.text).to.include('You are booked');
    expect(summary.text).to.include('Wednesday 25 November 2026, 04:00–04:30').and.include('America/New York');
    expect(summary.text).to.include('Wednesday 25 November 2026, 10:00–10:30').and.include('Europe/Berlin');
    expect(summary.text).not.to.include(XSS);
    expect(summary.text).to.match(/href="\/meetings\/[0-9a-f-]{36}\.ics\?token=/);
    expect(summary.text).to.include('https://calendar.google.com/calendar/render?action=TEMPLATE');
    expect(summary.text).to.match(/href="\/meetings\/[0-9a-f-]{36}\/reschedule\?token=/);
    expect(summary.text).to.include('Cancel meeting');
    expect(await server.deps.db('outbox').whereNotNull('booking_id').count<{ count: number }[]>('* as count')).to.deep.equal([{ count: 2 }]);

    // The same slot, taken meanwhile: a clear message, the nearest free times to pick, and what was typed kept.
    const taken = await again.post('/hela/intro/book', { _csrf: hiddenValue(f2.text, '_csrf'), start: '2026-11-25T09:00:00.000Z', timezone: 'America/New_York', name: 'Late', email: 'late@example.com', notes: 'About the invoice' });
    expect(taken.status).to.equal(409);
    expect(taken.text).to.include('That time was just taken. Pick one of the nearest free times below');
    // The heading names the time asked for as taken, not the first suggestion (which read as if it were the taken one).
    expect(taken.text).to.match(/<s>Wednesday 25 November 2026, 0?4:00[^<]*<\/s>[^<]*<span class="muted">\(America\/New York\)<\/span> is taken now/);
    expect(taken.text).to.include('value="Late"').and.include('value="late@example.com"').and.include('About the invoice</textarea>');
    const choices = [...taken.text.matchAll(/type="radio" name="start" value="([^"]+)"/g)].map((m) => m[1]);
    expect(choices).to.include('2026-11-25T08:30:00.000Z').and.not.include('2026-11-25T09:00:00.000Z');
    expect(taken.text).to.include('href="/hela/intro?timezone=America%2FNew_York"');
    // Booking one of them from that form works.
    const chosen = await again.post('/hela/intro/book', { _csrf: hiddenValue(taken.text, '_csrf'), start: choices[0]!, timezone: 'America/New_York', name: 'Late', email: 'late@example.com' });
    expect(chosen.status).to.equal(303);
    // A time that was never offered says why in core's words, above the same fresh slots.
    const offGrid = await again.post('/hela/intro/book', { _csrf: hiddenValue(f2.text, '_csrf'), start: '2026-11-25T09:07:00.000Z', timezone: 'America/New_York', name: 'Odd', email: 'odd@example.com' });
    expect(offGrid.status).to.equal(409);
    expect(offGrid.text).to.include('That time is not one of the offered starts').and.include('Here are the times still free.');
    expect(offGrid.text).not.to.include('just taken');

    // Reschedule through the same picker, then cancel.
    const token = new URL(location, server.url).searchParams.get('token')!;
    const id = location.split('/')[2]!.split('?')[0]!;
    const picker = await client.get(`/meetings/${id}/reschedule?token=${encodeURIComponent(token)}&timezone=America/New_York`);
    expect(picker.status).to.equal(200);
    expect(picker.text, 'the current time names its zone').to.match(/Now: [^<]+\(America\/New York\)/);
    const confirm = await client.get(`/meetings/${id}/reschedule/confirm?token=${encodeURIComponent(token)}&start=2026-11-26T10:00:00.000Z&timezone=America/New_York`);
    const moved = await client.post(`/meetings/${id}/reschedule`, { _csrf: hiddenValue(confirm.text, '_csrf'), token, start: '2026-11-26T10:00:00.000Z', timezone: 'America/New_York' });
    expect(moved.status).to.equal(303);
    const afterMove = await client.get(moved.headers.get('location')!);
    expect(afterMove.text).to.include('Rescheduled').and.include('Thursday 26 November 2026, 05:00–05:30');
    const canceled = await client.post(`/meetings/${id}/cancel`, { _csrf: hiddenValue(afterMove.text, '_csrf'), token, reason: 'Something came up' });
    expect(canceled.status).to.equal(303);
    const final = await client.get(canceled.headers.get('location')!);
    expect(final.text).to.include('class="status canceled"').and.include('Something came up');
    expect(final.text).not.to.include('Cancel meeting');
    // core's allowedActions decides: a canceled meeting offers neither a reschedule link nor a picker.
    expect(final.text).not.to.include('/reschedule?token=').and.not.to.include('Download .ics');
    const closed = await client.get(`/meetings/${id}/reschedule?token=${encodeURIComponent(token)}`);
    expect(closed.status).to.equal(409);
    expect(closed.text).to.include('A canceled meeting cannot be rescheduled');
    // So does the confirmation step of an old tab: no "Move the meeting" for a canceled meeting.
    const stale = await client.get(`/meetings/${id}/reschedule/confirm?token=${encodeURIComponent(token)}&start=2026-11-27T10:00:00.000Z&timezone=America/New_York`);
    expect(stale.status).to.equal(409);
    expect(stale.text).to.include('A canceled meeting cannot be rescheduled').and.not.include('Move the meeting');
  });

  it('the meeting page needs the token', async () => {
    const [row] = await server.deps.db('bookings').select('id');
    const res = await pageClient(server.url).get(`/meetings/${row.id}`);
    expect(res.status).to.equal(401);
    expect(res.text).to.include('link from your confirmation email');
    // A wrong token gets the page of a meeting that does not exist.
    expect((await pageClient(server.url).get(`/meetings/${row.id}?token=yava_mt_nope`)).status).to.equal(404);
  });
});
