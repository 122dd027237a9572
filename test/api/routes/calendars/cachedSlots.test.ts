import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import type { GoogleFake } from '../../../fakes/google.js';
import { resetTestDb } from '../../../helpers/db.js';
import { TEST_REDIS_URL, dropRedisPrefix, testRedisPrefix } from '../../../helpers/redis.js';
import type { ApiCall } from '../../../helpers/server.js';
import { GOOGLE_PRIMARY, runQueuedSyncs, slotStarts, startWithGoogle } from './helpers.js';

/**
 * With REDIS_URL, slot lists are cached under the hosts' data versions. A calendar sync that
 * brings a change moves the version in its own transaction, so the list is never stale; one that
 * brings nothing (only its claim, sync token and sync time change) leaves the cached list standing.
 */
describe('cached slots (REDIS_URL) and calendar syncs', () => {
  const prefix = testRedisPrefix();
  const clock = createFixedClock('2026-11-30T08:00:00Z');
  const day = '2026-12-01';
  const ten = `${day}T10:00:00.000Z`;
  let google: GoogleFake;
  let server: RunningServer;
  let call: ApiCall;
  let token: string;

  const hits = async () => {
    const text = (await call('GET', '/metrics')).text;
    return Number(/^yava_availability_cache_total\{[^}]*result="hit"[^}]*\} (\d+)/m.exec(text)?.[1] ?? 0);
  };
  const offered = async () => (await slotStarts(server, 'ada', 'intro', day)).includes(ten);
  const sync = async () => {
    const res = await call('POST', '/api/calendars/sync', { token });
    expect(res.status, res.text).to.equal(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).to.deep.equal(['synced']);
  };

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    let host: { token: string };
    ({ google, server, call, host } = await startWithGoogle(clock, { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix, RATE_LIMIT: 'off' }));
    token = host.token;
    await runQueuedSyncs(server);
  });
  after(async () => {
    await server?.close();
    await google?.stop();
    await dropRedisPrefix(prefix);
  });

  it('a sync that brings nothing new keeps the cached list; one that brings an event or takes it away is seen at once', async () => {
    expect(await offered()).to.equal(true);
    const first = await hits();
    expect(await offered()).to.equal(true);
    expect(await hits(), 'the second listing came from the cache').to.equal(first + 1);

    // Nothing changed at Google: the sync takes and gives back its claim and stores a new sync token.
    const version = async () => (await server.deps.db('host_data_versions').first('version'))?.version;
    const before = await version();
    await sync();
    expect(await version()).to.equal(before);
    expect(await offered()).to.equal(true);
    expect(await hits(), 'still from the cache after a sync that changed nothing').to.equal(first + 2);

    const dentist = google.putEvent(GOOGLE_PRIMARY, { summary: 'Dentist', start: { dateTime: '2026-12-01T10:00:00Z', timeZone: 'UTC' }, end: { dateTime: '2026-12-01T11:00:00Z', timeZone: 'UTC' } });
    await sync();
    expect(await offered(), 'the event synced blocks its time at once').to.equal(false);
    expect(await offered()).to.equal(false);

    google.deleteEvent(GOOGLE_PRIMARY, dentist.id);
    await sync();
    expect(await offered(), 'the event gone frees its time at once').to.equal(true);
  });
});
