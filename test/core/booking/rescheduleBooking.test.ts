import { expect } from 'chai';
import { expectCode, invitee, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/rescheduleBooking', () => {
  let w: BookingWorld;
  before(async () => {
    w = await setUpBookingWorld();
  });

  it('moves the booking keeping id and ICS uid, bumps the sequence and frees the old time', async () => {
    const { booking } = w;
    const made = await booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: invitee() });
    const moved = await booking.rescheduleBooking(made.booking.id, { start: '2026-11-25T11:00:00Z' }, { manageToken: made.manageToken });
    expect(moved).to.include({ id: made.booking.id, icalUid: made.booking.icalUid, sequence: 1, start: '2026-11-25T11:00:00.000Z', end: '2026-11-25T11:30:00.000Z' });
    expect(moved.statusHistory.at(-1)).to.include({ from: 'scheduled', to: 'scheduled', actor: 'attendee:g@x.org' });
    // The old time is free again: another invitee gets it.
    const other = await booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: invitee('H', 'h@x.org') });
    expect(other.booking.status).to.equal('scheduled');
  });

  it('refuses to move a meeting that is over, saying so', async () => {
    const made = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T15:00:00Z', invitee: invitee() });
    w.clock.set('2026-11-25T15:30:00Z'); // it has just ended
    try {
      const error = await expectCode(w.booking.rescheduleBooking(made.booking.id, { start: '2026-11-26T15:00:00Z' }, { userId: w.users.ada }), 'invalid_transition');
      expect(error.message).to.match(/meeting is over/);
      expect(error.details).to.include({ reason: 'meeting_over' });
    } finally {
      w.clock.set('2026-11-24T10:00:00Z');
    }
  });

  it('moving a booking to the time it already has changes nothing and tells nobody again (a form sent twice)', async () => {
    const made = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T13:00:00Z', invitee: invitee() });
    const moved = await w.booking.rescheduleBooking(made.booking.id, { start: '2026-11-25T14:00:00Z' }, { manageToken: made.manageToken });
    const told = () => w.changes.filter((c) => c.bookingId === made.booking.id).length;
    const queued = told();
    const again = await w.booking.rescheduleBooking(made.booking.id, { start: '2026-11-25T14:00:00.000Z' }, { manageToken: made.manageToken });
    expect(again).to.deep.include({ start: '2026-11-25T14:00:00.000Z', sequence: moved.sequence });
    expect(again.statusHistory).to.have.length(moved.statusHistory.length);
    expect(told(), 'no second round of e-mails').to.equal(queued);
  });

  it('may move a booking onto a time overlapping its own old busy range', async () => {
    const made = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-26T09:00:00Z', invitee: invitee() });
    const moved = await w.booking.rescheduleBooking(made.booking.id, { start: '2026-11-26T09:30:00Z' }, { userId: w.users.ada });
    expect(moved.start).to.equal('2026-11-26T09:30:00.000Z');
  });

  it('refuses a taken time, a stranger, a missing actor and a canceled booking', async () => {
    const { booking, users } = w;
    const a = await booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-27T09:00:00Z', invitee: invitee() });
    await booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-27T11:00:00Z', invitee: invitee('H', 'h@x.org') });
    await expectCode(booking.rescheduleBooking(a.booking.id, { start: '2026-11-27T11:00:00Z' }, { manageToken: a.manageToken }), 'slot_unavailable');
    await expectCode(booking.rescheduleBooking(a.booking.id, { start: '2026-11-27T13:00:00Z' }, { userId: users.bob }), 'booking_not_found');
    await expectCode(booking.rescheduleBooking(a.booking.id, { start: '2026-11-27T13:00:00Z' }, {}), 'unauthorized');
    await expectCode(booking.rescheduleBooking('00000000-0000-4000-8000-000000000000', { start: '2026-11-27T13:00:00Z' }, { userId: users.ada }), 'booking_not_found');
    await booking.cancelBooking(a.booking.id, {}, { userId: users.ada });
    await expectCode(booking.rescheduleBooking(a.booking.id, { start: '2026-11-27T13:00:00Z' }, { userId: users.ada }), 'invalid_transition');
  });

  it('names the nearest free times of a refused time in the asked zone, else in the asker\'s own', async () => {
    const made = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-30T09:00:00Z', invitee: invitee() });
    // 10:07 is off the half-hour grid: refused with the nearest free times.
    const inKolkata = await expectCode(w.booking.rescheduleBooking(made.booking.id, { start: '2026-11-30T10:07:00Z', timezone: 'Asia/Kolkata' }, { userId: w.users.ada }), 'slot_unavailable');
    expect(inKolkata.message).to.include('(Asia/Kolkata)');
    const inOwn = await expectCode(w.booking.rescheduleBooking(made.booking.id, { start: '2026-11-30T10:07:00Z' }, { userId: w.users.ada }), 'slot_unavailable');
    expect(inOwn.message).to.include('(UTC)');
    const bad = await expectCode(w.booking.rescheduleBooking(made.booking.id, { start: '2026-11-30T10:07:00Z', timezone: 'Mars/Olympus' }, { userId: w.users.ada }), 'validation_failed');
    expect(bad.message).to.match(/^timezone: unknown time zone/);
  });
});
