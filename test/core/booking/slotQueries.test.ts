import { expect } from 'chai';
import { expectCode, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/slotQueries', () => {
  let w: BookingWorld;
  before(async () => {
    w = await setUpBookingWorld();
  });

  describe('listCommonSlots', () => {
    it('lists the common free time of several users across zones', async () => {
      const { scheduling } = w;
      const list = await scheduling.listCommonSlots({ usernames: ['bob', 'cy'], durationMinutes: 60, from: '2026-11-30', to: '2026-11-30', timezone: 'UTC' });
      // Berlin 09–17 (08–16Z) ∩ New York 09–17 (14–22Z) = 14:00Z–16:00Z.
      expect(list.slots.map((s) => s.start)).to.deep.equal(['2026-11-30T14:00:00.000Z', '2026-11-30T15:00:00.000Z']);
      expect(list.slots[0]!.hosts).to.deep.equal(['bob', 'cy']);
      await expectCode(scheduling.listCommonSlots({ usernames: ['bob', 'nobody'], durationMinutes: 30 }), 'user_not_found');
      await expectCode(scheduling.listCommonSlots({ usernames: ['bob'], durationMinutes: 0 }), 'validation_failed');
    });
  });

  describe('listSlots', () => {
    it("lists an event type's slots in the owner's zone, after the clock and off the buffers", async () => {
      const list = await w.scheduling.listSlots({ user: 'ada', eventType: 'intro', from: '2026-11-24', to: '2026-11-24' });
      expect(list.timezone).to.equal('UTC');
      // Clock at 10:00Z: the first start is 10:00, the last ends by 17:00.
      expect(list.slots[0]!.start).to.equal('2026-11-24T10:00:00.000Z');
      expect(list.slots.at(-1)!.end).to.equal('2026-11-24T17:00:00.000Z');
      expect(list.slots[0]!.hosts).to.deep.equal(['ada']);
    });

    it("reads the hosts with the event type: three statements (event type, bookings, calendars), the owner's zone included", async () => {
      const { db, scheduling, users } = w;
      const statements: string[] = [];
      const listen = (q: { sql: string }) => statements.push(q.sql);
      db.on('query', listen);
      const list = await scheduling.listSlots({ user: 'bob', eventType: 'intro-hosts', from: '2026-11-25', to: '2026-11-25' }).catch((e: unknown) => e);
      db.off('query', listen);
      expect(list, 'bob has no such event type yet').to.have.property('code', 'event_type_not_found');

      await scheduling.createEventType(users.bob, { slug: 'intro-hosts', title: 'Intro', durationMinutes: 60 });
      statements.length = 0;
      db.on('query', listen);
      const own = await scheduling.listSlots({ user: 'bob', eventType: 'intro-hosts', from: '2026-11-25', to: '2026-11-25' }).finally(() => db.off('query', listen));
      expect(statements, statements.join('\n')).to.have.length(3);
      // Bob has no saved hours: Mon–Fri 09–17 in his zone (Berlin), listed in that zone.
      expect(own.timezone).to.equal('Europe/Berlin');
      expect(own.slots.map((s) => s.start)).to.deep.equal(['08:00', '09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00'].map((t) => `2026-11-25T${t}:00.000Z`));
      expect(own.slots[0]!.hosts).to.deep.equal(['bob']);
    });

    it('hides a non-public event type from everyone but its hosts', async () => {
      await w.scheduling.createEventType(w.users.ada, { slug: 'secret', title: 'Secret', durationMinutes: 30, isPublic: false });
      await expectCode(w.scheduling.listSlots({ user: 'ada', eventType: 'secret' }), 'event_type_not_found');
      await expectCode(w.scheduling.listSlots({ user: 'ada', eventType: 'secret', viewerUserId: w.users.bob }), 'event_type_not_found');
      expect((await w.scheduling.listSlots({ user: 'ada', eventType: 'secret', viewerUserId: w.users.ada })).slots).to.not.be.empty;
    });
  });
});
