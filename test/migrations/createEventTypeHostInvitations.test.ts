import { expect } from 'chai';
import * as migration from '../../migrations/20261211094500_create_event_type_host_invitations.js';
import { setUpBookingWorld, type BookingWorld } from '../core/booking/helpers.js';

describe('migration create_event_type_host_invitations: everyone who hosts today stays a host', () => {
  let w: BookingWorld;
  before(async () => {
    w = await setUpBookingWorld();
  });

  it('keeps the hosts that personal event types named before invitations existed, as accepted: they are offered and booked', async () => {
    const pair = await w.scheduling.createEventType(w.users.ada, { slug: 'pair', title: 'Pair', durationMinutes: 30, kind: 'collective' });
    const desk = await w.scheduling.createEventType(w.users.ada, { slug: 'desk', title: 'Desk', durationMinutes: 30, kind: 'round_robin' });
    // The schema and rows as they were: hosts named freely, the owner not always among them.
    await migration.down(w.db);
    await w.db('event_type_hosts').insert({ event_type_id: pair.id, user_id: w.users.bob });
    await w.db('event_type_hosts').where({ event_type_id: desk.id }).delete();
    await w.db('event_type_hosts').insert([{ event_type_id: desk.id, user_id: w.users.bob }, { event_type_id: desk.id, user_id: w.users.cy }]);

    await migration.up(w.db);
    const hosts = async (id: string) => {
      const e = await w.scheduling.getEventType(w.users.ada, id);
      return [e.hosts.map((h) => h.username), e.pendingHosts.map((h) => h.username)];
    };
    expect(await hosts(pair.id)).to.deep.equal([['ada', 'bob'], []]);
    expect(await hosts(desk.id)).to.deep.equal([['bob', 'cy'], []]);
    expect(await w.db('event_type_host_invitations')).to.deep.equal([]);
    const slots = await w.scheduling.listSlots({ user: 'ada', eventType: 'pair', from: '2026-11-25', to: '2026-11-25', timezone: 'UTC' });
    expect(slots.awaitingHosts).to.equal(undefined);
    expect(slots.slots[0]!.hosts).to.deep.equal(['ada', 'bob']);
    const booked = await w.booking.scheduleBooking({ user: 'ada', eventType: 'desk', start: '2026-11-25T08:00:00Z', invitee: { name: 'G', email: 'g@x.org', timezone: 'UTC' } });
    expect(booked.booking.hosts.map((h) => h.username)).to.deep.equal(['bob']);
  });
});
