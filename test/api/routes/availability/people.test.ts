import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { acceptHostInvitations, createEventType, createHost, expectProblem } from '../../../helpers/scheduling.js';

describe('multi-person availability: who is free when', () => {
  let server: RunningServer;
  let call: ApiCall;
  let alice: Awaited<ReturnType<typeof createHost>>;

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer({ clock: createFixedClock('2026-11-24T10:00:00Z') });
    call = apiClient(server.url);
    // alice works Wednesday 09–10, bob 10–11: no common hour.
    alice = await createHost(call, 'mp-alice', { weekly: [{ day: 'wed', start: '09:00', end: '10:00' }] });
    const bob = await createHost(call, 'mp-bob', { weekly: [{ day: 'wed', start: '10:00', end: '11:00' }] });
    await createEventType(call, alice.token, { slug: 'pair', kind: 'collective', hosts: ['mp-alice', 'mp-bob'] });
    await acceptHostInvitations(call, bob.token);
  });
  after(() => server.close());

  it('GET /api/availability/people?users= names each person per time; signed-in callers only', async () => {
    const res = await call('GET', '/api/availability/people?users=mp-alice,mp-bob&durationMinutes=30&from=2026-11-25&to=2026-11-25&timezone=UTC', { token: alice.token });
    expect(res.status, res.text).to.equal(200);
    expect(res.body.people).to.deep.equal(['mp-alice', 'mp-bob']);
    expect(res.body.times.map((t: any) => [t.start.slice(11, 16), t.states['mp-alice'], t.states['mp-bob']])).to.deep.equal([
      ['09:00', 'free', 'off'], ['09:30', 'free', 'off'], ['10:00', 'off', 'free'], ['10:30', 'off', 'free'],
    ]);
    expectProblem(await call('GET', '/api/availability/people?users=mp-alice,mp-bob&durationMinutes=30'), 401, 'unauthorized');
  });

  it('the booking page of a collective type with no common time shows each host’s state', async () => {
    const res = await fetch(`${server.url}/mp-alice/pair?date=2026-11-25&timezone=UTC`);
    const html = await res.text();
    expect(res.status).to.equal(200);
    expect(html).to.include('No time suits everyone this week.');
    expect(html).to.include('Wed 25 Nov 09:00</th><td>mp-alice free, mp-bob off');
    expect(html).to.include('Wed 25 Nov 10:30</th><td>mp-alice off, mp-bob free');
    const api = await call('GET', '/api/availability/people?user=mp-alice&eventType=pair&from=2026-11-25&to=2026-11-25&timezone=UTC');
    expect(api.body.times[0].states).to.deep.equal({ 'mp-alice': 'free', 'mp-bob': 'off' });
  });
});
