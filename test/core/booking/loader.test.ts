import { expect } from 'chai';
import { loadHostAvailability } from '../../../core/booking/index.js';
import { invitee, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/loader', () => {
  let w: BookingWorld;
  before(async () => {
    w = await setUpBookingWorld();
  });

  describe('loadHostAvailability', () => {
    it('loads the default schedule, busy ranges widened by buffers, external busy, and limit starts', async () => {
      const { db, booking, users } = w;
      const made = await booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: invitee() });
      await db('external_busy').insert({ user_id: users.ada, source: 'google', external_id: 'e', busy: db.raw("tstzrange('2026-11-25T13:00:00Z', '2026-11-25T14:00:00Z')") });
      await db('external_busy').insert({ user_id: users.ada, source: 'google', external_id: 'far', busy: db.raw("tstzrange('2027-05-01T13:00:00Z', '2027-05-01T14:00:00Z')") });
      await db('users').where({ id: users.ada }).update({ daily_meeting_limit: 7 });
      const eventType = await db('event_types').where({ slug: 'intro' }).first();
      const [host] = await loadHostAvailability(db, {
        hostIds: [users.ada],
        range: { start: Date.parse('2026-11-25T00:00:00Z'), end: Date.parse('2026-11-26T00:00:00Z') },
        eventTypeId: eventType.id,
        eventDailyLimit: 5,
      });
      expect(host!.availability.schedule.timezone).to.equal('UTC');
      expect(host!.availability.schedule.weekly).to.have.length(5);
      const busy = host!.availability.busy.map((b) => [new Date(b.start).toISOString(), new Date(b.end).toISOString()]).sort();
      expect(busy).to.deep.equal([
        ['2026-11-25T08:55:00.000Z', '2026-11-25T09:40:00.000Z'],
        ['2026-11-25T13:00:00.000Z', '2026-11-25T14:00:00.000Z'],
      ]);
      expect(host!.availability.dailyLimits).to.deep.equal([
        { limit: 5, starts: [Date.parse('2026-11-25T09:00:00Z')] },
        { limit: 7, starts: [Date.parse('2026-11-25T09:00:00Z')] },
      ]);
      const [without] = await loadHostAvailability(db, { hostIds: [users.ada], range: { start: Date.parse('2026-11-25T00:00:00Z'), end: Date.parse('2026-11-26T00:00:00Z') }, excludeBookingId: made.booking.id });
      expect(without!.availability.busy).to.have.length(1);

      // Inside a transaction the three reads are one statement; what they load is the same.
      const options = { hostIds: [users.ada, '00000000-0000-4000-8000-000000000000'], range: { start: Date.parse('2026-11-25T00:00:00Z'), end: Date.parse('2026-11-26T00:00:00Z') }, eventTypeId: eventType.id, eventDailyLimit: 5 };
      const onPool = await loadHostAvailability(db, options);
      const statements: string[] = [];
      const listen = (q: { sql: string }) => statements.push(q.sql);
      db.on('query', listen);
      const inTransaction = await db.transaction((trx) => loadHostAvailability(trx, options)).finally(() => db.off('query', listen));
      expect(inTransaction).to.deep.equal(onPool);
      expect(inTransaction.map((h) => h.id), 'an unknown host is left out').to.deep.equal([users.ada]);
      expect(statements.filter((sql) => !/^(BEGIN|COMMIT)/i.test(sql))).to.have.length(1);
      await db('users').where({ id: users.ada }).update({ daily_meeting_limit: null });
    });

    it('reads busy bounds as whole milliseconds that never shrink a block (microseconds round outwards)', async () => {
      const { db, users } = w;
      await db('external_busy').insert({ user_id: users.ada, source: 'google', external_id: 'micro', busy: db.raw("tstzrange('2026-11-27T09:00:00.000400Z', '2026-11-27T09:30:00.000400Z')") });
      const [host] = await loadHostAvailability(db, { hostIds: [users.ada], range: { start: Date.parse('2026-11-27T00:00:00Z'), end: Date.parse('2026-11-28T00:00:00Z') } });
      await db('external_busy').where({ external_id: 'micro' }).delete();
      const micro = host!.availability.busy.filter((b) => b.start >= Date.parse('2026-11-27T00:00:00Z'));
      expect(micro).to.deep.equal([{ start: Date.parse('2026-11-27T09:00:00.000Z'), end: Date.parse('2026-11-27T09:30:00.001Z') }]);
    });
  });
});
