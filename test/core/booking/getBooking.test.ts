import { expect } from 'chai';
import { expectCode, invitee, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/getBooking', () => {
  let w: BookingWorld;
  before(async () => {
    w = await setUpBookingWorld();
  });

  it("shows the booking to its host in the host's zone and to the invitee in the invitee's", async () => {
    const made = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: invitee('Ivy', 'ivy@x.org', 'Asia/Tokyo') });
    const asHost = await w.booking.getBooking(made.booking.id, { userId: w.users.ada });
    expect(asHost.viewer).to.equal('host');
    expect(asHost.local).to.deep.equal({ start: '2026-11-25T09:00:00Z', end: '2026-11-25T09:30:00Z', timezone: 'UTC' });
    const asInvitee = await w.booking.getBooking(made.booking.id, { manageToken: made.manageToken });
    expect(asInvitee.viewer).to.equal('attendee');
    expect(asInvitee.local!.timezone).to.equal('Asia/Tokyo');
    expect((await w.booking.getBooking(made.booking.id, { manageToken: made.manageToken }, { timezone: 'Europe/Paris' })).local!.start).to.equal('2026-11-25T10:00:00+01:00');
  });

  it('refuses anonymous callers, wrong tokens, unknown ids and zones', async () => {
    const made = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T11:00:00Z', invitee: invitee() });
    await expectCode(w.booking.getBooking(made.booking.id, {}), 'unauthorized');
    // A wrong token hears what a missing id gets: the id alone proves nothing.
    await expectCode(w.booking.getBooking(made.booking.id, { manageToken: 'yava_mt_wrong' }), 'booking_not_found');
    await expectCode(w.booking.getBooking('not-a-uuid', { userId: w.users.ada }), 'booking_not_found');
    await expectCode(w.booking.getBooking(made.booking.id, { userId: w.users.ada }, { timezone: 'Nowhere/Land' }), 'validation_failed');
  });
});
