import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { hiddenValue } from '../pages/helpers.js';

/** A browser: its own cookies and user agent, optionally DNT or Sec-GPC. */
function browser(baseUrl: string, headers: Record<string, string>) {
  const jar = new Map<string, string>();
  const send = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(baseUrl + path, { ...init, redirect: 'manual', headers: { ...headers, ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [k, ...v] = c.split(';')[0]!.split('=');
      jar.set(k!.trim(), v.join('='));
    }
    return { status: res.status, text: await res.text() };
  };
  return {
    get: (path: string) => send(path),
    post: (path: string, form: Record<string, string>) => send(path, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
  };
}

describe('booking page funnel and GET /api/analytics/funnel', () => {
  let server: RunningServer;
  let call: ApiCall;
  let token: string;
  let login: { email: string; password: string };
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  const START = '2026-11-25T09:00:00.000Z';

  /** Opens the page, optionally the form for a slot, optionally books it. */
  async function visit(headers: Record<string, string>, upTo: 'page' | 'pick' | 'book', email = 'v@example.com', start = START) {
    const b = browser(server.url, headers);
    expect((await b.get('/hela/intro')).status).to.equal(200);
    if (upTo === 'page') return;
    const form = await b.get(`/hela/intro/book?start=${start}&timezone=UTC`);
    if (upTo === 'pick') return;
    const booked = await b.post('/hela/intro/book', { _csrf: hiddenValue(form.text, '_csrf'), start: hiddenValue(form.text, 'start'), timezone: 'UTC', name: 'V', email });
    expect(booked.status, booked.text).to.equal(303);
  }

  before(async function () {
    this.timeout(400_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    const hela = await registerUser(call, { username: 'hela', timezone: 'Europe/Berlin' });
    token = hela.accessToken;
    login = { email: hela.email, password: hela.password };
    await server.deps.services.scheduling.createEventType(hela.user.id, { slug: 'intro', title: 'Intro', durationMinutes: 30 });
    await visit({ 'user-agent': 'browser-a' }, 'book', 'a@example.com');
    // A time still free: the form of one just booked is not shown (the day's times are).
    await visit({ 'user-agent': 'browser-b' }, 'pick', 'b@example.com', '2026-11-25T09:30:00.000Z');
    await visit({ 'user-agent': 'browser-b' }, 'page');
    await visit({ 'user-agent': 'browser-e' }, 'page');
  });
  after(() => server.close());

  it('counts each visitor once per step: page view \u2192 slots \u2192 pick \u2192 booked, with conversion per step', async () => {
    const res = await call('GET', '/api/analytics/funnel?from=2026-11-24&to=2026-11-24&timezone=UTC', { token });
    expect(res.status, res.text).to.equal(200);
    expect(res.body.steps).to.deep.equal([
      { step: 'page_view', visitors: 3, conversion: null },
      { step: 'slots_viewed', visitors: 3, conversion: 1 },
      { step: 'slot_picked', visitors: 2, conversion: 0.6667 },
      { step: 'booked', visitors: 1, conversion: 0.5 },
    ]);
    expect(res.body.overallConversion).to.equal(0.3333);
    expect(res.body.eventTypes.map((e: { slug: string }) => e.slug)).to.deep.equal(['intro']);
  });

  it('records nothing for DNT: 1 or Sec-GPC: 1, and the booking still goes through', async () => {
    const before = await server.deps.db('funnel_events').count({ n: '*' });
    await visit({ 'user-agent': 'browser-c', dnt: '1' }, 'book', 'c@example.com', '2026-11-25T10:00:00.000Z');
    await visit({ 'user-agent': 'browser-d', 'sec-gpc': '1' }, 'pick');
    expect(await server.deps.db('funnel_events').count({ n: '*' })).to.deep.equal(before);
    expect(await server.deps.db('booking_attendees').where({ email: 'c@example.com' }).first('id')).to.not.equal(undefined);
  });

  it('stores only a salted hash of the day; the next day\u2019s salt makes the same browser a new visitor and the old salt is gone', async () => {
    const columns = Object.keys((await server.deps.db('funnel_events').first())!);
    expect(columns.sort()).to.deep.equal(['at', 'day', 'event_type_id', 'step', 'visitor_hash']);
    const hashes = (await server.deps.db('funnel_events').where({ step: 'page_view' }).pluck('visitor_hash')) as string[];
    expect(hashes.every((h) => /^[A-Za-z0-9_-]{22}$/.test(h) && !h.includes('browser'))).to.equal(true);
    clock.advance(24 * 3_600_000);
    await visit({ 'user-agent': 'browser-a' }, 'page');
    const next = (await server.deps.db('funnel_events').where({ step: 'page_view', day: '2026-11-25' }).pluck('visitor_hash')) as string[];
    expect(next).to.have.length(1);
    expect(hashes).not.to.include(next[0]);
    expect((await server.deps.db('funnel_salts').pluck('day')).map((d: Date | string) => new Date(d).toISOString().slice(0, 10))).to.deep.equal(['2026-11-25']);
    // A day later the access token has expired: log in again.
    token = (await call('POST', '/api/auth/login', { body: login })).body.accessToken;
    const two = await call('GET', '/api/analytics/funnel?from=2026-11-24&to=2026-11-25&timezone=UTC', { token });
    expect(two.body.steps[0]).to.deep.equal({ step: 'page_view', visitors: 4, conversion: null });
  });
});
