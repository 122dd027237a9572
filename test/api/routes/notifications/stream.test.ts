import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb, testDatabaseUrl, usingPostgres } from '../../../helpers/db.js';
import { TEST_REDIS_URL, dropRedisPrefix, testRedisPrefix } from '../../../helpers/redis.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { openSse } from '../../../helpers/sse.js';

const API_PROCESS = fileURLToPath(new URL('../../../helpers/apiProcess.ts', import.meta.url));

/** A weekday 09:00 UTC + `n` hours, three weeks ahead (the servers here run on the real clock). */
function slot(n: number): string {
  const d = new Date(Date.now() + 21 * 86_400_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCHours(9 + n, 0, 0, 0);
  return d.toISOString();
}

describe('GET /api/notifications/stream (Server-Sent Events)', function () {
  this.timeout(90_000);
  const servers: RunningServer[] = [];
  const prefix = testRedisPrefix();
  let host: Awaited<ReturnType<typeof registerUser>>;
  let n = 0;

  const start = async (env: Record<string, string>) => {
    const s = await startTestServer({ env });
    servers.push(s);
    return s;
  };
  const book = (server: RunningServer, name: string) =>
    server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start: slot((n += 1)), invitee: { name, email: `${name.toLowerCase()}@example.com`, timezone: 'UTC' } });
  const titles = (events: Array<{ data: string }>) => events.map((e) => JSON.parse(e.data).title as string);

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    const first = await start({ NOTIFICATIONS_HEARTBEAT_MS: '200' });
    const call: ApiCall = apiClient(first.url);
    host = await registerUser(call, { name: 'Hela', username: 'hela', timezone: 'UTC' });
    await first.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro', durationMinutes: 30, minimumNoticeMinutes: 0 });
  });
  after(async () => {
    for (const s of servers) await s.close();
    await dropRedisPrefix(prefix);
  });

  it('needs a token', async () => {
    const stream = await openSse(`${servers[0]!.url}/api/notifications/stream`);
    expect(stream.status).to.equal(401);
  });

  it('also accepts the dashboard’s session cookie (yava_session), not a forged one', async () => {
    const server = servers[0]!;
    const stream = await openSse(`${server.url}/api/notifications/stream`, undefined, undefined, { cookie: `yava_session=${host.accessToken}` });
    expect(stream.status).to.equal(200);
    await book(server, 'Cookie');
    await stream.until(() => stream.events.length === 1);
    expect(titles(stream.events)).to.deep.equal(['New meeting: Intro with Cookie']);
    stream.close();
    expect((await openSse(`${server.url}/api/notifications/stream`, undefined, undefined, { cookie: 'yava_session=forged' })).status).to.equal(401);
  });

  it('lets go of a client that leaves while its stream is still subscribing (no timer or subscription left behind)', async () => {
    const server = servers[0]!;
    const inbox = server.deps.services.inbox;
    const original = inbox.subscribe;
    let active = 0;
    let entered!: () => void;
    const subscribing = new Promise<void>((resolve) => {
      entered = resolve;
    });
    inbox.subscribe = async (userId, wake) => {
      entered();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const unsubscribe = await original(userId, wake);
      active += 1;
      return async () => {
        active -= 1;
        await unsubscribe();
      };
    };
    try {
      const controller = new AbortController();
      const response = fetch(`${server.url}/api/notifications/stream`, { headers: { authorization: `Bearer ${host.accessToken}` }, signal: controller.signal }).catch(() => null);
      await subscribing;
      controller.abort();
      await response;
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(active).to.equal(0);
    } finally {
      inbox.subscribe = original;
    }
  });

  it('streams a new notification with its id, sends heartbeats, and resumes after Last-Event-ID', async () => {
    const server = servers[0]!;
    const stream = await openSse(`${server.url}/api/notifications/stream`, host.accessToken);
    expect(stream.status).to.equal(200);
    expect(stream.headers.get('content-type')).to.match(/^text\/event-stream/);
    await stream.until(() => stream.raw().includes(': heartbeat'));
    await book(server, 'Ann');
    await stream.until(() => stream.events.length === 1);
    expect(stream.events[0]!.event).to.equal('notification');
    expect(titles(stream.events)).to.deep.equal(['New meeting: Intro with Ann']);
    const lastId = stream.events[0]!.id!;
    expect(lastId).to.equal(JSON.parse(stream.events[0]!.data).id);
    stream.close();

    // Missed while disconnected: delivered first on reconnecting with Last-Event-ID.
    await book(server, 'Bob');
    await book(server, 'Cy');
    const resumed = await openSse(`${server.url}/api/notifications/stream`, host.accessToken, lastId);
    await resumed.until(() => resumed.events.length === 2);
    expect(titles(resumed.events)).to.deep.equal(['New meeting: Intro with Bob', 'New meeting: Intro with Cy']);
    expect(Number(resumed.events[1]!.id)).to.be.greaterThan(Number(resumed.events[0]!.id));
    resumed.close();
    // A fresh stream without Last-Event-ID starts from now: nothing old is replayed.
    const fresh = await openSse(`${server.url}/api/notifications/stream`, host.accessToken);
    await fresh.until(() => fresh.raw().includes(': heartbeat'));
    expect(fresh.events).to.deep.equal([]);
    fresh.close();
  });

  it('delivers a notification written by another server (one database) through Redis pub/sub, well before a heartbeat', async () => {
    const env = { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix, NOTIFICATIONS_HEARTBEAT_MS: '120000' };
    const a = await start(env);
    const b = await start(env);
    const stream = await openSse(`${a.url}/api/notifications/stream`, host.accessToken);
    await stream.until(() => stream.raw().includes(': connected'));
    const started = Date.now();
    await book(b, 'Dee');
    await stream.until(() => stream.events.length === 1, 10_000);
    expect(Date.now() - started).to.be.below(10_000);
    expect(titles(stream.events)).to.deep.equal(['New meeting: Intro with Dee']);
    stream.close();
  });

  it('without Redis, another server\u2019s notification arrives at the next heartbeat (the stream re-reads the database)', async () => {
    const a = await start({ NOTIFICATIONS_HEARTBEAT_MS: '300' });
    const b = await start({ NOTIFICATIONS_HEARTBEAT_MS: '300' });
    const stream = await openSse(`${a.url}/api/notifications/stream`, host.accessToken);
    await stream.until(() => stream.raw().includes(': connected'));
    await book(b, 'Eve');
    await stream.until(() => stream.events.length === 1, 10_000);
    expect(titles(stream.events)).to.deep.equal(['New meeting: Intro with Eve']);
    stream.close();
  });

  it('PostgreSQL: a notification created in another server process reaches this one\u2019s stream (Redis pub/sub)', async function () {
    if (!usingPostgres()) this.skip();
    const a = await start({ REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix, NOTIFICATIONS_HEARTBEAT_MS: '120000' });
    const child = spawn(process.execPath, ['--import', 'tsx', API_PROCESS], { env: { ...process.env, DATABASE_URL: await testDatabaseUrl(), REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await listeningUrl(child);
      const stream = await openSse(`${a.url}/api/notifications/stream`, host.accessToken);
      await stream.until(() => stream.raw().includes(': connected'));
      const res = await apiClient(url)('POST', '/api/meetings/schedule', { body: { user: 'hela', eventType: 'intro', start: slot((n += 1)), invitee: { name: 'Fay', email: 'fay@example.com', timezone: 'UTC' } } });
      expect(res.status, res.text).to.equal(201);
      await stream.until(() => stream.events.length === 1, 10_000);
      expect(titles(stream.events)).to.deep.equal(['New meeting: Intro with Fay']);
      stream.close();
    } finally {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      });
    }
  });
});

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('API process did not start in 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`API process exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^listening (\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
}
