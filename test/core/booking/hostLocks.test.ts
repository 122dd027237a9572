import { expect } from 'chai';
import type { Knex } from 'knex';
import { createBookingService } from '../../../core/booking/index.js';
import { needsHostLock } from '../../../core/booking/scheduleBooking.js';
import type { EventTypeRow } from '../../../core/booking/records.js';
import { createDatabase } from '../../../core/db/knex.js';
import { testDatabaseUrl, usingPostgres } from '../../helpers/db.js';
import { invitee, setUpBookingWorld, type BookingWorld } from './helpers.js';

/** The advisory locks a piece of work asks for on `db`. */
async function locksTakenBy(db: Knex, work: () => Promise<unknown>): Promise<number> {
  let locks = 0;
  const listener = (q: { sql: string }) => {
    if (q.sql.includes('pg_advisory_xact_lock')) locks += 1;
  };
  db.on('query', listener);
  try {
    await work();
  } finally {
    db.off('query', listener);
  }
  return locks;
}

describe('core/booking/scheduleBooking host locks', () => {
  let w: BookingWorld;
  before(async () => {
    w = await setUpBookingWorld();
    // ada's "intro" has a daily limit of 5; "chat" counts nothing.
    await w.scheduling.createEventType(w.users.ada, { slug: 'chat', title: 'Chat', durationMinutes: 30 });
  });

  it('needs the lock only when something is counted across bookings', () => {
    const base = { kind: 'one_on_one', daily_limit: null, approval_for_new_invitees: false, hosts_limited: false } as EventTypeRow;
    expect(needsHostLock(base, false)).to.equal(false);
    expect(needsHostLock({ ...base, kind: 'collective' }, false)).to.equal(false);
    expect(needsHostLock({ ...base, kind: 'group' }, false)).to.equal(true);
    expect(needsHostLock({ ...base, kind: 'round_robin' }, false)).to.equal(true);
    expect(needsHostLock({ ...base, daily_limit: 3 }, false)).to.equal(true);
    expect(needsHostLock({ ...base, approval_for_new_invitees: true }, false)).to.equal(true);
    expect(needsHostLock({ ...base, hosts_limited: true }, false)).to.equal(true);
    expect(needsHostLock(base, true)).to.equal(true);
    // A row read without the flag may have limited hosts.
    expect(needsHostLock({ ...base, hosts_limited: undefined }, false)).to.equal(true);
  });

  it('books an event type without limits under the exclusion constraint alone, and locks for a daily limit or a host limit', async () => {
    const book = (eventType: string, start: string) => w.booking.scheduleBooking({ user: 'ada', eventType, start, invitee: invitee() });
    expect(await locksTakenBy(w.db, () => book('chat', '2026-11-25T09:00:00Z'))).to.equal(0);
    expect(await locksTakenBy(w.db, () => book('intro', '2026-11-25T11:00:00Z'))).to.equal(1);
    await w.db('users').where({ id: w.users.ada }).update({ weekly_meeting_limit: 10 });
    try {
      expect(await locksTakenBy(w.db, () => book('chat', '2026-11-25T13:00:00Z'))).to.equal(1);
    } finally {
      await w.db('users').where({ id: w.users.ada }).update({ weekly_meeting_limit: null });
    }
  });

  it('still refuses an overlapping booking of the same host without the lock', async () => {
    await w.booking.scheduleBooking({ user: 'ada', eventType: 'chat', start: '2026-11-26T09:00:00Z', invitee: invitee() });
    const again = await w.booking.scheduleBooking({ user: 'ada', eventType: 'chat', start: '2026-11-26T09:00:00Z', invitee: invitee('H', 'h@x.org') }).catch((e: { code?: string }) => e.code);
    expect(again).to.equal('slot_unavailable');
  });

  it('books a host without limits while another process holds that host\'s lock (PostgreSQL)', async function () {
    if (!usingPostgres()) this.skip();
    const holder = await createDatabase({ databaseUrl: await testDatabaseUrl(), poolMax: 1 });
    const trx = await holder.knex.transaction();
    try {
      await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`yava:host:${w.users.ada}`]);
      const made = await w.booking.scheduleBooking({ user: 'ada', eventType: 'chat', start: '2026-11-27T10:00:00Z', invitee: invitee() });
      expect(made.booking.status).to.equal('scheduled');
    } finally {
      await trx.commit();
      await holder.close();
    }
  });

  it('lets exactly one of many parallel bookings of one slot through, over several connections (PostgreSQL)', async function () {
    if (!usingPostgres()) this.skip();
    const pool = await createDatabase({ databaseUrl: await testDatabaseUrl(), poolMax: 8 });
    try {
      const booking = createBookingService({ db: pool.knex, clock: w.clock });
      const results = await Promise.all(Array.from({ length: 16 }, (_, i) =>
        booking.scheduleBooking({ user: 'ada', eventType: 'chat', start: '2026-11-30T10:00:00Z', invitee: invitee(`P${i}`, `p${i}@x.org`) }).then(() => '201', (e: { code?: string }) => e.code)));
      expect(results.filter((r) => r === '201')).to.have.length(1);
      expect(results.filter((r) => r === 'slot_unavailable')).to.have.length(15);
    } finally {
      await pool.close();
    }
  });
});
