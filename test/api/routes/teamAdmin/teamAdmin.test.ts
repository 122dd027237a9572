import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, expectProblem } from '../../../helpers/scheduling.js';

describe('pending requests in bulk and assigning team bookings', () => {
  let server: RunningServer;
  let call: ApiCall;
  type Host = Awaited<ReturnType<typeof createHost>>;
  let boss: Host, ann: Host, ben: Host, gil: Host;
  let n = 0;

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer({ clock: createFixedClock('2026-11-24T10:00:00Z') });
    call = apiClient(server.url);
    boss = await createHost(call, 'pa-boss');
    ann = await createHost(call, 'pa-ann');
    ben = await createHost(call, 'pa-ben', { weekly: [{ day: 'wed', start: '09:00', end: '12:00' }] });
    gil = await createHost(call, 'pa-gil');
    const team = await call('POST', '/api/teams', { token: boss.token, body: { slug: 'pa', name: 'PA', members: [{ username: 'pa-ann', priority: 5 }, { username: 'pa-ben' }, { username: 'pa-gil', role: 'guest' }] } });
    expect(team.status, team.text).to.equal(201);
    await createEventType(call, boss.token, { slug: 'ask', teamSlug: 'pa', kind: 'round_robin', hosts: ['pa-ann', 'pa-ben'], requiresApproval: true });
    await createEventType(call, boss.token, { slug: 'now', teamSlug: 'pa', kind: 'round_robin', hosts: ['pa-ann', 'pa-ben'] });
    await createEventType(call, ann.token, { slug: 'mine', requiresApproval: true });
  });
  after(() => server.close());

  async function book(target: { team?: string; user?: string }, eventType: string, start: string) {
    n++;
    const res = await call('POST', '/api/meetings/schedule', { body: { ...target, eventType, start, invitee: { name: `I${n}`, email: `i${n}@x.org`, timezone: 'UTC' } } });
    expect(res.status, res.text).to.equal(201);
    return res.body;
  }

  it('GET /api/requests/pending lists my requests, and to team admins the team’s', async () => {
    const teamReq = await book({ team: 'pa' }, 'ask', '2026-11-25T09:00:00Z');
    expect(teamReq.hosts.map((h: any) => h.username)).to.deep.equal(['pa-ann']);
    const own = await book({ user: 'pa-ann' }, 'mine', '2026-11-25T11:00:00Z');
    const forAnn = await call('GET', '/api/requests/pending', { token: ann.token });
    expect(forAnn.status, forAnn.text).to.equal(200);
    expect(forAnn.body.requests.map((r: any) => [r.id, r.team, r.mine])).to.deep.equal([[teamReq.id, 'pa', true], [own.id, null, true]]);
    const forBoss = await call('GET', '/api/requests/pending', { token: boss.token });
    expect(forBoss.body.requests.map((r: any) => [r.id, r.team, r.mine])).to.deep.equal([[teamReq.id, 'pa', false]]);
    // A host sees only their own; a guest sees none; nobody anonymous.
    expect((await call('GET', '/api/requests/pending', { token: ben.token })).body.requests).to.deep.equal([]);
    expect((await call('GET', '/api/requests/pending', { token: gil.token })).body.requests).to.deep.equal([]);
    expectProblem(await call('GET', '/api/requests/pending'), 401, 'unauthorized');
  });

  it('approves in bulk, reporting each id: done, not pending any more, unknown, not yours', async () => {
    const a = await book({ team: 'pa' }, 'ask', '2026-11-26T09:00:00Z');
    const b = await book({ team: 'pa' }, 'ask', '2026-11-26T10:00:00Z');
    const annOwn = await book({ user: 'pa-ann' }, 'mine', '2026-11-26T14:00:00Z');
    const res = await call('POST', '/api/requests/pending/approve', { token: boss.token, body: { ids: [a.id, a.id, b.id.slice(0, 8), '00000000-0000-4000-8000-000000000000', annOwn.id] } });
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.include({ succeeded: 2, failed: 2 });
    const byId = res.body.results.map((r: any) => [r.id, r.ok, r.ok ? r.meeting.status : r.error.code]);
    expect(byId).to.deep.equal([
      [a.id, true, 'scheduled'],
      [b.id.slice(0, 8), true, 'scheduled'],
      ['00000000-0000-4000-8000-000000000000', false, 'booking_not_found'],
      // A member's own meeting is not the team's: to the admin it is as unknown as a missing id.
      [annOwn.id, false, 'booking_not_found'],
    ]);
    const again = await call('POST', '/api/requests/pending/approve', { token: boss.token, body: { ids: [a.id] } });
    expect(again.body.results[0]).to.deep.include({ ok: false, error: { code: 'invalid_transition', message: 'A scheduled meeting cannot be approved' } });
    expectProblem(await call('POST', '/api/requests/pending/approve', { token: boss.token, body: { ids: [] } }), 400, 'validation_failed');
  });

  it('declines in bulk with a reason the invitee sees', async () => {
    const a = await book({ user: 'pa-ann' }, 'mine', '2026-11-27T09:00:00Z');
    const b = await book({ user: 'pa-ann' }, 'mine', '2026-11-27T10:00:00Z');
    const res = await call('POST', '/api/requests/pending/decline', { token: ann.token, body: { ids: [a.id, b.id], reason: 'Fully booked' } });
    expect(res.body.results.map((r: any) => [r.ok, r.meeting.status, r.meeting.cancelReason])).to.deep.equal([[true, 'rejected', 'Fully booked'], [true, 'rejected', 'Fully booked']]);
  });

  it('POST /api/meetings/:id/assign moves a booking to a free member and records why', async () => {
    const made = await book({ team: 'pa' }, 'now', '2026-11-25T10:00:00Z');
    expect(made.hosts.map((h: any) => h.username)).to.deep.equal(['pa-ann']);
    expect(made.assignmentReason).to.match(/^round robin: priority 5/);
    const res = await call('POST', `/api/meetings/${made.id}/assign`, { token: boss.token, body: { username: 'pa-ben', reason: 'Ben knows the customer' } });
    expect(res.status, res.text).to.equal(200);
    expect(res.body.hosts.map((h: any) => h.username)).to.deep.equal(['pa-ben']);
    expect(res.body.assignmentReason).to.equal('assigned to pa-ben by pa-boss: Ben knows the customer');
    expect(res.body.statusHistory.at(-1)).to.include({ actor: 'admin:pa-boss', reason: 'assigned from pa-ann to pa-ben: Ben knows the customer' });
    // The slot moved with it: ann is free again at 10:00, ben is not.
    const hosts = await server.deps.db('booking_hosts').where({ booking_id: made.id }).select('user_id', 'active');
    expect(hosts).to.deep.equal([{ user_id: ben.user.id, active: true }]);
    const next = await book({ team: 'pa' }, 'now', '2026-11-25T10:00:00Z');
    expect(next.hosts.map((h: any) => h.username)).to.deep.equal(['pa-ann']);
    // Back to ann is refused now: she is busy at 10:00.
    const busy = await call('POST', `/api/meetings/${made.id}/assign`, { token: boss.token, body: { username: 'pa-ann', reason: 'back' } });
    expectProblem(busy, 409, 'slot_unavailable');
    expect(busy.body.details.reason).to.equal('taken');
    // An assignment keeps the time: no other times are offered, and the member is named.
    expect(busy.body.details.alternatives).to.deep.equal([]);
    expect(busy.body.detail).to.equal('pa-ann cannot take this meeting: that time is already taken. Assign it to someone else, or reschedule it first.');
  });

  it("refuses an assignment outside the member's hours, to a guest, by a non-admin, and without a reason", async () => {
    const made = await book({ team: 'pa' }, 'now', '2026-11-26T15:00:00Z');
    const outside = await call('POST', `/api/meetings/${made.id}/assign`, { token: boss.token, body: { username: 'pa-ben', reason: 'x' } });
    expectProblem(outside, 409, 'slot_unavailable');
    expect(outside.body.details.reason).to.equal('outside_hours');
    expectProblem(await call('POST', `/api/meetings/${made.id}/assign`, { token: boss.token, body: { username: 'pa-gil', reason: 'x' } }), 400, 'validation_failed');
    expectProblem(await call('POST', `/api/meetings/${made.id}/assign`, { token: ann.token, body: { username: 'pa-ben', reason: 'x' } }), 403, 'forbidden');
    expectProblem(await call('POST', `/api/meetings/${made.id}/assign`, { token: boss.token, body: { username: 'pa-ben' } }), 400, 'validation_failed');
  });
});
