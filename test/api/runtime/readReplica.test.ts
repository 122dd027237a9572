import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import knexPkg from 'knex';
import type { RunningServer } from '../../../server/compose.js';
import { createRecentWriters } from '../../../api/middleware/readYourWrites.js';
import { migrateLatest } from '../../../core/db/migrate.js';
import { resetTestDb, testDatabaseUrl, usingPostgres } from '../../helpers/db.js';
import { createEventType, createHost, invitee } from '../../helpers/scheduling.js';
import { apiClient, startTestServer, type ApiCall } from '../../helpers/server.js';

/**
 * DATABASE_READ_URL: availability reads go to the replica, except for whoever changed something
 * moments ago. The "replica" here is a second database that never receives the writes, so a read
 * served by it shows no slots while one served by the primary does.
 */
describe('DATABASE_READ_URL: availability from the replica, read-your-writes from the primary', function () {
  this.timeout(60_000);
  let server: RunningServer;
  let call: ApiCall;
  let replicaUrl: string;
  const admin = () => knexPkg.knex({ client: 'pg', connection: process.env.TEST_DATABASE_URL, pool: { min: 0, max: 1 } });

  before(async function () {
    if (!usingPostgres()) return this.skip();
    await resetTestDb();
    const name = `yava_replica_${randomBytes(4).toString('hex')}`;
    const a = admin();
    await a.raw(`CREATE DATABASE ${name}`).finally(() => a.destroy());
    const url = new URL(await testDatabaseUrl());
    url.pathname = `/${name}`;
    replicaUrl = url.toString();
    const replica = knexPkg.knex({ client: 'pg', connection: replicaUrl, pool: { min: 0, max: 2 } });
    await migrateLatest(replica).finally(() => replica.destroy());
    server = await startTestServer({ env: { DATABASE_URL: await testDatabaseUrl(), DATABASE_READ_URL: replicaUrl } });
    call = apiClient(server.url);
  });
  after(async () => {
    await server?.close();
    if (replicaUrl) {
      const a = admin();
      await a.raw(`DROP DATABASE IF EXISTS ${new URL(replicaUrl).pathname.slice(1)} WITH (FORCE)`).finally(() => a.destroy());
    }
  });

  it('serves others from the replica and the author of a change from the primary', async () => {
    const host = await createHost(call, 'replica-host');
    await createEventType(call, host.token, { slug: 'r', maxDaysAhead: 800 });
    const d = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 2, 2));
    while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
    const day = d.toISOString().slice(0, 10);
    const path = `/api/availability?user=replica-host&eventType=r&from=${day}&to=${day}&timezone=UTC`;

    // Someone else: the replica, which has not seen the host's schedule or event type data.
    expect((await call('GET', path)).body.slots).to.deep.equal([]);
    // The host just saved a schedule: their reads come from the primary.
    const own = await call('GET', path, { token: host.token });
    expect(own.body.slots.length).to.be.greaterThan(0);

    // An invitee who just booked (no account): the cookie from the booking sends them to the primary.
    const booked = await call('POST', '/api/meetings/schedule', { body: { user: 'replica-host', eventType: 'r', start: own.body.slots[0].start, invitee: invitee(1) } });
    expect(booked.status, booked.text).to.equal(201);
    const cookie = booked.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).to.equal('yava_rw=1');
    const after = await call('GET', path, { headers: { cookie } });
    expect(after.body.slots.length).to.equal(own.body.slots.length - 1);
  });

  it('forgets a writer after the window', async () => {
    const writers = createRecentWriters(null, 50);
    await writers.mark('u1');
    expect(await writers.isRecent('u1')).to.equal(true);
    expect(await writers.isRecent('u2')).to.equal(false);
    await new Promise((r) => setTimeout(r, 80));
    expect(await writers.isRecent('u1')).to.equal(false);
  });
});
