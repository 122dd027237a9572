import { expect } from 'chai';
import { requestHash } from '../../../core/booking/idempotency.js';
import { expectCode, invitee, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/idempotency', () => {
  describe('requestHash', () => {
    it('ignores the order of object keys but not of arrays or values', () => {
      expect(requestHash({ a: 1, b: { c: 2, d: [1, 2] } })).to.equal(requestHash({ b: { d: [1, 2], c: 2 }, a: 1 }));
      expect(requestHash({ a: [1, 2] })).to.not.equal(requestHash({ a: [2, 1] }));
      expect(requestHash({ a: 1 })).to.not.equal(requestHash({ a: '1' }));
    });
  });

  describe('scheduleBooking with an idempotency key', () => {
    let w: BookingWorld;
    before(async () => {
      w = await setUpBookingWorld();
    });

    it('books once for two requests with the same key and body', async () => {
      const input = { user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: invitee(), idempotencyKey: 'k-1' };
      const first = await w.booking.scheduleBooking(input);
      const again = await w.booking.scheduleBooking(input);
      expect(again.replayed).to.equal(true);
      expect(again.booking.id).to.equal(first.booking.id);
      const [{ count }] = await w.db('bookings').count<Array<{ count: string | number }>>('* as count');
      expect(Number(count)).to.equal(1);
    });

    it('refuses the same key with another body', async () => {
      await expectCode(w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T11:00:00Z', invitee: invitee(), idempotencyKey: 'k-1' }), 'idempotency_conflict');
    });
  });
});
