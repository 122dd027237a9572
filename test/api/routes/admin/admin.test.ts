import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

/** Every admin route with a body that would pass validation, so only the role decides. */
const ADMIN_ROUTES: Array<[string, string, unknown?]> = [
  ['GET', '/api/admin/users'],
  ['PUT', '/api/admin/users/someone/role', { role: 'admin' }],
  ['POST', '/api/admin/users/someone/suspend', { reason: 'spam' }],
  ['POST', '/api/admin/users/someone/restore', {}],
  ['POST', '/api/admin/users/someone/reset-throttle', {}],
  ['GET', '/api/admin/meetings'],
  ['POST', '/api/admin/meetings/00000000-0000-0000-0000-000000000000/cancel', { reason: 'x' }],
  ['GET', '/api/admin/event-types'],
  ['POST', '/api/admin/event-types/00000000-0000-0000-0000-000000000000/archive', {}],
  ['POST', '/api/admin/event-types/00000000-0000-0000-0000-000000000000/restore', {}],
  ['GET', '/api/admin/teams'],
  ['GET', '/api/admin/outbox'],
  ['POST', '/api/admin/outbox/00000000-0000-0000-0000-000000000000/retry', {}],
  ['GET', '/api/admin/audit'],
];

describe('/api/admin', () => {
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  let admin: Awaited<ReturnType<typeof registerUser>>;
  let hela: Awaited<ReturnType<typeof registerUser>>;
  let ivo: Awaited<ReturnType<typeof registerUser>>;
  const asAdmin = (method: string, path: string, body?: unknown) => call(method, path, { token: admin.accessToken, body, headers: { 'user-agent': 'admin-test/1.0', 'x-request-id': 'req-admin-1' } });
  const audit = async (query = '') => (await asAdmin('GET', `/api/admin/audit${query}`)).body.entries as Array<Record<string, any>>;

  before(async function () {
    this.timeout(400_000);
    await resetTestDb();
    server = await startTestServer({ clock, env: { LOGIN_MAX_FAILURES: '3' } });
    call = apiClient(server.url);
    admin = await registerUser(call, { name: 'Root', username: 'root' });
    hela = await registerUser(call, { name: 'Hela Host', username: 'hela', timezone: 'Europe/Berlin', email: 'hela@example.com' });
    ivo = await registerUser(call, { name: 'Ivo', username: 'ivo', email: 'ivo@example.com' });
    await server.deps.services.scheduling.createEventType(hela.user.id, { slug: 'intro', title: 'Intro', durationMinutes: 30 });
    const book = (start: string, email: string) => server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start, invitee: { name: email.split('@')[0]!, email, timezone: 'UTC' } });
    await book('2026-11-25T09:00:00Z', 'ann@example.org');
    await book('2026-11-26T09:00:00Z', 'bob@example.org');
    await book('2026-12-02T09:00:00Z', 'ann@example.org');
  });
  after(() => server.close());

  describe('a non-admin gets 403', () => {
    for (const [method, path, body] of ADMIN_ROUTES) {
      it(`${method} ${path.replace(/0{8}-[0-9-]+/, ':id')}`, async () => {
        const res = await call(method, path, { token: hela.accessToken, body });
        expect(res.status, res.text).to.equal(403);
        expect((await call(method, path, { body })).status).to.equal(401);
      });
    }
  });

  it('searches users by text, role and status', async () => {
    const all = await asAdmin('GET', '/api/admin/users');
    expect(all.body.users.map((u: { username: string }) => u.username)).to.deep.equal(['root', 'hela', 'ivo']);
    expect((await asAdmin('GET', '/api/admin/users?q=HEL')).body.users.map((u: { username: string }) => u.username)).to.deep.equal(['hela']);
    expect((await asAdmin('GET', '/api/admin/users?role=admin')).body.users.map((u: { username: string }) => u.username)).to.deep.equal(['root']);
    const page = await asAdmin('GET', '/api/admin/users?limit=2');
    expect(page.body.nextCursor).to.be.a('string');
    expect((await asAdmin('GET', `/api/admin/users?limit=2&cursor=${page.body.nextCursor}`)).body.users.map((u: { username: string }) => u.username)).to.deep.equal(['ivo']);
  });

  it('suspends an account (its tokens and logins stop) and restores it, each audited with who, when and from where', async () => {
    const res = await asAdmin('POST', '/api/admin/users/ivo@example.com/suspend', { reason: 'Spam invitations' });
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.include({ username: 'ivo', suspendedReason: 'Spam invitations', suspendedAt: '2026-11-24T08:00:00.000Z' });
    const me = await call('GET', '/api/me', { token: ivo.accessToken });
    expect(me.status, 'suspended, not "signed out"').to.equal(403);
    expect(me.body.detail).to.match(/suspended/);
    const refreshed = await call('POST', '/api/auth/refresh', { body: { refreshToken: ivo.refreshToken } });
    expect(refreshed.status).to.equal(403);
    expect(refreshed.body.detail).to.match(/suspended/);
    const login = await call('POST', '/api/auth/login', { body: { email: 'ivo@example.com', password: ivo.password } });
    expect(login.status).to.equal(403);
    expect(login.body.detail).to.match(/suspended/);
    expect((await asAdmin('GET', '/api/admin/users?status=suspended')).body.users.map((u: { username: string }) => u.username)).to.deep.equal(['ivo']);
    expect((await asAdmin('POST', '/api/admin/users/ivo/restore', {})).body.suspendedAt).to.equal(null);
    expect((await call('POST', '/api/auth/login', { body: { email: 'ivo@example.com', password: ivo.password } })).status).to.equal(200);
    const after = await call('POST', '/api/auth/refresh', { body: { refreshToken: ivo.refreshToken } });
    expect(after.status, 'the refresh token refused while suspended was not used up (nor taken for a replay)').to.equal(200);
    const [restore, suspend] = await audit('?target=' + ivo.user.id);
    expect(suspend).to.include({ action: 'user.suspend', actor: 'admin:root', actorUserId: admin.user.id, targetType: 'user', at: '2026-11-24T08:00:00.000Z', userAgent: 'admin-test/1.0', requestId: 'req-admin-1' });
    expect(suspend!.ip).to.match(/127\.0\.0\.1/);
    expect(suspend!.details).to.deep.equal({ email: 'ivo@example.com', reason: 'Spam invitations' });
    expect(restore).to.include({ action: 'user.restore' });
  });

  it('refuses to suspend oneself', async () => {
    expect((await asAdmin('POST', '/api/admin/users/root/suspend', { reason: 'oops' })).status).to.equal(409);
  });

  it('changes a role; the last admin keeps theirs', async () => {
    expect((await asAdmin('PUT', '/api/admin/users/root/role', { role: 'user' })).status).to.equal(409);
    const res = await asAdmin('PUT', '/api/admin/users/hela/role', { role: 'admin' });
    expect(res.body.role).to.equal('admin');
    expect((await asAdmin('PUT', '/api/admin/users/hela/role', { role: 'user' })).body.role).to.equal('user');
    const entries = await audit('?action=user.role');
    expect(entries.map((e) => e.details)).to.deep.equal([{ email: 'hela@example.com', from: 'admin', to: 'user' }, { email: 'hela@example.com', from: 'user', to: 'admin' }]);
    // The old token carried the old role: it is signed out, so Hela logs in again.
    hela = { ...hela, ...(await call('POST', '/api/auth/login', { body: { email: 'hela@example.com', password: hela.password } })).body };
    expect((await asAdmin('GET', '/api/admin/users/nobody@x.org/role')).status).to.equal(405);
  });

  it('resets the login throttle of a locked account', async () => {
    for (let i = 0; i < 3; i++) await call('POST', '/api/auth/login', { body: { email: 'ivo@example.com', password: 'wrong password 123' } });
    expect((await call('POST', '/api/auth/login', { body: { email: 'ivo@example.com', password: ivo.password } })).status).to.equal(429);
    const res = await asAdmin('POST', '/api/admin/users/ivo/reset-throttle', {});
    expect(res.body.cleared).to.be.greaterThan(0);
    expect((await call('POST', '/api/auth/login', { body: { email: 'ivo@example.com', password: ivo.password } })).status).to.equal(200);
    expect((await audit('?action=user.reset_throttle'))[0]!.details).to.include({ email: 'ivo@example.com', cleared: res.body.cleared });
  });

  it('searches meetings by person, status and range, and cancels one with a reason', async () => {
    const byAnn = await asAdmin('GET', '/api/admin/meetings?person=ann@');
    expect(byAnn.body.meetings.map((m: { start: string }) => m.start)).to.deep.equal(['2026-12-02T09:00:00.000Z', '2026-11-25T09:00:00.000Z']);
    const inRange = await asAdmin('GET', '/api/admin/meetings?person=hela&from=2026-11-26T00:00:00Z&to=2026-11-27T00:00:00Z');
    expect(inRange.body.meetings).to.have.length(1);
    const target = inRange.body.meetings[0];
    expect(target.hosts).to.deep.equal([{ username: 'hela', email: 'hela@example.com' }]);
    expect(target.attendees).to.deep.equal([{ name: 'bob', email: 'bob@example.org' }]);
    expect((await asAdmin('POST', `/api/admin/meetings/${target.id}/cancel`, {})).status).to.equal(400);
    const canceled = await asAdmin('POST', `/api/admin/meetings/${target.id}/cancel`, { reason: 'Reported as spam' });
    expect(canceled.status, canceled.text).to.equal(200);
    expect(canceled.body).to.include({ status: 'canceled', canceledBy: 'admin:root', cancelReason: 'Reported as spam' });
    expect((await asAdmin('GET', '/api/admin/meetings?status=canceled')).body.meetings.map((m: { id: string }) => m.id)).to.deep.equal([target.id]);
    expect((await asAdmin('GET', '/api/admin/meetings?status=scheduled,pending')).body.meetings).to.have.length(2);
    expect((await asAdmin('POST', `/api/admin/meetings/${target.id}/cancel`, { reason: 'again' })).status).to.equal(409);
    expect((await audit('?action=meeting.'))[0]).to.include({ action: 'meeting.cancel', targetId: target.id });
  });

  it('lists event types and teams, and archives an event type', async () => {
    await server.deps.services.scheduling.createTeam(hela.user.id, { slug: 'sales', name: 'Sales', members: [{ username: 'ivo', weight: 50 }] });
    const types = (await asAdmin('GET', '/api/admin/event-types?q=intro')).body.eventTypes;
    expect(types).to.have.length(1);
    expect(types[0]).to.include({ slug: 'intro', owner: 'hela', team: null, archived: false, bookings: 3 });
    const teams = (await asAdmin('GET', '/api/admin/teams')).body.teams;
    expect(teams.map((t: { slug: string }) => t.slug)).to.deep.equal(['sales']);
    expect(teams[0].members.map((m: { username: string }) => m.username)).to.include('ivo');
    expect((await asAdmin('POST', `/api/admin/event-types/${types[0].id}/archive`, {})).body.archived).to.equal(true);
    expect((await asAdmin('GET', '/api/admin/event-types?archived=false')).body.eventTypes).to.have.length(0);
    expect((await asAdmin('POST', `/api/admin/event-types/${types[0].id}/restore`, {})).body.archived).to.equal(false);
    expect((await audit('?action=event_type.')).map((e) => e.action)).to.deep.equal(['event_type.restore', 'event_type.archive']);
  });

  it('lists dead letters and puts one back in the queue', async () => {
    const [row] = await server.deps.db('outbox').insert({ channel: 'email', idempotency_key: 'admin:dead', payload: JSON.stringify({ to: 'a@example.com', subject: 'Lost?' }), status: 'dead', attempts: 8, max_attempts: 8, last_error: 'SMTP 554' }).returning('id');
    const dead = await asAdmin('GET', '/api/admin/outbox?status=dead');
    expect(dead.body.messages.map((m: { id: string }) => m.id)).to.deep.equal([row.id]);
    const res = await asAdmin('POST', `/api/admin/outbox/${row.id}/retry`, {});
    expect(res.body).to.deep.equal({ id: row.id, status: 'pending', previousStatus: 'dead' });
    const after = await server.deps.db('outbox').where({ id: row.id }).first();
    expect(after).to.include({ status: 'pending', attempts: 8, max_attempts: 16 });
    expect((await audit('?action=outbox.retry'))[0]!.details).to.include({ previousStatus: 'dead', lastError: 'SMTP 554' });
    const sent = (await server.deps.db('outbox').where({ status: 'sent' }).first('id')) ?? (await server.deps.db('outbox').insert({ channel: 'email', idempotency_key: 'admin:sent', payload: '{}', status: 'sent' }).returning('id'))[0];
    expect((await asAdmin('POST', `/api/admin/outbox/${sent.id}/retry`, {})).status).to.equal(409);
  });

  it('every admin change is in audit_log; reads are not; pages by cursor', async () => {
    const rows = await server.deps.db('audit_log').orderBy('id');
    expect(rows.map((r: { action: string }) => r.action)).to.deep.equal([
      'user.suspend', 'user.restore', 'user.role', 'user.role', 'user.reset_throttle', 'meeting.cancel', 'event_type.archive', 'event_type.restore', 'outbox.retry',
    ]);
    const first = await asAdmin('GET', '/api/admin/audit?limit=4');
    const second = await asAdmin('GET', `/api/admin/audit?limit=10&cursor=${first.body.nextCursor}`);
    expect([...first.body.entries, ...second.body.entries].map((e: { action: string }) => e.action).reverse()).to.deep.equal(rows.map((r: { action: string }) => r.action));
    expect((await asAdmin('GET', '/api/admin/audit?actor=root')).body.entries).to.have.length(rows.length);
    expect((await asAdmin('GET', '/api/admin/audit?actor=hela')).body.entries).to.have.length(0);
  });
});
