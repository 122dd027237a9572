import { expect } from 'chai';
import { requireStatus, resolveRole } from '../../../core/booking/access.js';
import { DomainError } from '../../../core/errors.js';
import { invitee, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/access', () => {
  let w: BookingWorld;
  before(async () => {
    w = await setUpBookingWorld();
  });

  it('resolveRole: a host by account, an attendee by manage token, nobody otherwise', async () => {
    const made = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: invitee('Bob', 'bob@x.org') });
    const id = made.booking.id;
    expect(await resolveRole(w.db, id, { userId: w.users.ada })).to.deep.equal({ role: 'host', label: 'host:ada' });
    expect(await resolveRole(w.db, id, { manageToken: made.manageToken })).to.deep.equal({ role: 'attendee', label: 'attendee:bob@x.org' });
    // bob booked with his address but has not verified it: no access by account (core/auth/emailOwnership).
    expect(await resolveRole(w.db, id, { userId: w.users.bob })).to.equal(null);
    expect(await resolveRole(w.db, id, { userId: w.users.cy, manageToken: 'yava_mt_not-it' })).to.equal(null);
  });

  it('requireStatus names the status and the action it forbids', () => {
    expect(() => requireStatus({ status: 'pending' }, ['pending', 'scheduled'], 'canceled')).to.not.throw();
    try {
      requireStatus({ status: 'canceled' }, ['pending', 'scheduled'], 'rescheduled');
      expect.fail('should throw');
    } catch (error) {
      expect(error).to.be.instanceOf(DomainError);
      expect(error).to.include({ code: 'invalid_transition', message: 'A canceled meeting cannot be rescheduled' });
      expect((error as DomainError).details).to.deep.equal({ status: 'canceled', action: 'rescheduled' });
    }
  });
});
