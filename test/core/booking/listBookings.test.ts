import { expect } from 'chai';
import { markEmailVerified } from '../../../core/auth/emailOwnership.js';
import { expectCode, invitee, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/listBookings', () => {
  let w: BookingWorld;
  const ids: string[] = [];
  before(async () => {
    w = await setUpBookingWorld();
    for (const start of ['2026-11-25T09:00:00Z', '2026-11-25T11:00:00Z', '2026-11-26T09:00:00Z']) {
      ids.push((await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start, invitee: invitee('Bob', 'bob@x.org') })).booking.id);
    }
  });

  it('pages upcoming bookings by start with an opaque cursor', async () => {
    const first = await w.booking.listBookings(w.users.ada, { limit: 2 });
    expect(first.bookings.map((b) => b.id)).to.deep.equal(ids.slice(0, 2));
    const second = await w.booking.listBookings(w.users.ada, { limit: 2, cursor: first.nextCursor! });
    expect(second.bookings.map((b) => b.id)).to.deep.equal(ids.slice(2));
    expect(second.nextCursor).to.equal(null);
  });

  it('finds bookings where the user is the invitee by e-mail (once verified), filters by date and status', async () => {
    expect((await w.booking.listBookings(w.users.bob)).bookings).to.deep.equal([]);
    await markEmailVerified(w.db, w.users.bob, 'bob@x.org', w.clock.now());
    expect((await w.booking.listBookings(w.users.bob)).bookings).to.have.length(3);
    expect((await w.booking.listBookings(w.users.ada, { from: '2026-11-26', to: '2026-11-26', timezone: 'UTC' })).bookings.map((b) => b.id)).to.deep.equal([ids[2]]);
    expect((await w.booking.listBookings(w.users.ada, { status: ['canceled'] })).bookings).to.deep.equal([]);
    expect((await w.booking.listBookings(w.users.cy)).bookings).to.deep.equal([]);
  });

  it('lists past bookings newest first', async () => {
    w.clock.set('2026-11-27T00:00:00Z');
    try {
      expect((await w.booking.listBookings(w.users.ada, { scope: 'past' })).bookings.map((b) => b.id)).to.deep.equal([...ids].reverse());
    } finally {
      w.clock.set('2026-11-24T10:00:00Z');
    }
  });

  it('refuses a forged cursor', async () => {
    const error = await expectCode(w.booking.listBookings(w.users.ada, { cursor: Buffer.from('{"s":"x","id":"y"}').toString('base64url') }), 'validation_failed');
    expect(error.errors[0]!.field).to.equal('cursor');
  });
});
