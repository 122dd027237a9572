import { expect } from 'chai';
import type { Knex } from 'knex';
import { createFixedClock } from '../../../core/clock.js';
import { createBookingService, createSchedulingService, loadHostAvailability } from '../../../core/booking/index.js';
import { DomainError } from '../../../core/errors.js';
import type { BookingChange, BookingNotifier } from '../../../core/notify/types.js';
import { resetTestDb } from '../../helpers/db.js';

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(DomainError);
    expect((error as DomainError).code).to.equal(code);
    return;
  }
  expect.fail(`expected ${code}`);
}

describe('core/booking services and loader', () => {
  let db: Knex;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const changes: Array<BookingChange & { inTransaction: boolean }> = [];
  const notifier: BookingNotifier = {
    async bookingChanged(trx, change) {
      // Runs inside the booking's transaction: it sees the uncommitted row through trx.
      const row = await trx('bookings').where({ id: change.bookingId }).first('status');
      changes.push({ ...change, inTransaction: Boolean(row) && trx.isTransaction === true });
    },
  };
  let scheduling: ReturnType<typeof createSchedulingService>;
  let booking: ReturnType<typeof createBookingService>;
  const users: Record<string, string> = {};

  before(async () => {
    db = (await resetTestDb()).knex;
    scheduling = createSchedulingService({ db, clock });
    booking = createBookingService({ db, clock, notifier });
    for (const [username, timezone] of [['ada', 'UTC'], ['bob', 'Europe/Berlin'], ['cy', 'America/New_York']] as const) {
      const [row] = await db('users').insert({ email: `${username}@x.org`, username, name: username.toUpperCase(), password_hash: 'x', timezone }).returning('id');
      users[username] = row.id;
    }
    await scheduling.createEventType(users.ada!, { slug: 'intro', title: 'Intro', durationMinutes: 30, bufferBeforeMinutes: 5, bufferAfterMinutes: 10, dailyLimit: 5 });
  });

  describe('loadHostAvailability', () => {
    it('loads the default schedule, busy ranges widened by buffers, external busy, and limit starts', async () => {
      const made = await booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: { name: 'G', email: 'g@x.org', timezone: 'UTC' } });
      await db('external_busy').insert({ user_id: users.ada, source: 'google', external_id: 'e', busy: db.raw("tstzrange('2026-11-25T13:00:00Z', '2026-11-25T14:00:00Z')") });
      await db('external_busy').insert({ user_id: users.ada, source: 'google', external_id: 'far', busy: db.raw("tstzrange('2027-05-01T13:00:00Z', '2027-05-01T14:00:00Z')") });
      await db('users').where({ id: users.ada }).update({ daily_meeting_limit: 7 });
      const eventType = await db('event_types').where({ slug: 'intro' }).first();
      const [host] = await loadHostAvailability(db, {
        hostIds: [users.ada!],
        range: { start: Date.parse('2026-11-25T00:00:00Z'), end: Date.parse('2026-11-26T00:00:00Z') },
        eventTypeId: eventType.id,
        eventDailyLimit: 5,
      });
      expect(host!.availability.schedule.timezone).to.equal('UTC');
      expect(host!.availability.schedule.weekly).to.have.length(5);
      const busy = host!.availability.busy.map((b) => [new Date(b.start).toISOString(), new Date(b.end).toISOString()]).sort();
      expect(busy).to.deep.equal([
        ['2026-11-25T08:55:00.000Z', '2026-11-25T09:40:00.000Z'],
        ['2026-11-25T13:00:00.000Z', '2026-11-25T14:00:00.000Z'],
      ]);
      expect(host!.availability.dailyLimits).to.deep.equal([
        { limit: 5, starts: [Date.parse('2026-11-25T09:00:00Z')] },
        { limit: 7, starts: [Date.parse('2026-11-25T09:00:00Z')] },
      ]);
      const [without] = await loadHostAvailability(db, { hostIds: [users.ada!], range: { start: Date.parse('2026-11-25T00:00:00Z'), end: Date.parse('2026-11-26T00:00:00Z') }, excludeBookingId: made.meeting.id });
      expect(without!.availability.busy).to.have.length(1);
      await db('users').where({ id: users.ada }).update({ daily_meeting_limit: null });
    });
  });

  describe('notifier', () => {
    it('reports creation (with manage tokens), reschedule (with previous start) and cancel inside the transaction', async () => {
      changes.length = 0;
      const made = await booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-26T09:00:00Z', invitee: { name: 'G', email: 'g@x.org', timezone: 'UTC' } });
      await booking.rescheduleBooking(made.meeting.id, { start: '2026-11-26T10:00:00Z' }, { manageToken: made.manageToken });
      await booking.cancelBooking(made.meeting.id, { reason: 'no' }, { userId: users.ada });
      expect(changes.map((c) => c.type)).to.deep.equal(['created', 'rescheduled', 'canceled']);
      expect(changes.every((c) => c.inTransaction)).to.equal(true);
      expect(Object.values(changes[0]!.manageTokens!)).to.deep.equal([made.manageToken]);
      expect(changes[1]!.previousStart).to.equal('2026-11-26T09:00:00.000Z');
      expect(changes[2]).to.include({ actor: 'host:ada', reason: 'no' });
    });

    it('rolls the booking back when the notifier fails', async () => {
      const failing = createBookingService({ db, clock, notifier: { bookingChanged: async () => { throw new Error('outbox down'); } } });
      try {
        await failing.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-26T14:00:00Z', invitee: { name: 'G', email: 'g@x.org', timezone: 'UTC' } });
        expect.fail('should throw');
      } catch (error) {
        expect((error as Error).message).to.equal('outbox down');
      }
      expect(await db('bookings').where({ start_at: new Date('2026-11-26T14:00:00Z') }).first()).to.equal(undefined);
    });
  });

  describe('scheduleAdHocMeeting and listCommonSlots', () => {
    it('lists the common free time of several users across zones', async () => {
      const list = await scheduling.listCommonSlots({ usernames: ['bob', 'cy'], durationMinutes: 60, from: '2026-11-30', to: '2026-11-30', timezone: 'UTC' });
      // Berlin 09–17 (08–16Z) ∩ New York 09–17 (14–22Z) = 14:00Z–16:00Z.
      expect(list.slots.map((s) => s.start)).to.deep.equal(['2026-11-30T14:00:00.000Z', '2026-11-30T15:00:00.000Z']);
      expect(list.slots[0]!.hosts).to.deep.equal(['bob', 'cy']);
      await expectCode(scheduling.listCommonSlots({ usernames: ['bob', 'nobody'], durationMinutes: 30 }), 'user_not_found');
      await expectCode(scheduling.listCommonSlots({ usernames: ['bob'], durationMinutes: 0 }), 'validation_failed');
    });

    it('books a collective meeting for the organizer and named users when all are free', async () => {
      const meeting = await booking.scheduleAdHocMeeting({ organizerUserId: users.bob!, usernames: ['cy'], start: '2026-11-30T14:10:00Z', durationMinutes: 30, title: 'Sync', source: 'slack' });
      expect(meeting).to.include({ title: 'Sync', source: 'slack', status: 'scheduled', start: '2026-11-30T14:10:00.000Z', end: '2026-11-30T14:40:00.000Z', createdByUserId: users.bob });
      expect(meeting.hosts.map((h) => h.username)).to.deep.equal(['bob', 'cy']);
      expect(meeting.eventType).to.equal(null);
      await expectCode(booking.scheduleAdHocMeeting({ organizerUserId: users.bob!, usernames: ['cy'], start: '2026-11-30T14:30:00Z', durationMinutes: 30, title: 'Clash', source: 'slack' }), 'slot_unavailable');
      // Outside cy's working hours (09:00 New York = 14:00Z).
      await expectCode(booking.scheduleAdHocMeeting({ organizerUserId: users.bob!, usernames: ['cy'], start: '2026-11-30T09:00:00Z', durationMinutes: 30, title: 'Early', source: 'slack' }), 'slot_unavailable');
      const list = await booking.listMeetings(users.cy!);
      expect(list.meetings.map((m) => m.id)).to.deep.equal([meeting.id]);
      const view = await booking.getMeeting(meeting.id, { userId: users.cy }, {});
      expect(view.local).to.deep.equal({ start: '2026-11-30T09:10:00-05:00', end: '2026-11-30T09:40:00-05:00', timezone: 'America/New_York' });
      await expectCode(booking.getMeeting(meeting.id, { userId: users.ada }), 'forbidden');
    });
  });

  describe('getMeetingLoad', () => {
    it('counts meetings and minutes per local day, splitting across midnight', async () => {
      await scheduling.saveSchedule(users.ada!, { timezone: 'UTC', weekly: [{ day: 'tue', start: '20:00', end: '24:00' }, { day: 'wed', start: '00:00', end: '04:00' }] });
      await scheduling.createEventType(users.ada!, { slug: 'late', title: 'Late', durationMinutes: 120, slotStepMinutes: 60 });
      await booking.scheduleBooking({ user: 'ada', eventType: 'late', start: '2026-12-01T23:00:00Z', invitee: { name: 'G', email: 'g@x.org', timezone: 'UTC' } });
      const load = await booking.getMeetingLoad(users.ada!, { from: '2026-12-01', to: '2026-12-02', timezone: 'UTC' });
      expect(load.days).to.deep.equal([
        { date: '2026-12-01', count: 1, busyMinutes: 60 },
        { date: '2026-12-02', count: 0, busyMinutes: 60 },
      ]);
    });
  });
});
