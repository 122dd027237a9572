import { expect } from 'chai';
import { createAvailabilityCache, readHostVersions } from '../../../core/cache/availabilityCache.js';
import { createRedis, waitForRedis, type Redis } from '../../../core/cache/redis.js';
import { resetTestDb } from '../../helpers/db.js';
import { insertUser } from '../../helpers/meetings.js';
import { TEST_REDIS_URL, dropRedisPrefix, testRedisPrefix } from '../../helpers/redis.js';

describe('host data versions and the availability cache', () => {
  const prefix = testRedisPrefix();
  const clients: Redis[] = [];
  after(async () => {
    for (const c of clients) c.disconnect();
    await dropRedisPrefix(prefix);
  });

  it('triggers bump a host version on bookings, schedules, external busy time, calendar events and availability settings only', async () => {
    const db = (await resetTestDb()).knex;
    const a = await insertUser(db, { username: 'ver-a' });
    const b = await insertUser(db, { username: 'ver-b' });
    const v = async () => readHostVersions(db, [a.id, b.id]);
    expect(await v()).to.deep.equal([0, 0]);
    await db('schedules').insert({ user_id: a.id, timezone: 'UTC', weekly: JSON.stringify([]), overrides: JSON.stringify([]), is_default: true });
    expect(await v()).to.deep.equal([1, 0]);
    await db('schedules').where({ user_id: a.id }).update({ weekly: JSON.stringify([{ day: 'mon', start: '09:00', end: '10:00' }]) });
    expect(await v()).to.deep.equal([2, 0]);
    await db('external_busy').insert({ user_id: b.id, source: 'test', external_id: 'e1', busy: db.raw("tstzrange('2026-12-01T10:00Z', '2026-12-01T11:00Z')") });
    expect(await v()).to.deep.equal([2, 1]);
    await db('users').where({ id: b.id }).update({ daily_meeting_limit: 3 });
    expect(await v()).to.deep.equal([2, 2]);
    await db('users').where({ id: b.id }).update({ name: 'Renamed' });
    expect(await v()).to.deep.equal([2, 2]);
    await db('external_busy').where({ user_id: b.id }).delete();
    expect(await v()).to.deep.equal([2, 3]);
    // A no-op statement (no rows) changes nothing; one statement over both hosts bumps each once.
    await db('external_busy').where({ user_id: a.id }).delete();
    expect(await v()).to.deep.equal([2, 3]);
    await db('external_busy').insert([a, b, b].map((u, i) => ({ user_id: u.id, source: 'test', external_id: `m${i}`, busy: db.raw("tstzrange('2026-12-02T10:00Z', '2026-12-02T11:00Z')") })));
    expect(await v()).to.deep.equal([3, 4]);
    // Synced calendar events and the calendars they come from count too.
    const [conn] = await db('calendar_connections').insert({ user_id: a.id, provider: 'caldav', account: 'a@dav', credentials: 'sealed' }).returning('id');
    const [cal] = await db('connected_calendars').insert({ connection_id: conn.id, user_id: a.id, external_id: '/cal/a/', name: 'A', check_conflicts: true }).returning('id');
    expect(await v()).to.deep.equal([4, 4]);
    await db('external_events').insert({ calendar_id: cal.id, user_id: a.id, external_id: 'ev1', instance_key: 'ev1', busy: db.raw("tstzrange('2026-12-03T10:00Z', '2026-12-03T11:00Z')") });
    expect(await v()).to.deep.equal([5, 4]);
    // Deleting a user cascades to their rows without tripping over their version row.
    await db('users').where({ id: a.id }).delete();
    expect(await v()).to.deep.equal([0, 4]);
  });

  it('serves the cached answer until a host version changes, then computes again', async () => {
    const db = (await resetTestDb()).knex;
    const a = await insertUser(db, { username: 'cache-a' });
    const redis = await createRedis({ url: TEST_REDIS_URL, keyPrefix: prefix });
    clients.push(redis);
    await waitForRedis(redis);
    const outcomes: boolean[] = [];
    const cache = createAvailabilityCache({ db, redis, onResult: (hit) => outcomes.push(hit) });
    let computed = 0;
    const compute = async () => ({ n: ++computed });
    expect(await cache.cached([a.id], { q: 1 }, compute)).to.deep.equal({ n: 1 });
    expect(await cache.cached([a.id], { q: 1 }, compute)).to.deep.equal({ n: 1 });
    expect(await cache.cached([a.id], { q: 2 }, compute)).to.deep.equal({ n: 2 });
    await db('users').where({ id: a.id }).update({ timezone: 'Europe/Paris' });
    expect(await cache.cached([a.id], { q: 1 }, compute)).to.deep.equal({ n: 3 });
    expect(outcomes).to.deep.equal([false, true, false, false]);
  });

  it('computes every time when Redis is unreachable', async () => {
    const db = (await resetTestDb()).knex;
    const a = await insertUser(db, { username: 'cache-down' });
    const redis = await createRedis({ url: 'redis://127.0.0.1:1', keyPrefix: prefix });
    clients.push(redis);
    const cache = createAvailabilityCache({ db, redis });
    let computed = 0;
    await cache.cached([a.id], {}, async () => ++computed);
    await cache.cached([a.id], {}, async () => ++computed);
    expect(computed).to.equal(2);
  });
});
