import { expect } from 'chai';
import { invitee, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/service (createBookingService)', () => {
  let w: BookingWorld;
  before(async () => {
    w = await setUpBookingWorld();
  });

  it('reports creation (with manage tokens), reschedule (with previous start) and cancel inside the transaction', async () => {
    const { booking, changes, users } = w;
    changes.length = 0;
    const made = await booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-26T09:00:00Z', invitee: invitee() });
    await booking.rescheduleBooking(made.booking.id, { start: '2026-11-26T10:00:00Z' }, { manageToken: made.manageToken });
    await booking.cancelBooking(made.booking.id, { reason: 'no' }, { userId: users.ada });
    expect(changes.map((c) => c.type)).to.deep.equal(['created', 'rescheduled', 'canceled']);
    expect(changes.every((c) => c.inTransaction)).to.equal(true);
    expect(Object.values(changes[0]!.manageTokens!)).to.deep.equal([made.manageToken]);
    expect(changes[1]!.previousStart).to.equal('2026-11-26T09:00:00.000Z');
    expect(changes[2]).to.include({ actor: 'host:ada', reason: 'no' });
  });
});
