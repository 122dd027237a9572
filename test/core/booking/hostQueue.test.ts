import { expect } from 'chai';
import { createBookingService } from '../../../core/booking/index.js';
import { HostQueue } from '../../../core/booking/hostQueue.js';
import { createDatabase } from '../../../core/db/knex.js';
import { testDatabaseUrl, usingPostgres } from '../../helpers/db.js';
import { invitee, setUpBookingWorld } from './helpers.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('core/booking/hostQueue', () => {
  it('runs one request per host at a time, in arrival order, and different hosts side by side', async () => {
    const queue = new HostQueue();
    const log: string[] = [];
    const job = (name: string, ms: number) => async () => {
      log.push(`${name}:start`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${name}:end`);
      return name;
    };
    const results = await Promise.all([queue.run(['a'], job('a1', 30)), queue.run(['a'], job('a2', 1)), queue.run(['b'], job('b1', 1))]);
    expect(results).to.deep.equal(['a1', 'a2', 'b1']);
    // b1 did not wait for a1; a2 did.
    expect(log.indexOf('b1:end')).to.be.lessThan(log.indexOf('a1:end'));
    expect(log.indexOf('a2:start')).to.be.greaterThan(log.indexOf('a1:end'));
    expect(queue.busyHosts).to.equal(0);
  });

  it('never deadlocks requests for several hosts named in opposite orders, and survives a failing request', async () => {
    const queue = new HostQueue();
    const runs = [];
    for (let i = 0; i < 20; i++) {
      const hosts = i % 2 ? ['x', 'y', 'z'] : ['z', 'y', 'x'];
      runs.push(queue.run(hosts, async () => {
        await tick();
        if (i === 7) throw new Error('boom');
        return i;
      }).catch((e: Error) => e.message));
    }
    const done = await Promise.all(runs);
    expect(done.filter((d) => d === 'boom')).to.have.length(1);
    expect(done.filter((d) => typeof d === 'number')).to.have.length(19);
    expect(queue.busyHosts).to.equal(0);
  });

  it('keeps requests waiting for one host from taking every pool connection: another host books meanwhile (PostgreSQL)', async function () {
    if (!usingPostgres()) this.skip();
    const w = await setUpBookingWorld();
    await w.scheduling.createEventType(w.users.bob, { slug: 'chat', title: 'Chat', durationMinutes: 30 });
    // The same database through a pool of 3, as a busy API process sees it.
    const small = await createDatabase({ databaseUrl: await testDatabaseUrl(), poolMax: 3 });
    const holder = await createDatabase({ databaseUrl: await testDatabaseUrl(), poolMax: 1 });
    try {
      const booking = createBookingService({ db: small.knex, clock: w.clock });
      // Another process is in the middle of a booking for ada: it holds her advisory lock.
      const trx = await holder.knex.transaction();
      await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`yava:host:${w.users.ada}`]);
      const forAda = ['10:00', '11:00', '12:00', '13:00', '14:00'].map((hhmm, i) =>
        booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: `2026-11-26T${hhmm}:00Z`, invitee: invitee(`A${i}`, `a${i}@x.org`) }));
      await new Promise((r) => setTimeout(r, 200));
      // Five requests wait for ada, yet bob's booking gets a connection and finishes.
      const forBob = await booking.scheduleBooking({ user: 'bob', eventType: 'chat', start: '2026-11-26T10:00:00Z', invitee: invitee() });
      expect(forBob.booking.status).to.equal('scheduled');
      const adaBefore = await w.db('booking_hosts').where({ user_id: w.users.ada }).count<{ count: string }[]>('* as count');
      expect(Number(adaBefore[0]!.count)).to.equal(0);
      await trx.commit();
      const made = await Promise.all(forAda);
      expect(made.map((m) => m.booking.status)).to.deep.equal(Array(5).fill('scheduled'));
    } finally {
      await small.close();
      await holder.close();
    }
  });
});
