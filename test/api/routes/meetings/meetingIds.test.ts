import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, expectProblem, invitee } from '../../../helpers/scheduling.js';

describe('meetings API: ids people can type (unique prefixes)', () => {
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  const clock = createFixedClock('2026-11-24T10:00:00Z');

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    host = await createHost(call, 'pfhost', { timezone: 'UTC' });
    await createEventType(call, host.token, { slug: 'intro', durationMinutes: 30 });
  });
  after(() => server.close());

  it('GET /api/meetings/:id and the actions accept the first 8 characters of the id', async () => {
    const made = await call('POST', '/api/meetings/schedule', { body: { user: 'pfhost', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: invitee() } });
    expect(made.status, made.text).to.equal(201);
    const short = String(made.body.id).slice(0, 8);
    const shown = await call('GET', `/api/meetings/${short}`, { token: host.token });
    expect(shown.status, shown.text).to.equal(200);
    expect(shown.body.id).to.equal(made.body.id);
    const moved = await call('POST', `/api/meetings/${short}/reschedule?token=${made.body.manageToken}`, { body: { start: '2026-11-25T10:00:00Z' } });
    expect(moved.status, moved.text).to.equal(200);
    expect(moved.body).to.include({ id: made.body.id, start: '2026-11-25T10:00:00.000Z' });
    const canceled = await call('POST', `/api/meetings/${short}/cancel`, { token: host.token, body: { reason: 'typed it' } });
    expect(canceled.status, canceled.text).to.equal(200);
    expect(canceled.body).to.include({ id: made.body.id, status: 'canceled' });
    expectProblem(await call('GET', `/api/meetings/${short.slice(0, 7)}`, { token: host.token }), 404, 'booking_not_found');
  });

  it('answers an ambiguous prefix with 409 ambiguous_id naming the matches', async () => {
    const db = server.deps.db;
    const ids = ['5eed0000-0000-4000-8000-000000000001', '5eed0000-0000-4000-8000-000000000002'];
    for (const id of ids) {
      await db('bookings').insert({ id, title: 'Twin', start_at: new Date('2026-11-20T09:00:00Z'), end_at: new Date('2026-11-20T09:30:00Z'), status: 'scheduled', ical_uid: `${id}@yava` });
      await db('booking_hosts').insert({ booking_id: id, user_id: host.user.id, busy: db.raw("tstzrange('2026-11-20T09:00:00Z', '2026-11-20T09:30:00Z')"), active: false });
    }
    const res = await call('GET', '/api/meetings/5eed0000', { token: host.token });
    expectProblem(res, 409, 'ambiguous_id');
    expect(res.body.detail).to.equal('The id "5eed0000" matches 2 meetings; type more of it');
    expect(res.body.details).to.deep.equal({ prefix: '5eed0000', matches: ids });
    expectProblem(await call('POST', '/api/meetings/5eed0000/complete', { token: host.token }), 409, 'ambiguous_id');
    expect((await call('GET', '/api/meetings/5eed0000-0000-4000-8000-000000000002', { token: host.token })).body.id).to.equal(ids[1]);
  });
});
