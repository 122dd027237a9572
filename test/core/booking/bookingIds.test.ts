import { expect } from 'chai';
import type { Knex } from 'knex';
import { bookingIdRange, MIN_BOOKING_ID_PREFIX } from '../../../core/booking/bookingIds.js';
import { expectCode, setUpBookingWorld, type BookingWorld } from './helpers.js';

/** A past, inactive booking row with a chosen id, hosted by `hostId` (no slot held, so no clash). */
async function insertBookingWithId(db: Knex, id: string, hostId: string): Promise<void> {
  await db('bookings').insert({ id, title: `B ${id.slice(0, 13)}`, start_at: new Date('2026-11-20T09:00:00Z'), end_at: new Date('2026-11-20T09:30:00Z'), status: 'scheduled', ical_uid: `${id}@yava` });
  await db('booking_hosts').insert({ booking_id: id, user_id: hostId, busy: db.raw("tstzrange('2026-11-20T09:00:00Z', '2026-11-20T09:30:00Z')"), active: false });
}

describe('core/booking/bookingIds', () => {
  describe('bookingIdRange', () => {
    it('turns a prefix of a UUID into the range of ids it covers', () => {
      expect(bookingIdRange('3F2A9C1E')).to.deep.equal({ low: '3f2a9c1e-0000-0000-0000-000000000000', high: '3f2a9c1e-ffff-ffff-ffff-ffffffffffff' });
      expect(bookingIdRange('3f2a9c1e-7b')).to.deep.equal({ low: '3f2a9c1e-7b00-0000-0000-000000000000', high: '3f2a9c1e-7bff-ffff-ffff-ffffffffffff' });
    });

    it(`refuses fewer than ${MIN_BOOKING_ID_PREFIX} characters, non-hex characters and misplaced hyphens`, () => {
      expect(bookingIdRange('3f2a9c1')).to.equal(null);
      expect(bookingIdRange('3f2a9c1g')).to.equal(null);
      expect(bookingIdRange('3f2a-9c1e')).to.equal(null);
      expect(bookingIdRange("3f2a9c1e' OR 1=1")).to.equal(null);
    });
  });

  describe('prefixes in lookups and actions', () => {
    let w: BookingWorld;
    const shared = '3f2a9c1e';
    const adaOne = `${shared}-0000-4000-8000-000000000001`;
    const bobOne = `${shared}-0000-4000-8000-000000000002`;
    const adaTwinA = 'aaaabbbb-0000-4000-8000-000000000001';
    const adaTwinB = 'aaaabbbb-0000-4000-8000-000000000002';
    const adaUnique = 'cccc1111-0000-4000-8000-000000000001';
    before(async () => {
      w = await setUpBookingWorld();
      await insertBookingWithId(w.db, adaOne, w.users.ada);
      await insertBookingWithId(w.db, bobOne, w.users.bob);
      await insertBookingWithId(w.db, adaTwinA, w.users.ada);
      await insertBookingWithId(w.db, adaTwinB, w.users.ada);
      await insertBookingWithId(w.db, adaUnique, w.users.ada);
    });

    it('finds a booking by a unique prefix of 8 or more characters, in any case, or by its full id', async () => {
      expect((await w.booking.getBooking('cccc1111', { userId: w.users.ada })).id).to.equal(adaUnique);
      expect((await w.booking.getBooking('CCCC1111-00', { userId: w.users.ada })).id).to.equal(adaUnique);
      expect((await w.booking.getBooking('aaaabbbb-0000-4000-8000-000000000001', { userId: w.users.ada })).id).to.equal(adaTwinA);
      expect((await w.booking.getBooking(adaOne.toUpperCase(), { userId: w.users.ada })).id).to.equal(adaOne);
    });

    it("narrows a prefix shared with someone else's booking to the caller's own", async () => {
      expect((await w.booking.getBooking(shared, { userId: w.users.ada })).id).to.equal(adaOne);
      expect((await w.booking.getBooking(shared, { userId: w.users.bob })).id).to.equal(bobOne);
      await expectCode(w.booking.getBooking(shared, { userId: w.users.cy }), 'booking_not_found');
    });

    it('answers ambiguous_id, naming the matches, when the caller has several', async () => {
      const error = await expectCode(w.booking.getBooking('aaaabbbb', { userId: w.users.ada }), 'ambiguous_id');
      expect(error.details).to.deep.equal({ prefix: 'aaaabbbb', matches: [adaTwinA, adaTwinB] });
      expect(error.message).to.equal('The id "aaaabbbb" matches 2 meetings; type more of it');
      await expectCode(w.booking.cancelBooking('aaaabbbb', {}, { userId: w.users.ada }), 'ambiguous_id');
    });

    it('acts on a booking named by prefix: cancel, then reschedule refuses the canceled one', async () => {
      const canceled = await w.booking.cancelBooking(shared, { reason: 'by prefix' }, { userId: w.users.ada });
      expect(canceled).to.include({ id: adaOne, status: 'canceled', cancelReason: 'by prefix' });
      await expectCode(w.booking.rescheduleBooking(shared, { start: '2026-11-25T10:00:00Z' }, { userId: w.users.ada }), 'invalid_transition');
      await expectCode(w.booking.getBooking('3f2a9c1', { userId: w.users.ada }), 'booking_not_found');
    });
  });
});
