import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, type ApiCall, startTestServer } from '../../../helpers/server.js';
import { createEventType, createHost } from '../../../helpers/scheduling.js';

describe('time zones typed in another case are kept as the tz database spells them', function () {
  this.timeout(120_000);
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T08:00:00Z');

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
  });
  after(() => server?.close());

  it('on registration, settings, working hours and an invitee’s booking', async () => {
    const host = await createHost(call, 'zed', { timezone: 'europe/berlin' });
    expect(host.user.timezone).to.equal('Europe/Berlin');
    const schedule = await call('GET', '/api/availability/schedule', { token: host.token });
    expect(schedule.body.timezone).to.equal('Europe/Berlin');
    const me = await call('PATCH', '/api/me', { token: host.token, body: { timezone: 'america/new_york' } });
    expect(me.status, me.text).to.equal(200);
    expect(me.body.timezone).to.equal('America/New_York');

    await createEventType(call, host.token, { slug: 'chat' });
    const booked = await call('POST', '/api/meetings/schedule', { body: { user: 'zed', eventType: 'chat', start: '2026-11-25T09:00:00Z', invitee: { name: 'Ira', email: 'ira@example.org', timezone: 'ASIA/KOLKATA' } } });
    expect(booked.status, booked.text).to.equal(201);
    const stored = await server.deps.db('booking_attendees').where({ email: 'ira@example.org' }).first('timezone');
    expect(stored.timezone).to.equal('Asia/Kolkata');
  });
});
