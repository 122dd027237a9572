import { expect } from 'chai';
import { createAvailabilityCache } from '../../../core/cache/availabilityCache.js';
import { createRedis, waitForRedis } from '../../../core/cache/redis.js';
import { createSchedulingService } from '../../../core/booking/scheduling.js';
import { TEST_REDIS_URL, dropRedisPrefix, testRedisPrefix } from '../../helpers/redis.js';
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

    it('through the cache, reads the hosts after their versions: hours changed just before are never cached under the new version', async () => {
      const { db, clock, scheduling, users } = w;
      const prefix = testRedisPrefix();
      const redis = await createRedis({ url: TEST_REDIS_URL, keyPrefix: prefix });
      try {
        await waitForRedis(redis);
        const real = createAvailabilityCache({ db, redis });
        let changeFirst = true;
        // The hours change lands after the event type's read and before the cache reads the versions.
        const slotCache: typeof real = {
          async cached(hostIds, key, compute, from) {
            if (changeFirst) {
              changeFirst = false;
              await scheduling.saveSchedule(users.cy, { timezone: 'UTC', weekly: [{ day: 'wed', start: '09:00', end: '10:00' }] });
            }
            return real.cached(hostIds, key, compute, from);
          },
        };
        await scheduling.createEventType(users.cy, { slug: 'cached-hours', title: 'Cached', durationMinutes: 60 });
        const cached = createSchedulingService({ db, clock, slotCache });
        const query = { user: 'cy', eventType: 'cached-hours', from: '2026-11-25', to: '2026-11-25', timezone: 'UTC' };
        const first = await cached.listSlots(query);
        const again = await cached.listSlots(query);
        expect(first.slots.map((s) => s.start)).to.deep.equal(['2026-11-25T09:00:00.000Z']);
        expect(again.slots.map((s) => s.start)).to.deep.equal(['2026-11-25T09:00:00.000Z']);
      } finally {
        redis.disconnect();
        await dropRedisPrefix(prefix);
      }
    });

    it('hides a non-public event type from everyone but its hosts', async () => {
      await w.scheduling.createEventType(w.users.ada, { slug: 'secret', title: 'Secret', durationMinutes: 30, isPublic: false });
      await expectCode(w.scheduling.listSlots({ user: 'ada', eventType: 'secret' }), 'event_type_not_found');
      await expectCode(w.scheduling.listSlots({ user: 'ada', eventType: 'secret', viewerUserId: w.users.bob }), 'event_type_not_found');
      expect((await w.scheduling.listSlots({ user: 'ada', eventType: 'secret', viewerUserId: w.users.ada })).slots).to.not.be.empty;
    });
  });
});
