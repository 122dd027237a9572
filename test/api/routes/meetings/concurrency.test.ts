import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb, testDatabaseUrl, usingPostgres } from '../../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, invitee } from '../../../helpers/scheduling.js';
import { spawnServer, stop } from '../../../helpers/apiProcesses.js';

const statusCounts = (results: Array<{ status: number; body: any }>) => {
  const counts: Record<string, number> = {};
  for (const r of results) {
    const key = r.status === 201 ? '201' : `${r.status} ${r.body?.code}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

describe('scheduling under concurrency (PostgreSQL)', function () {
  this.timeout(60_000);
  let server: RunningServer;
  let call: ApiCall;
  const children: ChildProcess[] = [];
  // Real time: child processes use the system clock, so the tests book well ahead (next year).
  const clock = createFixedClock(new Date());
  let year: number;

  before(async function () {
    if (!usingPostgres()) return this.skip();
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    year = new Date().getUTCFullYear() + 1;
  });
  after(async () => {
    await Promise.all(children.map(stop));
    if (server) await server.close();
  });

  /** A Monday in the next year at hh:mm UTC (plus `weeks`). */
  const at = (hhmm: string, weeks = 0) => {
    const d = new Date(Date.UTC(year, 0, 5 + weeks * 7));
    while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
    return `${d.toISOString().slice(0, 10)}T${hhmm}:00Z`;
  };

  it('50 parallel bookings of one slot: exactly one 201, 49 × 409 slot_unavailable, one booking row', async () => {
    const h = await createHost(call, 'race-1');
    await createEventType(call, h.token, { slug: 'x', maxDaysAhead: 800 });
    const start = at('09:00');
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => call('POST', '/api/meetings/schedule', { body: { user: 'race-1', eventType: 'x', start, invitee: invitee(i) } })));
    expect(statusCounts(results)).to.deep.equal({ '201': 1, '409 slot_unavailable': 49 });
    expect(await server.deps.db('bookings').where({ start_at: new Date(start) }).count('* as n').first()).to.deep.equal({ n: 1 });
  });

  it('the same across two API processes on one database', async () => {
    const url = await testDatabaseUrl();
    const [p1, p2] = await Promise.all([spawnServer(url), spawnServer(url)]);
    children.push(p1.child, p2.child);
    const h = await createHost(call, 'race-2');
    await createEventType(call, h.token, { slug: 'x', maxDaysAhead: 800 });
    const start = at('10:00');
    const clients = [apiClient(p1.url), apiClient(p2.url)];
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => clients[i % 2]!('POST', '/api/meetings/schedule', { body: { user: 'race-2', eventType: 'x', start, invitee: invitee(i) } })));
    expect(statusCounts(results)).to.deep.equal({ '201': 1, '409 slot_unavailable': 49 });
    const rows = await server.deps.db('bookings as b').join('booking_hosts as h', 'h.booking_id', 'b.id').where('h.user_id', h.user.id).count('* as n').first();
    expect(rows).to.deep.equal({ n: 1 });
    await Promise.all([stop(p1.child), stop(p2.child)]);
  });

  it('a daily limit of 3 under 20 parallel bookings of different slots ends with exactly 3', async () => {
    const h = await createHost(call, 'race-3');
    await createEventType(call, h.token, { slug: 'x', durationMinutes: 15, dailyLimit: 3, maxDaysAhead: 800 });
    const starts = Array.from({ length: 20 }, (_, i) => at(`${String(9 + Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`, 1));
    const results = await Promise.all(starts.map((start, i) => call('POST', '/api/meetings/schedule', { body: { user: 'race-3', eventType: 'x', start, invitee: invitee(i) } })));
    expect(statusCounts(results)).to.deep.equal({ '201': 3, '409 slot_unavailable': 17 });
    const n = await server.deps.db('booking_hosts').where({ user_id: h.user.id, active: true }).count('* as n').first();
    expect(n).to.deep.equal({ n: 3 });
  });

  it('reschedule racing a booking of the target slot: exactly one wins, nothing half-moved', async () => {
    const h = await createHost(call, 'race-4');
    await createEventType(call, h.token, { slug: 'x', maxDaysAhead: 800 });
    for (let round = 0; round < 5; round++) {
      const from = at(`${String(9 + round).padStart(2, '0')}:00`, 2);
      const to = at(`${String(9 + round).padStart(2, '0')}:30`, 2);
      const made = await call('POST', '/api/meetings/schedule', { body: { user: 'race-4', eventType: 'x', start: from, invitee: invitee() } });
      expect(made.status).to.equal(201);
      const [moved, booked] = await Promise.all([
        call('POST', `/api/meetings/${made.body.id}/reschedule`, { token: h.token, body: { start: to } }),
        call('POST', '/api/meetings/schedule', { body: { user: 'race-4', eventType: 'x', start: to, invitee: invitee(2) } }),
      ]);
      // Exactly one wins; the loser gets 409 slot_unavailable.
      expect(moved.status === 200 ? booked.status : moved.status).to.equal(409);
      expect(moved.status === 200 || booked.status === 201).to.equal(true);
      const booking = await server.deps.db('bookings').where({ id: made.body.id }).first();
      const hostRows = await server.deps.db('booking_hosts').where({ booking_id: made.body.id }).select(server.deps.db.raw('lower(busy) AS s, active'));
      expect(hostRows).to.have.length(1);
      expect(hostRows[0].active).to.equal(true);
      const expected = moved.status === 200 ? to : from;
      expect(new Date(booking.start_at).toISOString()).to.equal(new Date(expected).toISOString());
      expect(new Date(hostRows[0].s).toISOString()).to.equal(new Date(expected).toISOString());
      const live = await server.deps.db('booking_hosts as bh').join('bookings as b', 'b.id', 'bh.booking_id').where({ 'bh.user_id': h.user.id, 'bh.active': true, 'b.start_at': new Date(to) }).count('* as n').first();
      expect(live).to.deep.equal({ n: 1 });
    }
  });

  it('parallel approvals of two pending requests for one slot: one scheduled, the other 409', async () => {
    const h = await createHost(call, 'race-5');
    await createEventType(call, h.token, { slug: 'x', requiresApproval: true, pendingHoldsSlot: false, maxDaysAhead: 800 });
    for (let round = 0; round < 5; round++) {
      const start = at(`${String(9 + round).padStart(2, '0')}:00`, 3);
      const a = await call('POST', '/api/meetings/schedule', { body: { user: 'race-5', eventType: 'x', start, invitee: invitee(1) } });
      const b = await call('POST', '/api/meetings/schedule', { body: { user: 'race-5', eventType: 'x', start, invitee: invitee(2) } });
      expect([a.body.status, b.body.status]).to.deep.equal(['pending', 'pending']);
      const results = await Promise.all([a, b].map((m) => call('POST', `/api/meetings/${m.body.id}/approve`, { token: h.token })));
      expect(results.map((r) => r.status).sort()).to.deep.equal([200, 409]);
      expect(results.find((r) => r.status === 409)!.body.code).to.equal('slot_unavailable');
      const statuses = (await server.deps.db('bookings').whereIn('id', [a.body.id, b.body.id]).select('status')).map((r: any) => r.status).sort();
      expect(statuses).to.deep.equal(['pending', 'scheduled']);
    }
  });

  it('round robin under 30 parallel bookings of different slots keeps every host within its daily limit', async () => {
    const lead = await createHost(call, 'rr-lead');
    await createHost(call, 'rr-m1');
    await createHost(call, 'rr-m2');
    const team = await call('POST', '/api/teams', { token: lead.token, body: { slug: 'rr-race', name: 'RR', members: [{ username: 'rr-m1' }, { username: 'rr-m2' }] } });
    expect(team.status).to.equal(201);
    await createEventType(call, lead.token, { slug: 'rr', teamSlug: 'rr-race', kind: 'round_robin', durationMinutes: 15, dailyLimit: 4, maxDaysAhead: 800 });
    const starts = Array.from({ length: 30 }, (_, i) => at(`${String(9 + Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`, 4));
    const results = await Promise.all(starts.map((start, i) => call('POST', '/api/meetings/schedule', { body: { team: 'rr-race', eventType: 'rr', start, invitee: invitee(i) } })));
    expect(statusCounts(results)).to.deep.equal({ '201': 12, '409 slot_unavailable': 18 });
    const perHost = await server.deps.db('booking_hosts as bh').join('users as u', 'u.id', 'bh.user_id').whereIn('u.username', ['rr-lead', 'rr-m1', 'rr-m2']).where('bh.active', true).groupBy('u.username').select('u.username').count('* as n');
    expect(perHost.map((r: any) => Number(r.n))).to.deep.equal([4, 4, 4]);
  });
});
