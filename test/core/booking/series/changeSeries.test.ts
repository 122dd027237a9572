import { expect } from 'chai';
import { createBookingService } from '../../../../core/booking/index.js';
import { createDatabase } from '../../../../core/db/knex.js';
import { testDatabaseUrl, usingPostgres } from '../../../helpers/db.js';
import type { SeriesChange } from '../../../../core/notify/types.js';
import { expectCode, invitee, setUpBookingWorld, type BookingWorld } from '../helpers.js';

describe('cancelSeries and rescheduleSeries', () => {
  let world: BookingWorld;
  let ids: string[];
  let token: string;
  const host = () => ({ userId: world.users.bob });
  const activeBusy = async () => (await world.db('booking_hosts').whereIn('booking_id', ids).where({ active: true })).length;

  beforeEach(async function () {
    this.timeout(120_000); // the first test starts the shared database
    world = await setUpBookingWorld();
    await world.scheduling.createEventType(world.users.bob, { slug: 'sync', title: 'Sync', durationMinutes: 30, allowsSeries: true });
    const result = await world.booking.scheduleSeries({ user: 'bob', eventType: 'sync', start: '2026-12-01T09:00:00Z', invitee: invitee('Gil', 'gil@x.org'), recurrence: { frequency: 'weekly', count: 6 } });
    ids = result.occurrences.map((o) => o.booking.id);
    token = result.occurrences[2]!.manageToken;
    world.changes.length = 0;
  });

  it('cancelling the series cancels every occurrence, frees every slot and reports each one', async () => {
    const result = await world.booking.cancelSeries(ids[3]!, { scope: 'series', reason: 'project over' }, host());
    expect(result.changed.map((b) => b.status)).to.deep.equal(Array(6).fill('canceled'));
    expect(result.series.occurrences.every((o) => o.status === 'canceled')).to.equal(true);
    expect(await activeBusy()).to.equal(0);
    expect(world.changes.filter((c) => c.type === 'canceled').map((c) => c.bookingId).sort()).to.deep.equal([...ids].sort());
  });

  it('"this and following" from week 3 with the invitee\'s token leaves weeks 1–2', async () => {
    const result = await world.booking.cancelSeries(ids[2]!, { scope: 'following' }, { manageToken: token });
    expect(result.changed).to.have.length(4);
    expect(result.series.occurrences.map((o) => o.status)).to.deep.equal(['scheduled', 'scheduled', 'canceled', 'canceled', 'canceled', 'canceled']);
    expect(await activeBusy()).to.equal(2);
    // Calendar writes, webhooks and the in-app feed hear of each meeting as canceled, never as moved.
    expect(world.changes.map((c) => c.type)).to.deep.equal(Array(4).fill('canceled'));
  });

  it('one occurrence is cancelled like any meeting; the rest of the series stays', async () => {
    await world.booking.cancelBooking(ids[1]!, {}, host());
    const series = await world.booking.getSeriesOf(ids[0]!, host());
    expect(series.occurrences.map((o) => o.status)).to.deep.equal(['scheduled', 'canceled', 'scheduled', 'scheduled', 'scheduled', 'scheduled']);
  });

  it('moves "this and following" by the same local day and time, all or nothing', async () => {
    // Week 5 moved to Wednesday 15:00 Berlin would collide with this booking.
    await world.booking.scheduleBooking({ user: 'bob', eventType: 'sync', start: '2026-12-30T14:00:00Z', invitee: invitee('O', 'o@x.org') });
    const refused = await expectCode(world.booking.rescheduleSeries(ids[3]!, { start: '2026-12-23T14:00:00Z', scope: 'following' }, host()), 'slot_unavailable');
    expect(refused.message).to.include('2026-12-30 15:00 Europe/Berlin is taken');
    expect((await world.booking.getSeriesOf(ids[0]!, host())).occurrences.map((o) => o.start)[3]).to.equal('2026-12-22T09:00:00.000Z');
    expect(await activeBusy()).to.equal(6);
    const result = await world.booking.rescheduleSeries(ids[4]!, { start: '2026-12-30T10:00:00Z', scope: 'following' }, host());
    expect(result.series.occurrences.map((o) => o.start)).to.deep.equal(['2026-12-01T09:00:00.000Z', '2026-12-08T09:00:00.000Z', '2026-12-15T09:00:00.000Z', '2026-12-22T09:00:00.000Z', '2026-12-30T10:00:00.000Z', '2027-01-06T10:00:00.000Z']);
    expect(result.series.occurrences[4]!.recurrenceStart).to.equal('2026-12-29T09:00:00.000Z');
  });

  it('moves "this and following" one week later onto the slots its own later meetings leave', async () => {
    // Every new start is where the next meeting of the series is now: they all move together.
    const result = await world.booking.rescheduleSeries(ids[0]!, { start: '2026-12-08T09:00:00Z', scope: 'following' }, host());
    expect(result.series.occurrences.map((o) => o.start)).to.deep.equal(['2026-12-08T09:00:00.000Z', '2026-12-15T09:00:00.000Z', '2026-12-22T09:00:00.000Z', '2026-12-29T09:00:00.000Z', '2027-01-05T09:00:00.000Z', '2027-01-12T09:00:00.000Z']);
    expect(await activeBusy()).to.equal(6);
    expect(world.changes.filter((c) => c.type === 'rescheduled')).to.have.length(6);
  });

  it("does not count the series' own moving meetings against a daily limit", async () => {
    await world.scheduling.createEventType(world.users.bob, { slug: 'daily', title: 'Daily', durationMinutes: 30, allowsSeries: true, dailyLimit: 1 });
    const series = await world.booking.scheduleSeries({ user: 'bob', eventType: 'daily', start: '2027-02-02T09:00:00Z', invitee: invitee('Gil', 'gil@x.org'), recurrence: { frequency: 'weekly', count: 3 } });
    const first = series.occurrences[0]!.booking.id;
    // Tuesday 10:00 → the next Tuesday 11:00, the day meeting 2 leaves (it moves a week on too).
    const result = await world.booking.rescheduleSeries(first, { start: '2027-02-09T10:00:00Z', scope: 'following' }, host());
    expect(result.series.occurrences.map((o) => o.start)).to.deep.equal(['2027-02-09T10:00:00.000Z', '2027-02-16T10:00:00.000Z', '2027-02-23T10:00:00.000Z']);
  });

  it("counts each moved meeting in the week it moves to, not the one it leaves (weekly limit)", async () => {
    await world.db('users').where({ id: world.users.bob }).update({ weekly_meeting_limit: 1 });
    await world.booking.cancelBooking(ids[1]!, {}, host());
    // Tuesdays 1, 15, 22, 29 Dec… (8 Dec canceled): from meeting 3 on, move to the Friday before.
    const moved = await world.booking.rescheduleSeries(ids[2]!, { start: '2026-12-11T09:00:00Z', scope: 'following' }, host());
    expect(moved.changed.map((b) => b.start)).to.deep.equal(['2026-12-11T09:00:00.000Z', '2026-12-18T09:00:00.000Z', '2026-12-25T09:00:00.000Z', '2027-01-01T09:00:00.000Z']);
  });

  it('names the real reason a meeting cannot move: a full day is limit_reached, not taken', async () => {
    await world.scheduling.createEventType(world.users.bob, { slug: 'daily', title: 'Daily', durationMinutes: 30, allowsSeries: true, dailyLimit: 1 });
    const series = await world.booking.scheduleSeries({ user: 'bob', eventType: 'daily', start: '2027-02-02T09:00:00Z', invitee: invitee('Gil', 'gil@x.org'), recurrence: { frequency: 'weekly', count: 2 } });
    await world.booking.scheduleBooking({ user: 'bob', eventType: 'daily', start: '2027-02-04T11:00:00Z', invitee: invitee('O', 'o@x.org') });
    const refused = await expectCode(world.booking.rescheduleSeries(series.occurrences[0]!.booking.id, { start: '2027-02-04T14:00:00Z', scope: 'following' }, host()), 'slot_unavailable');
    expect((refused.details.conflicts as Array<{ index: number; reason: string }>).map((c) => [c.index, c.reason])).to.deep.equal([[1, 'limit_reached']]);
    expect(refused.message).to.include('2027-02-04 15:00 Europe/Berlin falls on a full day (daily limit)');
  });

  it("names a meeting that cannot move at its time in the asker's zone: the host's, the invitee's, or the one the request gives", async () => {
    // The series repeats in Berlin (Bob's working hours); Bob now lives in New York, Gil in Kolkata.
    await world.db('schedules').insert({ user_id: world.users.bob, timezone: 'Europe/Berlin', is_default: true, weekly: JSON.stringify(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '09:00', end: '17:00' }))) });
    await world.db('users').where({ id: world.users.bob }).update({ timezone: 'America/New_York' });
    await world.db('booking_attendees').whereIn('booking_id', ids).update({ timezone: 'Asia/Kolkata' });
    // Meeting 5 moved with meeting 3 to Wednesdays 15:00 Berlin would collide with this booking.
    await world.booking.scheduleBooking({ user: 'bob', eventType: 'sync', start: '2026-12-30T14:00:00Z', invitee: invitee('O', 'o@x.org') });
    const move = (actor: { userId?: string; manageToken?: string }, timezone?: string) =>
      expectCode(world.booking.rescheduleSeries(ids[2]!, { start: '2026-12-16T14:00:00Z', scope: 'following', ...(timezone ? { timezone } : {}) }, actor), 'slot_unavailable');
    const local = (refused: { details: Record<string, unknown> }) => (refused.details.conflicts as Array<{ local: string }>).map((c) => c.local);

    const byHost = await move(host());
    expect(byHost.message).to.include('Meeting 5, 2026-12-30 09:00 America/New_York is taken');
    expect(local(byHost)).to.deep.equal(['2026-12-30 09:00 America/New_York']);
    const byInvitee = await move({ manageToken: token });
    expect(byInvitee.message).to.include('Meeting 5, 2026-12-30 19:30 Asia/Kolkata is taken');
    expect(local(byInvitee)).to.deep.equal(['2026-12-30 19:30 Asia/Kolkata']);
    const asked = await move({ manageToken: token }, 'australia/sydney');
    expect(local(asked)).to.deep.equal(['2026-12-31 01:00 Australia/Sydney']);
  });

  it('shifts every following meeting from its own rule time, not from where it was moved alone', async () => {
    // Meeting 3 (Tuesday 15 December 10:00 Berlin) alone to Wednesday 14:00.
    await world.booking.rescheduleBooking(ids[2]!, { start: '2026-12-16T13:00:00Z' }, host());
    // Meeting 1 alone to Wednesday 2 December 11:00: the move below still means "from Tuesdays 10:00".
    await world.booking.rescheduleBooking(ids[0]!, { start: '2026-12-02T10:00:00Z' }, host());
    // From Tuesdays 10:00 to Thursdays 15:00: meeting 3 lands on Thursday 17 December 15:00 too.
    const result = await world.booking.rescheduleSeries(ids[0]!, { start: '2026-12-03T14:00:00Z', scope: 'following' }, host());
    expect(result.series.occurrences.map((o) => o.start)).to.deep.equal(['2026-12-03T14:00:00.000Z', '2026-12-10T14:00:00.000Z', '2026-12-17T14:00:00.000Z', '2026-12-24T14:00:00.000Z', '2026-12-31T14:00:00.000Z', '2027-01-07T14:00:00.000Z']);
  });

  describe('once some meetings are over (Wednesday 9 December: meetings 1 and 2 took place)', () => {
    beforeEach(() => world.clock.set('2026-12-09T12:00:00Z'));

    it('cancelling the series cancels only the meetings not yet over; the series stays for the past ones', async () => {
      const told: SeriesChange[] = [];
      const service = createBookingService({ db: world.db, clock: world.clock, notifier: { ...world.notifier, seriesChanged: async (_trx, c) => void told.push(c) } });
      const result = await service.cancelSeries(ids[3]!, { scope: 'series' }, host());
      expect(result.series.occurrences.map((o) => o.status)).to.deep.equal(['scheduled', 'scheduled', 'canceled', 'canceled', 'canceled', 'canceled']);
      expect(result.changed.map((b) => b.id)).to.deep.equal(ids.slice(2));
      // Not a CANCEL of the whole series: the meetings that took place stay in everyone's calendar.
      expect(told.map((c) => [c.type, c.bookingIds])).to.deep.equal([['meetings_canceled', ids.slice(2)]]);
    });

    it('"this and following" from a meeting that is over cancels the later ones not yet over', async () => {
      const result = await world.booking.cancelSeries(ids[0]!, { scope: 'following' }, host());
      expect(result.series.occurrences.map((o) => o.status)).to.deep.equal(['scheduled', 'scheduled', 'canceled', 'canceled', 'canceled', 'canceled']);
    });

    it('refuses to move a meeting that is over, alone or with the following ones', async () => {
      for (const scope of ['this', 'following'] as const) {
        const error = await expectCode(world.booking.rescheduleSeries(ids[1]!, { start: '2026-12-17T09:00:00Z', scope }, host()), 'invalid_transition');
        expect(error.message).to.match(/meeting is over/);
      }
      expect((await world.booking.getSeriesOf(ids[0]!, host())).occurrences[1]!.start).to.equal('2026-12-08T09:00:00.000Z');
    });
  });

  it('series changes racing single ones on other connections never deadlock nor move a meeting after its cancel (PostgreSQL)', async function () {
    if (!usingPostgres()) this.skip();
    this.timeout(60_000);
    const pool = await createDatabase({ databaseUrl: await testDatabaseUrl(), poolMax: 8 });
    try {
      const booking = createBookingService({ db: pool.knex, clock: world.clock, notifier: world.notifier });
      const outcome = (work: Promise<unknown>) => work.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));
      const results = await Promise.all([
        outcome(booking.rescheduleSeries(ids[2]!, { start: '2026-12-16T09:00:00Z', scope: 'following' }, host())),
        outcome(booking.cancelSeries(ids[4]!, { scope: 'following' }, host())),
        outcome(booking.cancelBooking(ids[3]!, {}, host())),
        outcome(booking.rescheduleBooking(ids[5]!, { start: '2027-01-06T10:00:00Z' }, host())),
        outcome(booking.rescheduleSeries(ids[1]!, { start: '2026-12-08T13:00:00Z', scope: 'this' }, host())),
      ]);
      for (const r of results) expect(['ok', 'invalid_transition', 'slot_unavailable', 'precondition_failed'], JSON.stringify(results)).to.include(r);
      // Whatever order they ran in, nothing moved a meeting once it was canceled.
      const history: Array<{ booking_id: string; to_status: string; details: unknown }> = await world.db('booking_status_history').whereIn('booking_id', ids).orderBy('id');
      for (const id of ids) {
        const rows = history.filter((h) => h.booking_id === id);
        const canceledAt = rows.findIndex((h) => h.to_status === 'canceled');
        if (canceledAt >= 0) expect(rows.slice(canceledAt + 1), `changes after the cancel of ${id}`).to.deep.equal([]);
      }
    } finally {
      await pool.close();
    }
  });

  it('refuses series scopes for a meeting that is not part of a series', async () => {
    const single = await world.booking.scheduleBooking({ user: 'bob', eventType: 'sync', start: '2026-12-02T09:00:00Z', invitee: invitee() });
    const error = await expectCode(world.booking.cancelSeries(single.booking.id, { scope: 'series' }, host()), 'validation_failed');
    expect(error.message).to.include('not part of a series');
  });
});
