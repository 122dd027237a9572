import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, type ApiCall, startTestServer } from '../../../helpers/server.js';
import { createEventType, createHost, expectProblem } from '../../../helpers/scheduling.js';

const ALL_WEEK = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({ day, start: '00:00', end: '24:00' }));
const WIDE = '/api/availability?user=busy&eventType=tiny&from=2026-12-01&to=2027-01-31&timezone=UTC';

describe('bounded work per availability request', function () {
  this.timeout(120_000);
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  const clock = createFixedClock('2026-11-24T08:00:00Z');

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock, env: { RATE_LIMIT: 'on', TRUST_PROXY: 'on', RATE_LIMIT_AVAILABILITY_COST_PER_MINUTE: '40000' } });
    call = apiClient(server.url);
    host = await createHost(call, 'busy', { weekly: ALL_WEEK });
    await createEventType(call, host.token, { slug: 'tiny', durationMinutes: 1, maxDaysAhead: 365 });
  });
  after(() => server?.close());

  it('refuses a slot step below the floor for the duration, on create and on edit (400 naming slotStepMinutes)', async () => {
    const created = await call('POST', '/api/event-types', { token: host.token, body: { slug: 'minute', title: 'Minute', durationMinutes: 1, slotStepMinutes: 1 } });
    expectProblem(created, 400, 'validation_failed');
    expect(created.body.errors).to.deep.equal([{ field: 'slotStepMinutes', message: 'at least 5 minutes for a 1-minute event (5, or a sixth of the duration, up to 15)' }]);
    const ok = await createEventType(call, host.token, { slug: 'hour', durationMinutes: 60, slotStepMinutes: 15 });
    expectProblem(await call('PATCH', `/api/event-types/${ok.id}`, { token: host.token, body: { slotStepMinutes: 5 } }), 400, 'validation_failed');
    expectProblem(await call('PATCH', `/api/event-types/${ok.id}`, { token: host.token, body: { durationMinutes: 120, slotStepMinutes: 10 } }), 400, 'validation_failed');
    expect((await call('PATCH', `/api/event-types/${ok.id}`, { token: host.token, body: { durationMinutes: 120 } })).status).to.equal(200);
  });

  it('pages a 62-day listing: at most `limit` slots per answer, a cursor and a next link, no slot lost or repeated', async () => {
    const first = await call('GET', `${WIDE}&limit=1000`, { headers: { 'x-forwarded-for': '10.0.0.1' } });
    expect(first.status, first.text).to.equal(200);
    expect(first.body.slots).to.have.length(1000);
    expect(first.body.nextCursor).to.be.a('string');
    expect(first.body.next).to.equal(`/api/availability?${new URLSearchParams({ user: 'busy', eventType: 'tiny', from: '2026-12-01', to: '2027-01-31', timezone: 'UTC', limit: '1000', cursor: first.body.nextCursor })}`);
    const second = await call('GET', first.body.next, { headers: { 'x-forwarded-for': '10.0.0.1' } });
    expect(second.body.slots).to.have.length(1000);
    const starts = [...first.body.slots, ...second.body.slots].map((s: { start: string }) => Date.parse(s.start));
    // A 1-minute event lists every 5 minutes (the floor), back to back across the page boundary.
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).to.equal(5 * 60_000);
    const byDefault = await call('GET', WIDE, { headers: { 'x-forwarded-for': '10.0.0.2' } });
    expect(byDefault.body.slots).to.have.length(500);
    expectProblem(await call('GET', `${WIDE}&limit=1001`, { headers: { 'x-forwarded-for': '10.0.0.3' } }), 400, 'validation_failed');
    expectProblem(await call('GET', `${WIDE}&cursor=garbage`, { headers: { 'x-forwarded-for': '10.0.0.3' } }), 400, 'validation_failed');
    const week = await call('GET', '/api/availability?user=busy&eventType=hour&from=2026-12-01&to=2026-12-01&timezone=UTC', { headers: { 'x-forwarded-for': '10.0.0.3' } });
    expect(week.body.nextCursor).to.equal(null);
    expect(week.body.next).to.equal(null);
  });

  it('charges each address the work its queries cost and answers 429 once a minute\'s budget is spent', async () => {
    const from = { headers: { 'x-forwarded-for': '10.0.0.9' } };
    // 62 days × 288 starts = 17,856 candidates per wide query; the budget is 40,000 a minute.
    for (let i = 0; i < 3; i++) expect((await call('GET', `${WIDE}&limit=10`, from)).status).to.equal(200);
    const refused = await call('GET', `${WIDE}&limit=10`, from);
    expectProblem(refused, 429, 'rate_limited');
    expect(Number(refused.headers.get('retry-after'))).to.be.within(1, 60);
    expect((await call('GET', `${WIDE}&limit=10`, { headers: { 'x-forwarded-for': '10.0.0.10' } })).status).to.equal(200);
    clock.advance(60_000);
    expect((await call('GET', `${WIDE}&limit=10`, from)).status).to.equal(200);
  });
});
