import { expect } from 'chai';
import { createBookingService } from '../../../core/booking/index.js';
import { expectCode, invitee, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/scheduleBooking', () => {
  let w: BookingWorld;
  before(async () => {
    w = await setUpBookingWorld();
  });

  it('books a listed slot for the invitee, holding the host busy with the buffers', async () => {
    const made = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T10:00:00Z', invitee: invitee('Ivy', 'Ivy@X.org', 'Europe/Paris'), notes: 'hi' });
    expect(made.booking).to.include({ status: 'scheduled', title: 'Intro', notes: 'hi', start: '2026-11-25T10:00:00.000Z', end: '2026-11-25T10:30:00.000Z', source: 'api' });
    expect(made.booking.attendees.map((a) => a.email)).to.deep.equal(['ivy@x.org']);
    expect(made.manageToken).to.match(/^yava_mt_/);
    expect(made.replayed).to.equal(false);
    // 10:30 + 10 min buffer after: 10:30 is taken, 11:00 is free.
    await expectCode(w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T10:30:00Z', invitee: invitee() }), 'slot_unavailable');
  });

  it('books a pending request when the event type requires approval', async () => {
    await w.scheduling.createEventType(w.users.ada, { slug: 'vip', title: 'VIP', durationMinutes: 30, requiresApproval: true });
    const made = await w.booking.scheduleBooking({ user: 'ada', eventType: 'vip', start: '2026-11-25T14:00:00Z', invitee: invitee() });
    expect(made.booking.status).to.equal('pending');
    expect(w.changes.at(-1)).to.include({ type: 'requested', bookingId: made.booking.id });
  });

  it('names the unknown owner, event type, zone or instant', async () => {
    await expectCode(w.booking.scheduleBooking({ user: 'nobody', eventType: 'intro', start: '2026-11-25T11:00:00Z', invitee: invitee() }), 'user_not_found');
    await expectCode(w.booking.scheduleBooking({ user: 'ada', eventType: 'nope', start: '2026-11-25T11:00:00Z', invitee: invitee() }), 'event_type_not_found');
    const zone = await expectCode(w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T11:00:00Z', invitee: invitee('G', 'g@x.org', 'Mars/Base') }), 'validation_failed');
    expect(zone.errors[0]!.field).to.equal('invitee.timezone');
    const start = await expectCode(w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T11:00:00', invitee: invitee() }), 'validation_failed');
    expect(start.errors[0]!.field).to.equal('start');
  });

  it('rolls the booking back when the notifier fails', async () => {
    const { db, clock } = w;
    const failing = createBookingService({ db, clock, notifier: { bookingChanged: async () => { throw new Error('outbox down'); } } });
    try {
      await failing.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-26T14:00:00Z', invitee: invitee() });
      expect.fail('should throw');
    } catch (error) {
      expect((error as Error).message).to.equal('outbox down');
    }
    expect(await db('bookings').where({ start_at: new Date('2026-11-26T14:00:00Z') }).first()).to.equal(undefined);
  });
});
