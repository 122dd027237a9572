import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost, expectProblem, invitee } from '../../../helpers/scheduling.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';

describe('meeting versions: ETag and If-Match (GET/PATCH /api/meetings/:id and its actions)', () => {
  // Tuesday 24 Nov 2026, 08:00 UTC.
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  let slot = 0;

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    host = await createHost(call, 'vera', { timezone: 'UTC' });
    await createEventType(call, host.token, { slug: 'chat' });
  });
  after(async () => {
    await server?.close();
  });

  async function book() {
    slot += 1;
    const start = `2026-11-25T${String(8 + slot).padStart(2, '0')}:00:00Z`;
    const res = await call('POST', '/api/meetings/schedule', { body: { user: 'vera', eventType: 'chat', start, invitee: invitee(slot) } });
    expect(res.status, res.text).to.equal(201);
    return res.body as { id: string; version: number; manageToken: string };
  }

  it('answers a meeting with its version as the ETag, and bumps it on every change', async () => {
    const m = await book();
    const first = await call('GET', `/api/meetings/${m.id}`, { token: host.token });
    expect(first.headers.get('etag')).to.equal(`"${first.body.version}"`);
    const noted = await call('PATCH', `/api/meetings/${m.id}`, { token: host.token, body: { hostNotes: 'Bring the contract' } });
    expect(noted.status, noted.text).to.equal(200);
    expect(noted.body.hostNotes).to.equal('Bring the contract');
    expect(noted.body.version).to.equal(first.body.version + 1);
    expect(noted.headers.get('etag')).to.equal(`"${noted.body.version}"`);
    const asInvitee = await call('GET', `/api/meetings/${m.id}?token=${m.manageToken}`);
    expect(asInvitee.body, 'invitees never see the hosts\u2019 notes').not.to.have.property('hostNotes');
  });

  it('acts with the current version in If-Match, and answers 412 with the current state for an old one', async () => {
    const m = await book();
    const v = (await call('GET', `/api/meetings/${m.id}`, { token: host.token })).body.version as number;
    await call('PATCH', `/api/meetings/${m.id}`, { token: host.token, body: { hostNotes: 'changed elsewhere' }, headers: { 'if-match': `"${v}"` } });
    const stale = await call('POST', `/api/meetings/${m.id}/cancel`, { token: host.token, body: { reason: 'offline' }, headers: { 'if-match': `"${v}"` } });
    expectProblem(stale, 412, 'precondition_failed');
    expect(stale.body.details.current).to.deep.equal({ status: 'scheduled', version: v + 1 });
    expect((await call('GET', `/api/meetings/${m.id}`, { token: host.token })).body.status, 'nothing was overwritten').to.equal('scheduled');
    const fresh = await call('POST', `/api/meetings/${m.id}/cancel`, { token: host.token, body: {}, headers: { 'if-match': `W/"${v + 1}"` } });
    expect(fresh.status, fresh.text).to.equal(200);
    expect(fresh.body.status).to.equal('canceled');
  });

  it('checks If-Match on a reschedule by the invitee too, and refuses a malformed one', async () => {
    const m = await book();
    const stale = await call('POST', `/api/meetings/${m.id}/reschedule?token=${m.manageToken}`, { body: { start: '2026-11-26T10:00:00Z' }, headers: { 'if-match': `"${m.version + 5}"` } });
    expectProblem(stale, 412, 'precondition_failed');
    expectProblem(await call('POST', `/api/meetings/${m.id}/cancel`, { token: host.token, body: {}, headers: { 'if-match': 'yesterday' } }), 400, 'validation_failed');
    const ok = await call('POST', `/api/meetings/${m.id}/reschedule?token=${m.manageToken}`, { body: { start: '2026-11-26T10:00:00Z' }, headers: { 'if-match': '*' } });
    expect(ok.status, ok.text).to.equal(200);
  });

  it('lets only hosts write notes', async () => {
    const m = await book();
    expectProblem(await call('PATCH', `/api/meetings/${m.id}?token=${m.manageToken}`, { body: { hostNotes: 'x' } }), 401, 'unauthorized');
  });
});
