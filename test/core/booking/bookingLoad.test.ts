import { expect } from 'chai';
import { invitee, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/bookingLoad', () => {
  let w: BookingWorld;
  before(async () => {
    w = await setUpBookingWorld();
  });

  describe('getBookingLoad', () => {
    it('counts bookings and minutes per local day, splitting across midnight', async () => {
      const { scheduling, booking, users } = w;
      await scheduling.saveSchedule(users.ada, { timezone: 'UTC', weekly: [{ day: 'tue', start: '20:00', end: '24:00' }, { day: 'wed', start: '00:00', end: '04:00' }] });
      await scheduling.createEventType(users.ada, { slug: 'late', title: 'Late', durationMinutes: 120, slotStepMinutes: 60 });
      await booking.scheduleBooking({ user: 'ada', eventType: 'late', start: '2026-12-01T23:00:00Z', invitee: invitee() });
      const load = await booking.getBookingLoad(users.ada, { from: '2026-12-01', to: '2026-12-02', timezone: 'UTC' });
      expect(load.days).to.deep.equal([
        { date: '2026-12-01', count: 1, busyMinutes: 60 },
        { date: '2026-12-02', count: 0, busyMinutes: 60 },
      ]);
    });
  });
});
