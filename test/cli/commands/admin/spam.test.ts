import { expect } from 'chai';
import AdminBlocklist from '../../../../cli/commands/admin/blocklist/index.js';
import AdminBlocklistAdd from '../../../../cli/commands/admin/blocklist/add.js';
import AdminBlocklistRemove from '../../../../cli/commands/admin/blocklist/remove.js';
import AdminSpam from '../../../../cli/commands/admin/spam.js';
import { fakeApi, parseError, runWith } from '../harness.js';

const entry = (over: Record<string, unknown> = {}) => ({ id: '3f2a9c1e-0000-4000-8000-000000000001', kind: 'network', value: '203.0.113.50/32', ownerUserId: null, reason: 'automatic: 11 attempts from this address in 60 s (limit 10)', automatic: true, expiresAt: '2026-11-24T09:00:00.000Z', createdAt: '2026-11-24T08:00:00.000Z', ...over });

describe('cli/commands/admin (blocklist, spam)', () => {
  it('admin blocklist lists the global list, --own the caller’s, --all with expired bans', async () => {
    const api = fakeApi({ 'GET /api/admin/blocklist': { entries: [entry()] }, 'GET /api/blocklist': { entries: [] } });
    const { stdout } = await runWith(AdminBlocklist, ['--all', '--tz', 'UTC'], api);
    expect(api.calls[0]!.query).to.deep.include({ all: 'true' });
    expect(stdout).to.match(/3f2a9c1e/).and.match(/203\.0\.113\.50\/32/).and.match(/\(automatic\)/);
    const own = await runWith(AdminBlocklist, ['--own', '--tz', 'UTC'], api);
    expect(api.calls[1]!.path).to.equal('/api/blocklist');
    expect(own.stdout).to.include('empty');
  });

  it('admin blocklist add posts kind, value, reason and expiry; refuses an unknown kind', async () => {
    const api = fakeApi({ 'POST /api/admin/blocklist': entry({ kind: 'domain', value: 'spammy.example', automatic: false }) });
    const { stdout } = await runWith(AdminBlocklistAdd, ['domain', 'spammy.example', '--reason', 'complaints', '--until', '2026-12-31T00:00:00Z', '--tz', 'UTC'], api);
    expect(api.calls[0]!.body).to.deep.equal({ kind: 'domain', value: 'spammy.example', reason: 'complaints', expiresAt: '2026-12-31T00:00:00Z' });
    expect(stdout).to.include('Blocked domain spammy.example');
    expect((await parseError(AdminBlocklistAdd, ['phone', '123'])).exit).to.equal(2);
  });

  it('admin blocklist remove resolves a short id and deletes it', async () => {
    const api = fakeApi({ 'GET /api/admin/blocklist': { entries: [entry()] }, 'DELETE /api/admin/blocklist/3f2a9c1e-0000-4000-8000-000000000001': undefined });
    const { stdout } = await runWith(AdminBlocklistRemove, ['3f2a9c1e', '--tz', 'UTC'], api);
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).to.deep.equal(['GET /api/admin/blocklist', 'DELETE /api/admin/blocklist/3f2a9c1e-0000-4000-8000-000000000001']);
    expect(stdout).to.include('Removed');
  });

  it('admin spam shows each decision with its reasons and appeal', async () => {
    const api = fakeApi({ 'GET /api/admin/spam/decisions': { decisions: [{ id: '7', at: '2026-11-24T08:00:00.000Z', decision: 'block', reasons: [{ code: 'disposable_domain', detail: 'mailinator.com is a disposable-address provider' }], email: 'x@mailinator.com', address: '198.51.100.8', network: '198.51.100.0/24', source: 'api', eventTypeId: null, bookingId: null, appeal: { message: 'real person', at: '2026-11-24T08:05:00.000Z' } }], nextCursor: null } });
    const { stdout } = await runWith(AdminSpam, ['--decision', 'block', '--tz', 'UTC'], api);
    expect(api.calls[0]!.query).to.deep.include({ decision: 'block', limit: 50 });
    expect(stdout).to.match(/block/).and.match(/disposable-address provider/).and.match(/appeal: real person/);
  });
});
