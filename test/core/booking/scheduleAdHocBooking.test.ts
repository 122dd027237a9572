import { expect } from 'chai';
import { expectCode, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/scheduleAdHocBooking', () => {
  let w: BookingWorld;
  before(async () => {
    w = await setUpBookingWorld();
  });

  it('books a collective booking for the organizer and named users when all are free', async () => {
    const { booking, users } = w;
    const made = await booking.scheduleAdHocBooking({ organizerUserId: users.bob, usernames: ['cy'], start: '2026-11-30T14:10:00Z', durationMinutes: 30, title: 'Sync', source: 'slack' });
    expect(made).to.include({ title: 'Sync', source: 'slack', status: 'scheduled', start: '2026-11-30T14:10:00.000Z', end: '2026-11-30T14:40:00.000Z', createdByUserId: users.bob });
    expect(made.hosts.map((h) => h.username)).to.deep.equal(['bob', 'cy']);
    expect(made.eventType).to.equal(null);
    await expectCode(booking.scheduleAdHocBooking({ organizerUserId: users.bob, usernames: ['cy'], start: '2026-11-30T14:30:00Z', durationMinutes: 30, title: 'Clash', source: 'slack' }), 'slot_unavailable');
    // Outside cy's working hours (09:00 New York = 14:00Z).
    await expectCode(booking.scheduleAdHocBooking({ organizerUserId: users.bob, usernames: ['cy'], start: '2026-11-30T09:00:00Z', durationMinutes: 30, title: 'Early', source: 'slack' }), 'slot_unavailable');
    const list = await booking.listBookings(users.cy);
    expect(list.bookings.map((m) => m.id)).to.deep.equal([made.id]);
    const view = await booking.getBooking(made.id, { userId: users.cy }, {});
    expect(view.local).to.deep.equal({ start: '2026-11-30T09:10:00-05:00', end: '2026-11-30T09:40:00-05:00', timezone: 'America/New_York' });
    await expectCode(booking.getBooking(made.id, { userId: users.ada }), 'booking_not_found');
  });

  it('refuses a duration outside 1–1440 minutes and unknown users', async () => {
    const { booking, users } = w;
    const error = await expectCode(booking.scheduleAdHocBooking({ organizerUserId: users.bob, usernames: [], start: '2026-11-30T10:00:00Z', durationMinutes: 0, title: 'x', source: 'cli' }), 'validation_failed');
    expect(error.errors[0]!.field).to.equal('durationMinutes');
    await expectCode(booking.scheduleAdHocBooking({ organizerUserId: users.bob, usernames: ['nobody'], start: '2026-11-30T10:00:00Z', durationMinutes: 30, title: 'x', source: 'cli' }), 'user_not_found');
  });
});
