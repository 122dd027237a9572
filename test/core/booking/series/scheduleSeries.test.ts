import { expect } from 'chai';
import { createBookingService } from '../../../../core/booking/index.js';
import { usingPostgres } from '../../../helpers/db.js';
import { expectCode, invitee, setUpBookingWorld, type BookingWorld } from '../helpers.js';

/** bob (Europe/Berlin, Mon–Fri 09–17) offers "sync" (30 min) and allows series of up to 8. */
async function seriesWorld(): Promise<BookingWorld> {
  const world = await setUpBookingWorld();
  await world.scheduling.createEventType(world.users.bob, { slug: 'sync', title: 'Sync', durationMinutes: 30, allowsSeries: true, seriesMaxOccurrences: 8 });
  return world;
}

const sixWeeks = { user: 'bob', eventType: 'sync', start: '2026-12-01T09:00:00Z', invitee: invitee('Gil', 'gil@x.org', 'Europe/Berlin'), recurrence: { frequency: 'weekly' as const, count: 6 } };

describe('scheduleSeries', () => {
  let world: BookingWorld;
  beforeEach(async function () {
    this.timeout(120_000); // the first test starts the shared database
    world = await seriesWorld();
    // Week 4 (Tue 2026-12-22 10:00 Berlin) is already taken.
    await world.booking.scheduleBooking({ user: 'bob', eventType: 'sync', start: '2026-12-22T09:00:00Z', invitee: invitee('Other', 'o@x.org') });
  });

  it('refuses a 6-week series whole when week 4 is taken, naming week 4, and books nothing', async () => {
    const before = await world.db('bookings').count<{ count: string }[]>('* as count');
    const error = await expectCode(world.booking.scheduleSeries(sixWeeks), 'slot_unavailable');
    expect(error.message).to.include('Week 4, 2026-12-22 10:00 Europe/Berlin is taken');
    expect(error.message).to.include('nothing was booked');
    expect(error.details.reason).to.equal('series_conflict');
    expect(error.details.conflicts).to.deep.equal([{ index: 4, label: 'week 4', start: '2026-12-22T09:00:00.000Z', end: '2026-12-22T09:30:00.000Z', local: '2026-12-22 10:00 Europe/Berlin', reason: 'taken' }]);
    expect(await world.db('bookings').count<{ count: string }[]>('* as count')).to.deep.equal(before);
    expect(await world.db('booking_series')).to.have.length(0);
  });

  it('books 5 of 6 when partial is accepted and lists week 4 as the conflict', async () => {
    const result = await world.booking.scheduleSeries({ ...sixWeeks, allowPartial: true });
    expect(result.occurrences.map((o) => o.index)).to.deep.equal([1, 2, 3, 5, 6]);
    expect(result.occurrences.map((o) => o.booking.start)).to.deep.equal(['2026-12-01T09:00:00.000Z', '2026-12-08T09:00:00.000Z', '2026-12-15T09:00:00.000Z', '2026-12-29T09:00:00.000Z', '2027-01-05T09:00:00.000Z']);
    expect(result.conflicts.map((c) => [c.index, c.reason])).to.deep.equal([[4, 'taken']]);
    expect(result.series).to.include({ rrule: 'FREQ=WEEKLY;INTERVAL=1;COUNT=6', timezone: 'Europe/Berlin', frequency: 'weekly', count: 6 });
    expect(new Set(result.occurrences.map((o) => o.manageToken)).size).to.equal(5);
    const rows = await world.db('bookings').where({ series_id: result.series.id }).where({ status: 'scheduled' });
    expect(rows).to.have.length(5);
    // Every occurrence was reported (calendar writes), marked as part of the series; the series once.
    expect(world.changes.filter((c) => c.seriesId === result.series.id && c.type === 'created')).to.have.length(5);
  });

  it('refuses with allowPartial too when no meeting of the series is free', async () => {
    await world.booking.scheduleBooking({ user: 'bob', eventType: 'sync', start: '2026-12-29T09:00:00Z', invitee: invitee('Other', 'o@x.org') });
    const error = await expectCode(world.booking.scheduleSeries({ ...sixWeeks, start: '2026-12-22T09:00:00Z', recurrence: { frequency: 'weekly', count: 2 }, allowPartial: true }), 'slot_unavailable');
    expect(error.message).to.include('none of the meetings is free');
  });

  it('refuses event types that do not allow series, and more meetings than the event type allows', async () => {
    const notAllowed = await expectCode(world.booking.scheduleSeries({ ...sixWeeks, user: 'ada', eventType: 'intro' }), 'validation_failed');
    expect(notAllowed.message).to.include('does not allow series');
    const tooMany = await expectCode(world.booking.scheduleSeries({ ...sixWeeks, recurrence: { frequency: 'weekly', count: 9 } }), 'validation_failed');
    expect(tooMany.message).to.equal('recurrence.count: count must be from 2 to 8');
    await expectCode(world.booking.scheduleSeries({ ...sixWeeks, recurrence: { frequency: 'weekly', until: '2027-12-31' } }), 'validation_failed');
  });

  it('refuses a series whose end date leaves a single meeting, naming recurrence.until', async () => {
    const one = await expectCode(world.booking.scheduleSeries({ ...sixWeeks, recurrence: { frequency: 'weekly', until: '2026-12-01' } }), 'validation_failed');
    expect(one.message).to.match(/^recurrence\.until: a series has at least 2 meetings/);
    expect(await world.db('booking_series')).to.have.length(0);
  });

  it('keeps 10:00 Berlin across the spring DST change (every 2 weeks)', async () => {
    const result = await world.booking.scheduleSeries({ ...sixWeeks, start: '2027-03-16T09:00:00Z', recurrence: { frequency: 'weekly', interval: 2, count: 3 } });
    expect(result.occurrences.map((o) => o.booking.start)).to.deep.equal(['2027-03-16T09:00:00.000Z', '2027-03-30T08:00:00.000Z', '2027-04-13T08:00:00.000Z']);
  });

  it('parallel series for the same weeks: the database lets exactly one through', async function () {
    this.timeout(60_000);
    const attempts = usingPostgres() ? 8 : 3;
    const services = Array.from({ length: attempts }, () => createBookingService({ db: world.db, clock: world.clock }));
    const results = await Promise.allSettled(services.map((s, i) => s.scheduleSeries({ ...sixWeeks, start: '2027-01-12T09:00:00Z', recurrence: { frequency: 'weekly', count: 4 }, invitee: invitee(`P${i}`, `p${i}@x.org`) })));
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { code: string }).code).to.equal('slot_unavailable');
    const booked = await world.db('bookings').whereNotNull('series_id').where('start_at', '>=', new Date('2027-01-12T00:00:00Z'));
    expect(booked).to.have.length(4);
  });
});

