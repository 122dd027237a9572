import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import * as teamRoles from '../../../../migrations/20261201030000_team_roles.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, expectProblem } from '../../../helpers/scheduling.js';

describe('/api/teams: members, roles and the team schedule', () => {
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  let admin: Awaited<ReturnType<typeof createHost>>;
  let host: Awaited<ReturnType<typeof createHost>>;
  let guest: Awaited<ReturnType<typeof createHost>>;

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    admin = await createHost(call, 'tm-admin');
    host = await createHost(call, 'tm-host', { timezone: 'Europe/Berlin' });
    guest = await createHost(call, 'tm-guest');
    await createHost(call, 'tm-new');
    const res = await call('POST', '/api/teams', { token: admin.token, body: { slug: 'crew', name: 'Crew', members: [{ username: 'tm-host' }, { username: 'tm-guest', role: 'guest' }] } });
    expect(res.status, res.text).to.equal(201);
  });
  after(() => server.close());

  const roles = async () => (await call('GET', '/api/teams/crew', { token: admin.token })).body.members.map((m: any) => [m.username, m.role, m.priority, m.weight]);

  it('an admin adds a member, edits role, priority and weight, and removes them', async () => {
    const added = await call('POST', '/api/teams/crew/members', { token: admin.token, body: { username: 'tm-new', priority: 2 } });
    expect(added.status, added.text).to.equal(201);
    expect(await roles()).to.deep.include(['tm-new', 'host', 2, 100]);
    expectProblem(await call('POST', '/api/teams/crew/members', { token: admin.token, body: { username: 'tm-new' } }), 409, 'conflict');
    const patched = await call('PATCH', '/api/teams/crew/members/tm-new', { token: admin.token, body: { weight: 300, priority: -1 } });
    expect(patched.status, patched.text).to.equal(200);
    expect(await roles()).to.deep.include(['tm-new', 'host', -1, 300]);
    expectProblem(await call('PATCH', '/api/teams/crew/members/tm-new', { token: admin.token, body: { role: 'owner' } }), 400, 'validation_failed');
    expect((await call('DELETE', '/api/teams/crew/members/tm-new', { token: admin.token })).status).to.equal(204);
    expect((await roles()).map((r: string[]) => r[0])).to.not.include('tm-new');
    expectProblem(await call('DELETE', '/api/teams/crew/members/tm-new', { token: admin.token }), 404, 'not_found');
  });

  it('hosts and guests may not manage members (403); strangers do not see the team (404)', async () => {
    expectProblem(await call('PATCH', '/api/teams/crew/members/tm-guest', { token: host.token, body: { weight: 5 } }), 403, 'forbidden');
    expectProblem(await call('POST', '/api/teams/crew/members', { token: guest.token, body: { username: 'tm-new' } }), 403, 'forbidden');
    const stranger = await createHost(call, 'tm-stranger');
    expectProblem(await call('DELETE', '/api/teams/crew/members/tm-host', { token: stranger.token }), 404, 'team_not_found');
  });

  it('keeps at least one admin, and takes a member made guest off the event types they host', async () => {
    expectProblem(await call('PATCH', '/api/teams/crew/members/tm-admin', { token: admin.token, body: { role: 'host' } }), 400, 'validation_failed');
    const et = await createEventType(call, admin.token, { slug: 'desk', teamSlug: 'crew', kind: 'round_robin' });
    expect(et.hosts).to.have.members(['tm-admin', 'tm-host']);
    expect((await call('PATCH', '/api/teams/crew/members/tm-host', { token: admin.token, body: { role: 'guest' } })).status).to.equal(200);
    expect((await call('GET', `/api/event-types/${et.id}`, { token: admin.token })).body.hosts).to.deep.equal(['tm-admin']);
    // The last host of an event type cannot be made a guest.
    expect((await call('PATCH', '/api/teams/crew/members/tm-host', { token: admin.token, body: { role: 'admin' } })).status).to.equal(200);
    expectProblem(await call('PATCH', '/api/teams/crew/members/tm-admin', { token: admin.token, body: { role: 'guest' } }), 400, 'validation_failed');
    expect((await call('PATCH', '/api/teams/crew/members/tm-host', { token: admin.token, body: { role: 'host' } })).status).to.equal(200);
  });

  it("GET /api/teams/:slug/schedule lists each member's bookings, load and free time", async () => {
    await createEventType(call, admin.token, { slug: 'sync', teamSlug: 'crew', kind: 'collective', hosts: ['tm-admin', 'tm-host'] });
    const made = await call('POST', '/api/meetings/schedule', { body: { team: 'crew', eventType: 'sync', start: '2026-11-25T09:00:00Z', invitee: { name: 'I', email: 'i@x.org', timezone: 'UTC' } } });
    expect(made.status, made.text).to.equal(201);
    const res = await call('GET', '/api/teams/crew/schedule?from=2026-11-25&to=2026-11-25&timezone=UTC', { token: guest.token });
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.include({ team: 'crew', timezone: 'UTC', from: '2026-11-25', to: '2026-11-25' });
    const byName = Object.fromEntries(res.body.members.map((m: any) => [m.username, m]));
    expect(byName['tm-admin'].load).to.deep.equal({ meetings: 1, busyMinutes: 30 });
    expect(byName['tm-admin'].bookings[0]).to.include({ id: made.body.id, eventType: 'sync', status: 'scheduled' });
    expect(byName['tm-admin'].free).to.deep.equal([{ start: '2026-11-25T09:30:00.000Z', end: '2026-11-25T17:00:00.000Z' }]);
    // Berlin works 09–17 local: 08:00Z–16:00Z, minus the meeting.
    expect(byName['tm-host'].free).to.deep.equal([{ start: '2026-11-25T08:00:00.000Z', end: '2026-11-25T09:00:00.000Z' }, { start: '2026-11-25T09:30:00.000Z', end: '2026-11-25T16:00:00.000Z' }]);
    expect(byName['tm-guest']).to.deep.include({ role: 'guest', load: { meetings: 0, busyMinutes: 0 } });
    expectProblem(await call('GET', '/api/teams/crew/schedule?from=2026-11-25', { token: (await createHost(call, 'tm-out')).token }), 404, 'team_not_found');
    expectProblem(await call('GET', '/api/teams/crew/schedule?from=25.11.2026', { token: guest.token }), 400, 'validation_failed');
  });

  it('the role migration turns owners and admins into admins and members into hosts', async () => {
    const db = server.deps.db;
    await db.transaction(async (trx) => {
      await teamRoles.down(trx);
      const [team] = await trx('teams').insert({ slug: 'legacy', name: 'Legacy' }).returning('id');
      const users: Array<{ id: string; username: string }> = await trx('users').whereIn('username', ['tm-admin', 'tm-host', 'tm-guest']).select('id', 'username');
      const old: Record<string, string> = { 'tm-admin': 'owner', 'tm-host': 'member', 'tm-guest': 'admin' };
      await trx('team_members').insert(users.map((u) => ({ team_id: team.id, user_id: u.id, role: old[u.username] })));
      await teamRoles.up(trx);
      const rows: Array<{ username: string; role: string }> = await trx('team_members as m').join('users as u', 'u.id', 'm.user_id').where('m.team_id', team.id).orderBy('u.username').select('u.username', 'm.role');
      expect(rows).to.deep.equal([{ username: 'tm-admin', role: 'admin' }, { username: 'tm-guest', role: 'admin' }, { username: 'tm-host', role: 'host' }]);
      await trx.rollback();
    }).catch((e) => {
      if (!(e instanceof Error) || e.message !== 'Transaction rejected with non-error: undefined') throw e;
    });
  });
});
