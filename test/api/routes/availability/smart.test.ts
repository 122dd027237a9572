import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, expectProblem } from '../../../helpers/scheduling.js';

const local = (iso: string, zone: string) => new Date(iso).toLocaleString('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

describe('GET /api/availability?rank=smart', () => {
  let server: RunningServer;
  let call: ApiCall;

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer({ clock: createFixedClock('2026-12-03T10:00:00Z') });
    call = apiClient(server.url);
  });
  after(() => server.close());

  it('ranks a Berlin host’s slots for a Tokyo invitee: the top three sit inside both working days, each with a score and reasons', async () => {
    const h = await createHost(call, 'berlin-host', { timezone: 'Europe/Berlin' });
    await createEventType(call, h.token, { slug: 'chat' });
    const res = await call('GET', '/api/availability?user=berlin-host&eventType=chat&from=2026-12-07&to=2026-12-11&timezone=Asia/Tokyo&rank=smart&limit=10');
    expect(res.status, res.text).to.equal(200);
    expect(res.body.slots).to.have.length(10);
    expect(res.body.nextCursor).to.equal(null);
    for (const slot of res.body.slots.slice(0, 3)) {
      const tokyo = local(slot.start, 'Asia/Tokyo');
      const berlin = local(slot.start, 'Europe/Berlin');
      expect(tokyo.slice(0, 3)).to.not.be.oneOf(['Sat', 'Sun']);
      expect(tokyo.slice(-5) >= '09:00' && local(slot.end, 'Asia/Tokyo').slice(-5) <= '18:00', tokyo).to.equal(true);
      expect(berlin.slice(-5) >= '09:00' && local(slot.end, 'Europe/Berlin').slice(-5) <= '17:00', berlin).to.equal(true);
      expect(slot.score).to.be.a('number').greaterThan(0);
      expect(slot.reasons).to.include('inside the working hours of the invitee (Asia/Tokyo)');
    }
    const scores = res.body.slots.map((s: { score: number }) => s.score);
    expect(scores).to.deep.equal([...scores].sort((a, b) => b - a));
  });

  it('uses a known attendee’s saved schedule, the host’s preferences from PATCH /api/me, and the requested time', async () => {
    const h = await createHost(call, 'pref-host', { timezone: 'UTC' });
    await createHost(call, 'ny-colleague', { timezone: 'America/New_York' });
    const patched = await call('PATCH', '/api/me', { token: h.token, body: { preferredHours: [{ start: '14:00', end: '16:00' }], focusBlocks: [{ start: '09:00', end: '12:00', days: [1, 2, 3, 4, 5] }] } });
    expect(patched.status, patched.text).to.equal(200);
    expect(patched.body.focusBlocks).to.deep.equal([{ start: '09:00', end: '12:00', days: [1, 2, 3, 4, 5] }]);
    await createEventType(call, h.token, { slug: 'sync' });
    const res = await call('GET', '/api/availability?user=pref-host&eventType=sync&from=2026-12-07&to=2026-12-11&rank=smart&attendees=ny-colleague&near=2026-12-09T15:00:00Z&limit=3', { token: h.token });
    expect(res.status, res.text).to.equal(200);
    expect(res.body.slots[0].start).to.equal('2026-12-09T15:00:00.000Z');
    expect(res.body.slots[0].reasons).to.include.members(['inside the working hours of ny-colleague (America/New_York)', 'exactly the requested time', "in pref-host's preferred hours"]);
    expectProblem(await call('GET', '/api/availability?user=pref-host&eventType=sync&near=2026-12-09T15:00:00Z'), 400, 'validation_failed');
  });
});
