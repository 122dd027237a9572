import { expect } from 'chai';
import type { RunningServer } from '../../../server/compose.js';
import { resetTestDb, testDatabaseUrl, usingPostgres } from '../../helpers/db.js';
import { ensureBuilt, startServe, type ServeProcess } from '../../helpers/serve.js';
import { TEST_REDIS_URL, dropRedisPrefix, testRedisPrefix } from '../../helpers/redis.js';
import { apiClient, startTestServer } from '../../helpers/server.js';

/**
 * Rate limits with REDIS_URL hold across API processes: 10 requests per minute per address,
 * spread over two processes, let exactly 10 through. Without Redis each process would let 10.
 * On PostgreSQL the two are real `yava serve --role api` processes; on the embedded database
 * (one process owns it) they are two servers in this process, each with its own connection.
 */
describe('rate limits shared through Redis across two API processes', function () {
  this.timeout(120_000);
  const prefix = testRedisPrefix();
  const env = { RATE_LIMIT: 'on', RATE_LIMIT_PER_IP_PER_MINUTE: '10', REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix };
  const urls: string[] = [];
  const stops: Array<() => Promise<unknown>> = [];

  before(async () => {
    await resetTestDb();
    if (usingPostgres()) {
      ensureBuilt();
      const databaseUrl = await testDatabaseUrl();
      const jwt = 'shared-rate-limit-secret-long-enough-0123456789';
      const procs: ServeProcess[] = await Promise.all([1, 2].map(() => startServe(['--role', 'api'], { ...env, DATABASE_URL: databaseUrl, JWT_SECRET: jwt })));
      for (const p of procs) {
        urls.push(p.url);
        stops.push(() => p.stop());
      }
    } else {
      const servers: RunningServer[] = await Promise.all([1, 2].map(() => startTestServer({ env })));
      for (const s of servers) {
        urls.push(s.url);
        stops.push(() => s.close());
      }
    }
  });
  after(async () => {
    await Promise.all(stops.map((s) => s()));
    await dropRedisPrefix(prefix);
  });

  it('lets 10 requests a minute through in total, alternating between the processes', async () => {
    // Stay inside one window: start right after a minute boundary if we are close to the next.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 100));
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await apiClient(urls[i % 2]!)('GET', '/api/availability?user=nobody&eventType=x')).status);
    expect(statuses.filter((s) => s === 429)).to.have.length(6);
    expect(statuses.slice(10).every((s) => s === 429)).to.equal(true);
    const limited = await apiClient(urls[1]!)('GET', '/api/availability?user=nobody&eventType=x');
    expect(limited.headers.get('retry-after')).to.match(/^\d+$/);
  });
});
