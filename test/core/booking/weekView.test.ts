import { expect } from 'chai';
import { createFixedClock } from '../../../core/clock.js';
import type { RunningServer } from '../../../server/compose.js';
import { resetTestDb } from '../../helpers/db.js';
import { createEventType, createHost } from '../../helpers/scheduling.js';
import { apiClient, startTestServer } from '../../helpers/server.js';

describe('getWeekView and getBusyHeatmap (core/booking/weekView)', () => {
  // Friday 23 Oct 2026: Berlin falls back from CEST to CET on Sunday 25 Oct.
  const clock = createFixedClock('2026-10-23T06:00:00Z');
  let server: RunningServer;
  let userId: string;

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    const call = apiClient(server.url);
    const weekly = ['mon', 'tue', 'wed', 'thu', 'fri', 'sun'].map((day) => ({ day, start: '09:00', end: '17:00' }));
    const host = await createHost(call, 'wanda', { timezone: 'Europe/Berlin', weekly });
    userId = host.user.id;
    await createEventType(call, host.token, { slug: 'chat', durationMinutes: 60 });
    // 10:00–11:00 Berlin on Friday (CEST, UTC+2) and on Monday 26 Oct (CET, UTC+1).
    for (const start of ['2026-10-23T08:00:00Z', '2026-10-26T09:00:00Z']) {
      const res = await call('POST', '/api/meetings/schedule', { body: { user: 'wanda', eventType: 'chat', start, invitee: { name: 'Ian', email: 'ian@example.org', timezone: 'UTC' } } });
      expect(res.status, res.text).to.equal(201);
    }
  });
  after(async () => {
    await server?.close();
  });

  it('lays out seven local days with each day\u2019s meetings and the working time around them, across a DST change', async () => {
    const week = await server.deps.services.booking.getWeekView(userId, { from: '2026-10-23', timezone: 'Europe/Berlin' });
    expect(week.days.map((d) => d.date)).to.deep.equal(['2026-10-23', '2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29']);
    const [friday, saturday, sunday, monday] = week.days;
    expect(friday!.meetings.map((m) => m.start)).to.deep.equal(['2026-10-23T08:00:00.000Z']);
    expect(friday!.free).to.deep.equal([
      { start: '2026-10-23T07:00:00.000Z', end: '2026-10-23T08:00:00.000Z' },
      { start: '2026-10-23T09:00:00.000Z', end: '2026-10-23T15:00:00.000Z' },
    ]);
    expect(saturday!.free).to.deep.equal([]);
    // The 25-hour Sunday still works 09:00–17:00 local, now at UTC+1.
    expect(sunday!.free).to.deep.equal([{ start: '2026-10-25T08:00:00.000Z', end: '2026-10-25T16:00:00.000Z' }]);
    expect(monday!.free[0]).to.deep.equal({ start: '2026-10-26T08:00:00.000Z', end: '2026-10-26T09:00:00.000Z' });
  });

  it('shows as free only what could still be booked: not the past, not the time a calendar holds', async () => {
    const { db } = server.deps;
    // Friday 12:30 Berlin; a synced calendar holds Tuesday 27 Oct 10:00–11:30 Berlin (CET).
    clock.set('2026-10-23T10:30:00Z');
    await db('external_busy').insert({ user_id: userId, source: 'google', external_id: 'dentist', busy: db.raw("tstzrange('2026-10-27T09:00:00Z', '2026-10-27T10:30:00Z')") });
    try {
      const week = await server.deps.services.booking.getWeekView(userId, { from: '2026-10-23', timezone: 'Europe/Berlin' });
      const [friday, , , , tuesday] = week.days;
      expect(friday!.free, 'the morning is over').to.deep.equal([{ start: '2026-10-23T10:30:00.000Z', end: '2026-10-23T15:00:00.000Z' }]);
      expect(tuesday!.free).to.deep.equal([
        { start: '2026-10-27T08:00:00.000Z', end: '2026-10-27T09:00:00.000Z' },
        { start: '2026-10-27T10:30:00.000Z', end: '2026-10-27T16:00:00.000Z' },
      ]);
      expect(tuesday!.calendarBusy).to.deep.equal([{ start: '2026-10-27T09:00:00.000Z', end: '2026-10-27T10:30:00.000Z' }]);
      expect(friday!.calendarBusy).to.deep.equal([]);
    } finally {
      clock.set('2026-10-23T06:00:00Z');
      await db('external_busy').where({ external_id: 'dentist' }).delete();
    }
  });

  it('counts busy and free working minutes by local weekday and hour', async () => {
    const map = await server.deps.services.booking.getBusyHeatmap(userId, { timezone: 'Europe/Berlin' });
    // Four weeks from 9 Oct to 5 Nov. Both meetings are 10:00–11:00 local: one Friday (index 4) and one Monday (index 0).
    expect([map.from, map.to]).to.deep.equal(['2026-10-09', '2026-11-05']);
    expect(map.cells[4]![10]).to.deep.equal({ busyMinutes: 60, freeMinutes: 180 });
    expect(map.cells[0]![10]!.busyMinutes).to.equal(60);
    expect(map.cells[5]![10], 'Saturday is off').to.deep.equal({ busyMinutes: 0, freeMinutes: 0 });
    expect(map.cells[2]![9]!.freeMinutes, 'four Wednesdays, 60 free minutes each').to.equal(240);
  });
});
