import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer } from '../../../helpers/server.js';
import { hiddenValue, pageClient } from './helpers.js';

describe('GET/POST /:username/:slug/waitlist (the waitlist form of a full session)', () => {
  let server: RunningServer;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  const [full, open, empty] = ['2026-11-25T10:00:00.000Z', '2026-11-25T12:00:00.000Z', '2026-11-25T14:00:00.000Z'];
  const book = (start: string, n: number) => server.deps.services.booking.scheduleBooking({ user: 'wanda', eventType: 'talk', start, invitee: { name: `P${n}`, email: `p${n}@example.org`, timezone: 'UTC' } });
  const bookHref = (start: string, extra: Record<string, string> = {}) => `/wanda/talk/book?${new URLSearchParams({ ...extra, start, timezone: 'UTC' }).toString()}`;

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    const host = await registerUser(apiClient(server.url), { name: 'Wanda Host', username: 'wanda', timezone: 'UTC' });
    await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'talk', title: 'Talk', kind: 'group', seats: 2, durationMinutes: 60 });
    for (const n of [1, 2]) await book(full, n);
    await book(open, 3);
  });
  after(() => server.close());

  it('shows the form for a full session', async () => {
    const res = await pageClient(server.url).get(`/wanda/talk/waitlist?start=${full}&timezone=UTC`);
    expect(res.status).to.equal(200);
    expect(res.text).to.include('This session is full. Join its waitlist');
  });

  it('sends a time with seats left, or with no session yet, to its booking form (the prefill kept)', async () => {
    const client = pageClient(server.url);
    for (const start of [open, empty]) {
      const res = await client.get(`/wanda/talk/waitlist?start=${start}&timezone=UTC&name=Pat`);
      expect(res.status, start).to.equal(302);
      expect(res.headers.get('location'), start).to.equal(bookHref(start, { name: 'Pat' }));
    }
    const form = await client.get(bookHref(open));
    expect(form.status).to.equal(200);
    expect(form.text).to.include('name="start" value="2026-11-25T12:00:00.000Z"');
  });

  it('refuses to join when a seat is left with a 409 page that links to the booking form', async () => {
    const client = pageClient(server.url);
    const form = await client.get(`/wanda/talk/waitlist?start=${full}&timezone=UTC`);
    const res = await client.post('/wanda/talk/waitlist', { _csrf: hiddenValue(form.text, '_csrf'), start: open, timezone: 'UTC', name: 'Pat', email: 'pat@example.org' });
    expect(res.status).to.equal(409);
    expect(res.text).to.include('still has seats left');
    const link = /<a class="button" href="([^"]+)">Book a seat<\/a>/.exec(res.text)?.[1]?.replace(/&amp;/g, '&');
    expect(link).to.equal(bookHref(open, { name: 'Pat', email: 'pat@example.org' }));
  });

  it('the booking form of a full session says it is full and lists it with its waitlist', async () => {
    const res = await pageClient(server.url).get(bookHref(full));
    expect(res.status).to.equal(409);
    expect(res.text).to.include('That session is full');
    expect(res.text).to.include('action="/wanda/talk/waitlist"');
  });
});
