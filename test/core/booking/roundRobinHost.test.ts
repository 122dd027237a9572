import { expect } from 'chai';
import { invitee, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/roundRobinHost', () => {
  let w: BookingWorld;
  before(async () => {
    w = await setUpBookingWorld();
    // ada and bob both work 09–17 UTC on Mondays for this test's sake; cy stays out.
    await w.scheduling.saveSchedule(w.users.bob, { timezone: 'UTC', weekly: [{ day: 'mon', start: '09:00', end: '17:00' }] });
    await w.scheduling.createTeam(w.users.ada, { slug: 'desk', name: 'Desk', members: [{ username: 'bob' }] });
    await w.scheduling.createEventType(w.users.ada, { slug: 'help', title: 'Help', durationMinutes: 30, kind: 'round_robin', teamSlug: 'desk' });
  });

  it('gives each booking to the free host with the fewest recent bookings, and says why', async () => {
    const book = (start: string) => w.booking.scheduleBooking({ team: 'desk', eventType: 'help', start, invitee: invitee() });
    const first = await book('2026-11-30T09:00:00Z');
    const second = await book('2026-11-30T10:00:00Z');
    const hosts = [first.booking.hosts[0]!.username, second.booking.hosts[0]!.username];
    expect([...hosts].sort()).to.deep.equal(['ada', 'bob']);
    expect(first.booking.assignmentReason).to.match(/^round robin: /);
    // Only the host not booked at 09:00 can take 09:00 too.
    const third = await book('2026-11-30T09:00:00Z');
    expect(third.booking.hosts[0]!.username).to.equal(hosts[1]);
  });
});
