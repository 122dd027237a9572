import { expect } from 'chai';
import type { Knex } from 'knex';
import { invitee, setUpBookingWorld, type BookingWorld } from '../core/booking/helpers.js';

/** What bookings.host_ids must say: booking_hosts' user ids, sorted. */
async function truth(db: Knex): Promise<Map<string, string[]>> {
  const rows: Array<{ id: string; ids: string[] }> = (await db.raw("SELECT b.id, coalesce((SELECT array_agg(h.user_id::text ORDER BY h.user_id) FROM booking_hosts h WHERE h.booking_id = b.id), '{}') AS ids FROM bookings b")).rows;
  return new Map(rows.map((r) => [r.id, r.ids]));
}

async function copies(db: Knex): Promise<Map<string, string[]>> {
  const rows: Array<{ id: string; host_ids: string[] }> = await db('bookings').select('id', db.raw('host_ids::text[] AS host_ids'));
  return new Map(rows.map((r) => [r.id, r.host_ids]));
}

const row = (db: Knex, id: string) => db('bookings').where({ id }).first('version', db.raw('host_ids::text[] AS host_ids'));

describe('migration add_booking_host_ids: bookings.host_ids follows booking_hosts', () => {
  let w: BookingWorld;
  beforeEach(async () => {
    w = await setUpBookingWorld();
  });

  it('a new booking carries its host, and the trigger rewrites nothing (the version stays 1)', async () => {
    const made = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T10:00:00Z', invitee: invitee() });
    expect(await row(w.db, made.booking.id)).to.deep.equal({ version: 1, host_ids: [w.users.ada] });
  });

  it('adding, moving and removing host rows rewrite the copy, sorted, in the same transaction', async () => {
    const made = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T10:00:00Z', invitee: invitee() });
    const id = made.booking.id;
    const busy = `[2026-11-25T09:55:00Z,2026-11-25T10:40:00Z)`;
    await w.db.transaction(async (trx) => {
      await trx('booking_hosts').insert({ booking_id: id, user_id: w.users.bob, busy, active: true });
      expect((await row(trx, id)).host_ids).to.deep.equal([w.users.ada, w.users.bob].sort());
    });
    await w.db('booking_hosts').where({ booking_id: id, user_id: w.users.ada }).update({ user_id: w.users.cy });
    expect((await row(w.db, id)).host_ids).to.deep.equal([w.users.bob, w.users.cy].sort());
    await w.db('booking_hosts').where({ booking_id: id, user_id: w.users.bob }).delete();
    expect((await row(w.db, id)).host_ids).to.deep.equal([w.users.cy]);
    await w.db('booking_hosts').where({ booking_id: id }).delete();
    expect((await row(w.db, id)).host_ids).to.deep.equal([]);
  });

  it('stays equal to booking_hosts through booking, rescheduling, canceling and deleting', async () => {
    const a = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T10:00:00Z', invitee: invitee() });
    const b = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T12:00:00Z', invitee: invitee('H', 'h@x.org') });
    await w.booking.rescheduleBooking(a.booking.id, { start: '2026-11-26T10:00:00Z' }, { userId: w.users.ada });
    await w.booking.cancelBooking(b.booking.id, { reason: 'clash' }, { userId: w.users.ada });
    expect(await copies(w.db)).to.deep.equal(await truth(w.db));
    await w.db('bookings').where({ id: a.booking.id }).delete();
    expect(await copies(w.db)).to.deep.equal(await truth(w.db));
    expect((await copies(w.db)).size).to.equal(1);
  });
});
