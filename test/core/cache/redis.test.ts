import { expect } from 'chai';
import { createMemoryPubSub, createRedisPubSub } from '../../../core/cache/pubsub.js';
import { createRedis, waitForRedis, type Redis } from '../../../core/cache/redis.js';
import { createMemoryWindowCounter, createRedisWindowCounter } from '../../../core/cache/windowCounter.js';
import { TEST_REDIS_URL, dropRedisPrefix, testRedisPrefix } from '../../helpers/redis.js';

describe('core/cache on Redis', () => {
  const prefix = testRedisPrefix();
  const clients: Redis[] = [];
  const connect = async () => {
    const r = await createRedis({ url: TEST_REDIS_URL, keyPrefix: prefix });
    clients.push(r);
    await waitForRedis(r);
    return r;
  };
  after(async () => {
    await dropRedisPrefix(prefix);
    for (const c of clients) c.disconnect();
  });

  it('window counters on two connections count one shared window, aligned to the clock', async () => {
    const a = createRedisWindowCounter(await connect());
    const b = createRedisWindowCounter(await connect());
    const now = Date.UTC(2026, 10, 30, 10, 0, 30);
    expect((await a.hit('k', 60_000, now)).count).to.equal(1);
    expect((await b.hit('k', 60_000, now + 1_000)).count).to.equal(2);
    const third = await a.hit('k', 60_000, now + 2_000);
    expect(third).to.deep.equal({ count: 3, resetAt: Date.UTC(2026, 10, 30, 10, 1, 0) });
    // The next window starts over.
    expect((await b.hit('k', 60_000, now + 30_000)).count).to.equal(1);
  });

  it('keys carry the prefix and expire', async () => {
    const redis = await connect();
    await createRedisWindowCounter(redis).hit('ttl', 60_000, Date.now());
    const raw = await createRedis({ url: TEST_REDIS_URL, keyPrefix: '' });
    clients.push(raw);
    await waitForRedis(raw);
    const keys = await raw.keys(`${prefix}rl:ttl:*`);
    expect(keys).to.have.length(1);
    const ttl = await raw.pttl(keys[0]!);
    expect(ttl).to.be.within(1, 120_000);
  });

  it('the memory counter behaves the same within one process', async () => {
    const m = createMemoryWindowCounter();
    const now = Date.UTC(2026, 10, 30, 10, 0, 59);
    expect((await m.hit('k', 60_000, now)).count).to.equal(1);
    expect((await m.hit('k', 60_000, now)).count).to.equal(2);
    expect((await m.hit('k', 60_000, now + 1_000)).count).to.equal(1);
  });

  it('pub/sub delivers a message published on one connection to subscribers on others', async () => {
    const publisher = createRedisPubSub(await connect());
    const s1 = createRedisPubSub(await connect());
    const s2 = createRedisPubSub(await connect());
    const got: unknown[] = [];
    const unsub1 = await s1.subscribe('booking-events', (m) => got.push(['s1', m]));
    await s2.subscribe('booking-events', (m) => got.push(['s2', m]));
    await s2.subscribe('other', (m) => got.push(['other', m]));
    await publisher.publish('booking-events', { bookingId: 'b1', status: 'scheduled' });
    for (let i = 0; i < 50 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(got).to.have.deep.members([
      ['s1', { bookingId: 'b1', status: 'scheduled' }],
      ['s2', { bookingId: 'b1', status: 'scheduled' }],
    ]);
    await unsub1();
    await publisher.publish('booking-events', { n: 2 });
    for (let i = 0; i < 50 && got.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(got.slice(2)).to.deep.equal([['s2', { n: 2 }]]);
    await Promise.all([publisher.close(), s1.close(), s2.close()]);
  });

  it('another prefix (another deployment or test run) does not hear the messages', async () => {
    const other = await createRedis({ url: TEST_REDIS_URL, keyPrefix: `${prefix}other:` });
    clients.push(other);
    await waitForRedis(other);
    const heard: unknown[] = [];
    const sub = createRedisPubSub(other);
    await sub.subscribe('booking-events', (m) => heard.push(m));
    await createRedisPubSub(await connect()).publish('booking-events', { x: 1 });
    await new Promise((r) => setTimeout(r, 150));
    expect(heard).to.deep.equal([]);
    await sub.close();
  });

  it('the in-process pub/sub has the same contract', async () => {
    const ps = createMemoryPubSub();
    const got: unknown[] = [];
    const off = await ps.subscribe('c', (m) => got.push(m));
    await ps.publish('c', { a: 1 });
    await off();
    await ps.publish('c', { a: 2 });
    expect(got).to.deep.equal([{ a: 1 }]);
  });
});
