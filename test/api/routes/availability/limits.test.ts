import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, expectProblem } from '../../../helpers/scheduling.js';

describe('weekly meeting limits and first-time approval over HTTP', () => {
  let server: RunningServer;
  let call: ApiCall;

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer({ clock: createFixedClock('2026-11-24T10:00:00Z') });
    call = apiClient(server.url);
  });
  after(() => server.close());

  it('PATCH /api/me sets and clears weeklyMeetingLimit; the booking page then refuses with limit_reached', async () => {
    const h = await createHost(call, 'wk-host');
    const res = await call('PATCH', '/api/me', { token: h.token, body: { weeklyMeetingLimit: 1 } });
    expect(res.status, res.text).to.equal(200);
    expect(res.body.weeklyMeetingLimit).to.equal(1);
    expectProblem(await call('PATCH', '/api/me', { token: h.token, body: { weeklyMeetingLimit: 0 } }), 400, 'validation_failed');
    await createEventType(call, h.token, { slug: 'one' });
    await createEventType(call, h.token, { slug: 'two' });
    const book = (eventType: string, start: string) => call('POST', '/api/meetings/schedule', { body: { user: 'wk-host', eventType, start, invitee: { name: 'I', email: 'i@x.org', timezone: 'UTC' } } });
    expect((await book('one', '2026-11-25T09:00:00Z')).status).to.equal(201);
    const refused = await book('two', '2026-11-26T09:00:00Z');
    expectProblem(refused, 409, 'slot_unavailable');
    expect(refused.body.details.reason).to.equal('limit_reached');
    expect((await call('PATCH', '/api/me', { token: h.token, body: { weeklyMeetingLimit: null } })).body.weeklyMeetingLimit).to.equal(null);
    expect((await book('two', '2026-11-26T09:00:00Z')).status).to.equal(201);
  });

  it('an event type takes requiresApprovalForNewInvitees; a first-time invitee waits for approval', async () => {
    const h = await createHost(call, 'ft-host');
    const et = await createEventType(call, h.token, { slug: 'first', requiresApprovalForNewInvitees: true });
    expect(et).to.include({ requiresApproval: false, requiresApprovalForNewInvitees: true });
    const made = await call('POST', '/api/meetings/schedule', { body: { user: 'ft-host', eventType: 'first', start: '2026-11-25T09:00:00Z', invitee: { name: 'I', email: 'new@x.org', timezone: 'UTC' } } });
    expect(made.body.status).to.equal('pending');
    const patched = await call('PATCH', `/api/event-types/${et.id}`, { token: h.token, body: { requiresApprovalForNewInvitees: false } });
    expect(patched.body.requiresApprovalForNewInvitees).to.equal(false);
  });
});
