import { expect } from 'chai';
import { expectCode, invitee, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/transitions', () => {
  let w: BookingWorld;
  before(async () => {
    w = await setUpBookingWorld();
    await w.scheduling.createEventType(w.users.ada, { slug: 'vip', title: 'VIP', durationMinutes: 30, requiresApproval: true });
  });

  describe('cancelBooking', () => {
    it('cancels by manage token, records who and why, bumps the sequence and frees the slot', async () => {
      const made = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: invitee() });
      const canceled = await w.booking.cancelBooking(made.booking.id, { reason: 'sick' }, { manageToken: made.manageToken });
      expect(canceled).to.include({ status: 'canceled', canceledBy: 'attendee:g@x.org', cancelReason: 'sick', sequence: 1 });
      expect((await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: invitee() })).booking.status).to.equal('scheduled');
      await expectCode(w.booking.cancelBooking(made.booking.id, {}, { manageToken: made.manageToken }), 'invalid_transition');
    });
  });

  describe('approveBooking and declineBooking', () => {
    it('lets only a host approve; approval makes the request hold its slot', async () => {
      const made = await w.booking.scheduleBooking({ user: 'ada', eventType: 'vip', start: '2026-11-25T13:00:00Z', invitee: invitee() });
      await expectCode(w.booking.approveBooking(made.booking.id, { manageToken: made.manageToken }), 'forbidden');
      const approved = await w.booking.approveBooking(made.booking.id, { userId: w.users.ada });
      expect(approved.status).to.equal('scheduled');
      expect(w.changes.at(-1)).to.include({ type: 'approved', actor: 'host:ada' });
      await expectCode(w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T13:00:00Z', invitee: invitee() }), 'slot_unavailable');
      await expectCode(w.booking.approveBooking(made.booking.id, { userId: w.users.ada }), 'invalid_transition');
    });

    it('declines a pending request with a reason', async () => {
      const made = await w.booking.scheduleBooking({ user: 'ada', eventType: 'vip', start: '2026-11-25T15:00:00Z', invitee: invitee() });
      const declined = await w.booking.declineBooking(made.booking.id, { reason: 'busy' }, { userId: w.users.ada });
      expect(declined).to.include({ status: 'rejected', cancelReason: 'busy', canceledBy: 'host:ada' });
      expect(w.changes.at(-1)).to.include({ type: 'declined', reason: 'busy' });
    });
  });

  describe('completeBooking and markNoShow', () => {
    it('are allowed to a host only after the end', async () => {
      const a = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-26T09:00:00Z', invitee: invitee() });
      const b = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-26T10:00:00Z', invitee: invitee() });
      const early = await expectCode(w.booking.completeBooking(a.booking.id, { userId: w.users.ada }), 'invalid_transition');
      expect(early.message).to.equal('A meeting can be completed only after it ends');
      const earlyNoShow = await expectCode(w.booking.markNoShow(b.booking.id, { userId: w.users.ada }), 'invalid_transition');
      expect(earlyNoShow.message).to.equal('A meeting can be marked as no-show only after it ends');
      w.clock.set('2026-11-26T12:00:00Z');
      try {
        await expectCode(w.booking.markNoShow(b.booking.id, { manageToken: b.manageToken }), 'forbidden');
        expect((await w.booking.completeBooking(a.booking.id, { userId: w.users.ada })).status).to.equal('completed');
        expect((await w.booking.markNoShow(b.booking.id, { userId: w.users.ada })).status).to.equal('no_show');
      } finally {
        w.clock.set('2026-11-24T10:00:00Z');
      }
    });
  });
});
