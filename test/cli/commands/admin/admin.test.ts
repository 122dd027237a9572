import { expect } from 'chai';
import AdminAudit from '../../../../cli/commands/admin/audit.js';
import AdminMeetingsCancel from '../../../../cli/commands/admin/meetings/cancel.js';
import AdminMeetings from '../../../../cli/commands/admin/meetings/index.js';
import AdminOutbox from '../../../../cli/commands/admin/outbox/index.js';
import AdminOutboxRetry from '../../../../cli/commands/admin/outbox/retry.js';
import AdminUsers from '../../../../cli/commands/admin/users/index.js';
import AdminUsersRestore from '../../../../cli/commands/admin/users/restore.js';
import AdminUsersRole from '../../../../cli/commands/admin/users/role.js';
import AdminUsersSuspend from '../../../../cli/commands/admin/users/suspend.js';
import AdminUsersUnthrottle from '../../../../cli/commands/admin/users/unthrottle.js';
import { fakeApi, parseError, runWith } from '../harness.js';

const user = (over: Record<string, unknown> = {}) => ({ id: 'u1', email: 'ivo@example.com', username: 'ivo', name: 'Ivo', role: 'user', timezone: 'UTC', createdAt: '2026-11-01T10:00:00Z', suspendedAt: null, suspendedReason: null, ...over });

describe('cli/commands/admin (users, meetings, audit, outbox)', () => {
  it('admin users searches with the filters and prints a table', async () => {
    const api = fakeApi({ 'GET /api/admin/users': { users: [user({ suspendedAt: '2026-11-02T00:00:00Z', suspendedReason: 'spam' })], nextCursor: null } });
    const { stdout } = await runWith(AdminUsers, ['--search', 'iv', '--status', 'suspended', '--tz', 'UTC'], api);
    expect(api.calls[0]!.query).to.deep.include({ q: 'iv', status: 'suspended', limit: 50 });
    expect(stdout).to.match(/ivo@example\.com/).and.match(/suspended: spam/);
  });

  it('admin users suspend needs --reason and posts it', async () => {
    expect((await parseError(AdminUsersSuspend, ['ivo'])).message).to.match(/reason/);
    const api = fakeApi({ 'POST /api/admin/users/ivo%40example.com/suspend': user({ suspendedAt: '2026-11-02T00:00:00Z' }) });
    const { stdout } = await runWith(AdminUsersSuspend, ['ivo@example.com', '--reason', 'Spam', '--tz', 'UTC'], api);
    expect(api.calls[0]!.body).to.deep.equal({ reason: 'Spam' });
    expect(stdout).to.include('Suspended ivo');
  });

  it('admin users restore, role and unthrottle call their routes', async () => {
    const api = fakeApi({
      'POST /api/admin/users/ivo/restore': user(),
      'PUT /api/admin/users/ivo/role': user({ role: 'admin' }),
      'POST /api/admin/users/ivo/reset-throttle': { user: user(), address: '203.0.113.7', cleared: 2 },
    });
    await runWith(AdminUsersRestore, ['ivo', '--tz', 'UTC'], api);
    const role = await runWith(AdminUsersRole, ['ivo', 'admin', '--tz', 'UTC'], api);
    const un = await runWith(AdminUsersUnthrottle, ['ivo', '--address', '203.0.113.7', '--tz', 'UTC'], api);
    expect(api.calls.map((c) => c.body)).to.deep.equal([{}, { role: 'admin' }, { address: '203.0.113.7' }]);
    expect(role.stdout).to.include('now an admin');
    expect(un.stdout).to.include('Cleared 2 throttle entries');
    expect((await parseError(AdminUsersRole, ['ivo', 'root'])).exit).to.equal(2);
  });

  it('admin meetings turns --from/--to days in --tz into instants', async () => {
    const api = fakeApi({ 'GET /api/admin/meetings': { meetings: [{ id: '9b2c5f0e-aaaa', title: 'Intro', status: 'no_show', start: '2026-11-25T09:00:00Z', end: '2026-11-25T09:30:00Z', eventType: 'intro', hosts: [{ username: 'hela', email: 'h@x' }], attendees: [{ name: 'Ann', email: 'ann@example.org' }], canceledBy: null, cancelReason: null }], nextCursor: null } });
    const { stdout } = await runWith(AdminMeetings, ['--person', 'ann', '--status', 'no_show', '--from', '2026-11-01', '--to', '2026-11-30', '--tz', 'Europe/Berlin'], api);
    expect(api.calls[0]!.query).to.deep.include({ person: 'ann', status: 'no_show', from: '2026-10-31T23:00:00.000Z', to: '2026-11-30T23:00:00.000Z' });
    expect(stdout).to.match(/9b2c5f0e/).and.match(/no_show/).and.match(/ann@example\.org/);
  });

  it('admin meetings cancel posts the reason', async () => {
    const api = fakeApi({ 'POST /api/admin/meetings/9b2c5f0e/cancel': { id: '9b2c5f0e-aaaa', title: 'Intro', status: 'canceled', start: '2026-11-25T09:00:00Z', canceledBy: 'admin:root', cancelReason: 'Spam' } });
    await runWith(AdminMeetingsCancel, ['9b2c5f0e', '--reason', 'Spam', '--tz', 'UTC'], api);
    expect(api.calls[0]!.body).to.deep.equal({ reason: 'Spam' });
  });

  it('admin audit filters and shows who, what, when and from where', async () => {
    const api = fakeApi({ 'GET /api/admin/audit': { entries: [{ id: '1', at: '2026-11-24T08:00:00Z', actor: 'admin:root', action: 'user.suspend', targetType: 'user', targetId: 'abcdef0123', details: { email: 'ivo@example.com', reason: 'Spam' }, ip: '127.0.0.1' }], nextCursor: null } });
    const { stdout } = await runWith(AdminAudit, ['--action', 'user.', '--actor', 'root', '--tz', 'UTC'], api);
    expect(api.calls[0]!.query).to.deep.include({ action: 'user.', actor: 'root' });
    expect(stdout).to.match(/admin:root/).and.match(/user\.suspend/).and.match(/127\.0\.0\.1/).and.match(/reason=Spam/);
  });

  it('admin outbox lists from the admin API with ids, and retry re-queues one', async () => {
    const message = { id: 'f00d0000-0000-4000-8000-000000000001', channel: 'email', status: 'dead', attempts: 8, maxAttempts: 8, nextAttemptAt: '2026-11-24T08:00:00Z', lastError: 'SMTP 554', to: 'a@x', subject: 'Hi', createdAt: '2026-11-24T08:00:00Z' };
    const api = fakeApi({ 'GET /api/admin/outbox': { messages: [message] }, [`POST /api/admin/outbox/${message.id}/retry`]: { id: message.id, status: 'pending', previousStatus: 'dead' } });
    const list = await runWith(AdminOutbox, ['--status', 'dead', '--tz', 'UTC'], api);
    expect(list.stdout).to.include(message.id);
    const retry = await runWith(AdminOutboxRetry, [message.id, '--tz', 'UTC'], api);
    expect(retry.stdout).to.include('was dead');
  });
});
