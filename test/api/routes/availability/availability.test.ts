import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, expectProblem, invitee } from '../../../helpers/scheduling.js';

describe('availability API', () => {
  let server: RunningServer;
  let call: ApiCall;
  // Tuesday 2026-11-24, 10:00 UTC.
  const clock = createFixedClock('2026-11-24T10:00:00Z');

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
  });
  after(() => server.close());

  describe('GET/PUT /api/availability/schedule', () => {
    it('gives a user without a schedule Mon–Fri 09:00–17:00 in their zone', async () => {
      const s = await registerUser(call, { timezone: 'Asia/Tokyo' });
      const res = await call('GET', '/api/availability/schedule', { token: s.accessToken });
      expect(res.status).to.equal(200);
      expect(res.body.timezone).to.equal('Asia/Tokyo');
      expect(res.body.saved).to.equal(false);
      expect(res.body.weekly).to.have.length(5);
      expect(res.body.weekly[0]).to.deep.equal({ day: 'mon', start: '09:00', end: '17:00' });
    });

    it('saves weekly hours and overrides (empty intervals = day off) and reads them back', async () => {
      const s = await registerUser(call);
      const body = { timezone: 'Europe/Berlin', weekly: [{ day: 'mon', start: '08:00', end: '12:00' }, { day: 'mon', start: '13:00', end: '18:00' }], overrides: [{ date: '2026-12-24', intervals: [] }] };
      expect((await call('PUT', '/api/availability/schedule', { token: s.accessToken, body })).status).to.equal(200);
      const res = await call('GET', '/api/availability/schedule', { token: s.accessToken });
      expect(res.body).to.deep.include({ ...body, saved: true });
      // Saving again replaces it.
      await call('PUT', '/api/availability/schedule', { token: s.accessToken, body: { ...body, weekly: [{ day: 'tue', start: '10:00', end: '11:00' }] } });
      expect((await call('GET', '/api/availability/schedule', { token: s.accessToken })).body.weekly).to.deep.equal([{ day: 'tue', start: '10:00', end: '11:00' }]);
    });

    it('rejects bad input with validation_failed and needs a token', async () => {
      const s = await registerUser(call);
      expectProblem(await call('PUT', '/api/availability/schedule', { token: s.accessToken, body: { timezone: 'Mars/Base', weekly: [] } }), 400, 'validation_failed');
      expectProblem(await call('PUT', '/api/availability/schedule', { token: s.accessToken, body: { timezone: 'UTC', weekly: [{ day: 'mon', start: '12:00', end: '09:00' }] } }), 400, 'validation_failed');
      expectProblem(await call('PUT', '/api/availability/schedule', { token: s.accessToken, body: { timezone: 'UTC', weekly: [{ day: 'someday', start: '9:00', end: '10:00' }] } }), 400, 'validation_failed');
      expectProblem(await call('GET', '/api/availability/schedule'), 401, 'unauthorized');
    });
  });

  describe('PATCH /api/me', () => {
    it('updates zone, name and the daily meeting limit', async () => {
      const s = await registerUser(call);
      const res = await call('PATCH', '/api/me', { token: s.accessToken, body: { timezone: 'America/New_York', name: 'New Name', dailyMeetingLimit: 4 } });
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ timezone: 'America/New_York', name: 'New Name', dailyMeetingLimit: 4 });
      expect((await call('PATCH', '/api/me', { token: s.accessToken, body: { dailyMeetingLimit: null } })).body.dailyMeetingLimit).to.equal(null);
      expectProblem(await call('PATCH', '/api/me', { token: s.accessToken, body: { timezone: 'Nowhere/City' } }), 400, 'validation_failed');
      expectProblem(await call('PATCH', '/api/me', { token: s.accessToken, body: { dailyMeetingLimit: 0 } }), 400, 'validation_failed');
    });
  });

  describe('GET /api/availability', () => {
    let host: Awaited<ReturnType<typeof createHost>>;
    before(async () => {
      host = await createHost(call, 'avail-host', { timezone: 'Europe/Berlin' });
      await createEventType(call, host.token, { slug: 'intro', durationMinutes: 60, minimumNoticeMinutes: 0 });
      await createEventType(call, host.token, { slug: 'hidden', durationMinutes: 30, isPublic: false });
      await createEventType(call, host.token, { slug: 'buffered', durationMinutes: 30, bufferBeforeMinutes: 15, bufferAfterMinutes: 15, slotStepMinutes: 15, minimumNoticeMinutes: 24 * 60 });
    });

    it('lists public slots without a token, as UTC instants, in the host zone by default', async () => {
      const res = await call('GET', '/api/availability?user=avail-host&eventType=intro&from=2026-11-25&to=2026-11-25');
      expect(res.status).to.equal(200);
      expect(res.body.timezone).to.equal('Europe/Berlin');
      // 09:00–17:00 CET = 08:00Z–16:00Z: eight one-hour slots.
      expect(res.body.slots).to.have.length(8);
      expect(res.body.slots[0]).to.include({ start: '2026-11-25T08:00:00.000Z', end: '2026-11-25T09:00:00.000Z' });
      expect(res.body.slots[7].start).to.equal('2026-11-25T15:00:00.000Z');
    });

    it('reads from/to in the asked zone and defaults to a week from today', async () => {
      const tokyo = await call('GET', '/api/availability?user=avail-host&eventType=intro&from=2026-11-26&to=2026-11-26&timezone=Asia/Tokyo');
      expect(tokyo.body.timezone).to.equal('Asia/Tokyo');
      // Tokyo's 26th = 2026-11-25T15:00Z … 2026-11-26T15:00Z: Wed 15:00Z plus Thu 08:00Z–14:00Z.
      expect(tokyo.body.slots.map((s: any) => s.start)[0]).to.equal('2026-11-25T15:00:00.000Z');
      expect(tokyo.body.slots).to.have.length(1 + 7);
      const week = await call('GET', '/api/availability?user=avail-host&eventType=intro');
      expect(week.status).to.equal(200);
      // Today (Tue, after 10:00Z = 11:00 Berlin: 11..16 → 6 slots), Wed–Fri (24), Mon (8): 38.
      expect(week.body.slots).to.have.length(6 + 24 + 8);
    });

    it('applies notice, buffers and step', async () => {
      const res = await call('GET', '/api/availability?user=avail-host&eventType=buffered&from=2026-11-24&to=2026-11-25');
      // Notice of 24 h: nothing before 2026-11-25T10:00Z.
      expect(res.body.slots[0].start).to.equal('2026-11-25T10:00:00.000Z');
      expect(res.body.slots[1].start).to.equal('2026-11-25T10:15:00.000Z');
    });

    it('hides non-public event types from others but not from the host', async () => {
      expectProblem(await call('GET', '/api/availability?user=avail-host&eventType=hidden'), 404, 'event_type_not_found');
      expect((await call('GET', '/api/availability?user=avail-host&eventType=hidden', { token: host.token })).status).to.equal(200);
    });

    it('answers unknown users and event types with 404, bad queries with 400', async () => {
      expectProblem(await call('GET', '/api/availability?user=nobody&eventType=intro'), 404, 'user_not_found');
      expectProblem(await call('GET', '/api/availability?user=avail-host&eventType=nope'), 404, 'event_type_not_found');
      expectProblem(await call('GET', '/api/availability?team=nope&eventType=intro'), 404, 'team_not_found');
      expectProblem(await call('GET', '/api/availability?user=avail-host'), 400, 'validation_failed');
      expectProblem(await call('GET', '/api/availability?user=avail-host&eventType=intro&from=2026-11-30&to=2026-11-01'), 400, 'validation_failed');
      expectProblem(await call('GET', '/api/availability?user=avail-host&eventType=intro&from=2026-11-01&to=2027-02-01'), 400, 'validation_failed');
      expectProblem(await call('GET', '/api/availability?user=avail-host&eventType=intro&timezone=Moon/Base'), 400, 'validation_failed');
      expectProblem(await call('GET', '/api/availability?user=avail-host&eventType=intro&from=2026-02-30'), 400, 'validation_failed');
    });

    it('removes booked time and external busy blocks', async () => {
      const booked = await call('POST', '/api/meetings/schedule', { body: { user: 'avail-host', eventType: 'intro', start: '2026-11-26T09:00:00Z', invitee: invitee() } });
      expect(booked.status).to.equal(201);
      const db = server.deps.db;
      await db('external_busy').insert({ user_id: host.user.id, source: 'google', external_id: 'e1', busy: db.raw("tstzrange('2026-11-26T12:30:00Z', '2026-11-26T13:10:00Z')") });
      const res = await call('GET', '/api/availability?user=avail-host&eventType=intro&from=2026-11-26&to=2026-11-26');
      const starts = res.body.slots.map((s: any) => s.start.slice(11, 16));
      expect(starts).to.deep.equal(['08:00', '10:00', '11:00', '14:00', '15:00']);
    });

    it('finds common free slots of several users (users=, durationMinutes, token required)', async () => {
      const a = await createHost(call, 'common-a', { timezone: 'UTC' });
      await createHost(call, 'common-b', { timezone: 'America/New_York' });
      const res = await call('GET', '/api/availability?users=common-a,common-b&durationMinutes=60&from=2026-11-25&to=2026-11-25&timezone=UTC', { token: a.token });
      expect(res.status, res.text).to.equal(200);
      // UTC 09–17 ∩ New York 09–17 (14:00Z–22:00Z) = 14:00Z–17:00Z.
      expect(res.body.slots.map((s: any) => s.start.slice(11, 16))).to.deep.equal(['14:00', '15:00', '16:00']);
      expectProblem(await call('GET', '/api/availability?users=common-a,common-b&durationMinutes=60'), 401, 'unauthorized');
      expectProblem(await call('GET', '/api/availability?users=common-a', { token: a.token }), 400, 'validation_failed');
    });
  });

  describe('DST', () => {
    let dstServer: RunningServer;
    let dstCall: ApiCall;
    before(async () => {
      dstServer = await startTestServer({ clock: createFixedClock('2026-03-20T10:00:00Z') });
      dstCall = apiClient(dstServer.url);
      const h = await createHost(dstCall, 'dst-host', {
        timezone: 'Europe/Berlin',
        weekly: [{ day: 'sun', start: '09:00', end: '12:00' }],
        overrides: [
          { date: '2026-03-29', intervals: [{ start: '00:00', end: '06:00' }, { start: '09:00', end: '12:00' }] },
          { date: '2026-10-25', intervals: [{ start: '00:00', end: '04:00' }] },
        ],
      });
      await createEventType(dstCall, h.token, { slug: 'hour', durationMinutes: 60, maxDaysAhead: 365 });
    });
    after(() => dstServer.close());

    it('spring forward (Berlin 2026-03-29): the missing hour has no slot, later hours shift by one', async () => {
      const res = await dstCall('GET', '/api/availability?user=dst-host&eventType=hour&from=2026-03-29&to=2026-03-29');
      expect(res.status).to.equal(200);
      expect(res.body.slots.map((s: any) => s.start)).to.deep.equal([
        '2026-03-28T23:00:00.000Z', // 00:00 CET
        '2026-03-29T00:00:00.000Z', // 01:00 CET
        '2026-03-29T01:00:00.000Z', // 03:00 CEST (02:00 does not exist)
        '2026-03-29T02:00:00.000Z',
        '2026-03-29T03:00:00.000Z', // 05:00 CEST
        '2026-03-29T07:00:00.000Z', // 09:00 CEST
        '2026-03-29T08:00:00.000Z',
        '2026-03-29T09:00:00.000Z',
      ]);
    });

    it('fall back (Berlin 2026-10-25): the repeated hour gives an extra slot', async () => {
      const res = await dstCall('GET', '/api/availability?user=dst-host&eventType=hour&from=2026-10-25&to=2026-10-25');
      // 00:00–04:00 local is 5 real hours: 22:00Z … 03:00Z.
      expect(res.body.slots.map((s: any) => s.start.slice(11, 16))).to.deep.equal(['22:00', '23:00', '00:00', '01:00', '02:00']);
    });

    it('books the slot after the gap and shows it in Berlin time', async () => {
      const res = await dstCall('POST', '/api/meetings/schedule', { body: { user: 'dst-host', eventType: 'hour', start: '2026-03-29T03:00:00+02:00', invitee: invitee() } });
      expect(res.status, res.text).to.equal(201);
      expect(res.body.start).to.equal('2026-03-29T01:00:00.000Z');
      const view = await dstCall('GET', `/api/meetings/${res.body.id}?token=${res.body.manageToken}&timezone=Europe/Berlin`);
      expect(view.body.local).to.deep.equal({ start: '2026-03-29T03:00:00+02:00', end: '2026-03-29T04:00:00+02:00', timezone: 'Europe/Berlin' });
    });
  });
});
