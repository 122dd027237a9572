import { expect } from 'chai';
import type { RunningServer } from '../../../server/compose.js';
import { resetTestDb, testDatabaseUrl, usingPostgres } from '../../helpers/db.js';
import { TEST_REDIS_URL, dropRedisPrefix, testRedisPrefix } from '../../helpers/redis.js';
import { createEventType, createHost, invitee } from '../../helpers/scheduling.js';
import { ensureBuilt, startServe, type ServeProcess } from '../../helpers/serve.js';
import { apiClient, startTestServer, type ApiCall } from '../../helpers/server.js';

const hits = async (call: ApiCall) => {
  const text = (await call('GET', '/metrics')).text;
  return Number(/^yava_availability_cache_total\{[^}]*result="hit"[^}]*\} (\d+)/m.exec(text)?.[1] ?? 0);
};

/**
 * With REDIS_URL, slot lists are cached by the hosts' data versions. A booking made through
 * process A bumps the host's version in its transaction, so process B never offers that slot
 * from its (shared) cache afterwards. On PostgreSQL A and B are `yava serve --role api`
 * processes; on the embedded database, two servers in this process with their own connections.
 */
describe('availability cache across two API processes (REDIS_URL)', function () {
  this.timeout(120_000);
  const prefix = testRedisPrefix();
  const env = { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix, RATE_LIMIT: 'off' };
  const stops: Array<() => Promise<unknown>> = [];
  let a: ApiCall;
  let b: ApiCall;

  before(async () => {
    await resetTestDb();
    let urls: string[];
    if (usingPostgres()) {
      ensureBuilt();
      const databaseUrl = await testDatabaseUrl();
      const jwt = 'availability-cache-secret-long-enough-0123456789';
      const procs: ServeProcess[] = await Promise.all([1, 2].map(() => startServe(['--role', 'api'], { ...env, DATABASE_URL: databaseUrl, JWT_SECRET: jwt })));
      urls = procs.map((p) => p.url);
      stops.push(...procs.map((p) => () => p.stop()));
    } else {
      const servers: RunningServer[] = await Promise.all([1, 2].map(() => startTestServer({ env })));
      urls = servers.map((s) => s.url);
      stops.push(...servers.map((s) => () => s.close()));
    }
    [a, b] = urls.map((u) => apiClient(u)) as [ApiCall, ApiCall];
  });
  after(async () => {
    await Promise.all(stops.map((s) => s()));
    await dropRedisPrefix(prefix);
  });

  it('a slot booked through A is not offered by B, which had it cached before', async () => {
    const host = await createHost(a, 'cache-host');
    await createEventType(a, host.token, { slug: 'c', maxDaysAhead: 800 });
    const d = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 2, 2));
    while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
    const day = d.toISOString().slice(0, 10); // a weekday next year
    const query = `/api/availability?user=cache-host&eventType=c&from=${day}&to=${day}&timezone=UTC`;
    const first = await b('GET', query);
    expect(first.status).to.equal(200);
    const slot = first.body.slots[3].start as string;
    const before = await hits(b);
    expect((await b('GET', query)).body.slots.map((s: { start: string }) => s.start)).to.include(slot);
    expect(await hits(b)).to.equal(before + 1); // B answered from the cache

    const booked = await a('POST', '/api/meetings/schedule', { body: { user: 'cache-host', eventType: 'c', start: slot, invitee: invitee(1) } });
    expect(booked.status, booked.text).to.equal(201);
    const after = await b('GET', query);
    expect(after.body.slots.map((s: { start: string }) => s.start)).not.to.include(slot);
    expect(after.body.slots).to.have.length(first.body.slots.length - 1);

    // A schedule change through A is seen by B at once too.
    const cut = await a('PUT', '/api/availability/schedule', { token: host.token, body: { timezone: 'UTC', weekly: ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => ({ day: d, start: '09:00', end: '10:00' })), overrides: [] } });
    expect(cut.status).to.equal(200);
    expect((await b('GET', query)).body.slots.map((s: { start: string }) => s.start)).to.deep.equal([`${day}T09:00:00.000Z`, `${day}T09:30:00.000Z`].filter((s) => s !== slot));
  });
});