describe('scheduleSeries for a host whose working hours are in another zone than their profile', () => {
  let world: BookingWorld;
  let alice: string;
  // alice's profile says Kolkata; she works Mondays and Tuesdays 09–17 New York time.
  beforeEach(async function () {
    this.timeout(120_000);
    world = await setUpBookingWorld();
    [{ id: alice }] = await world.db('users').insert({ email: 'alice@x.org', username: 'alice', name: 'ALICE', password_hash: 'x', timezone: 'Asia/Kolkata' }).returning('id');
    const weekly = (['mon', 'tue'] as const).map((day) => ({ day, start: '09:00', end: '17:00' }));
    await world.scheduling.saveSchedule(alice, { timezone: 'America/New_York', weekly });
    await world.scheduling.createEventType(alice, { slug: 'sync', title: 'Sync', durationMinutes: 30, allowsSeries: true });
  });

  // Mondays 16:00 New York from 1 March 2027; the US clocks go forward on 14 March.
  const series = { user: 'alice', eventType: 'sync', start: '2027-03-01T21:00:00Z', invitee: invitee('Gil', 'gil@x.org', 'Europe/Berlin'), recurrence: { frequency: 'weekly' as const, count: 4 }, allowPartial: true };

  it('repeats 16:00 in the zone of her working hours across the DST change, not in her profile zone', async () => {
    const result = await world.booking.scheduleSeries(series);
    expect(result.conflicts).to.deep.equal([]);
    expect(result.occurrences.map((o) => o.booking.start)).to.deep.equal(['2027-03-01T21:00:00.000Z', '2027-03-08T21:00:00.000Z', '2027-03-15T20:00:00.000Z', '2027-03-22T20:00:00.000Z']);
    expect(result.series).to.include({ rrule: 'FREQ=WEEKLY;INTERVAL=1;COUNT=4', timezone: 'America/New_York' });
  });

  it('names refused meetings in that zone', async () => {
    await world.booking.scheduleBooking({ user: 'alice', eventType: 'sync', start: '2027-03-15T20:00:00Z', invitee: invitee('Other', 'o@x.org') });
    const result = await world.booking.scheduleSeries(series);
    expect(result.conflicts.map((c) => c.local)).to.deep.equal(['2027-03-15 16:00 America/New_York']);
  });

  it('moves "this and following" by local day and time in that zone', async () => {
    const { occurrences } = await world.booking.scheduleSeries(series);
    // Week 2 to Tuesday 15:00 New York: weeks 3 and 4 follow to Tuesdays 15:00 New York (daylight time).
    const moved = await world.booking.rescheduleSeries(occurrences[1]!.booking.id, { start: '2027-03-09T20:00:00Z', scope: 'following' }, { userId: alice });
    expect(moved.series.occurrences.map((o) => o.start)).to.deep.equal(['2027-03-01T21:00:00.000Z', '2027-03-09T20:00:00.000Z', '2027-03-16T19:00:00.000Z', '2027-03-23T19:00:00.000Z']);
  });
});
