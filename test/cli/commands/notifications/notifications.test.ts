import { expect } from 'chai';
import { ApiClient } from '../../../../cli/client.js';
import Notifications from '../../../../cli/commands/notifications/index.js';
import NotificationsLog from '../../../../cli/commands/notifications/log.js';
import { parseSseChunk } from '../../../../cli/sse.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer } from '../../../helpers/server.js';
import { fakeApi, parseArgv, parseError, runWith } from '../harness.js';

const note = (id: string, read = false) => ({ id, kind: 'booking.created', title: `New meeting: Intro with N${id}`, body: 'Wednesday, 2 December 2026, 10:00–10:30 (UTC).', bookingId: null, read, createdAt: '2026-12-01T08:00:00.000Z' });

describe('cli/commands/notifications', () => {
  describe('parse', () => {
    it('reads --all, --read, --limit, --follow and --count', async () => {
      expect((await parseArgv(Notifications, ['--all', '--limit', '10'])).flags).to.include({ all: true, limit: 10 });
      expect((await parseArgv(Notifications, ['-f', '--count', '2'])).flags).to.include({ follow: true, count: 2 });
    });
    it('refuses --count without --follow, and --read with --follow (exit 2)', async () => {
      expect((await parseError(Notifications, ['--count', '2'])).exit).to.equal(2);
      expect((await parseError(Notifications, ['--follow', '--read'])).exit).to.equal(2);
    });
  });

  describe('run', () => {
    it('lists unread notifications by default, and marks the listed ones read with --read', async () => {
      const api = fakeApi({ 'GET /api/notifications': { notifications: [note('7'), note('6')] }, 'POST /api/notifications/read': { marked: 2 } });
      const { stdout, result } = await runWith<{ marked: number }>(Notifications, ['--read', '--tz', 'UTC'], api);
      expect(api.calls[0]).to.deep.equal({ method: 'GET', path: '/api/notifications', query: { limit: '50', unread: 'true' } });
      expect(api.calls[1]).to.deep.equal({ method: 'POST', path: '/api/notifications/read', body: { ids: ['7', '6'] } });
      expect(stdout).to.include('New meeting: Intro with N7').and.include('Marked 2 read.');
      expect(result.marked).to.equal(2);
    });
    it('--all asks for read ones too; an empty list says so', async () => {
      const api = fakeApi({ 'GET /api/notifications': { notifications: [] } });
      const { stdout } = await runWith(Notifications, ['--all'], api);
      expect(api.calls[0]!.query).to.deep.equal({ limit: '50' });
      expect(stdout).to.include('No notifications.');
    });
  });
});

describe('cli/commands/notifications/log', () => {
  it('passes the filters and prints the next page\u2019s command', async () => {
    const entry = { id: 'm1', channel: 'webhook', status: 'dead', attempts: 3, maxAttempts: 200, providerId: null, lastError: 'HTTP 410 Gone', bookingId: null, to: 'https://example.com/h', subject: 'booking.created', nextAttemptAt: '2026-12-01T08:00:00.000Z', createdAt: '2026-12-01T08:00:00.000Z', sentAt: null };
    const api = fakeApi({ 'GET /api/notifications/log': { messages: [entry], nextCursor: 'abc' } });
    const { stdout } = await runWith(NotificationsLog, ['--channel', 'webhook', '--status', 'dead', '--limit', '1', '--tz', 'UTC'], api);
    expect(api.calls[0]!.query).to.deep.include({ channel: 'webhook', status: 'dead', limit: '1' });
    expect(stdout).to.include('HTTP 410 Gone').and.include('https://example.com/h').and.include('yava notifications log --cursor abc');
  });
  it('refuses an unknown --status (exit 2)', async () => {
    expect((await parseError(NotificationsLog, ['--status', 'lost'])).exit).to.equal(2);
  });
});

describe('cli/sse parseSseChunk', () => {
  it('parses ids, event names, multi-line data and comments, keeping an unfinished event for later', () => {
    const { events, rest } = parseSseChunk(': connected\n\nid: 5\nevent: notification\ndata: {"a":\ndata: 1}\n\nid: 6\ndata: x');
    expect(events).to.deep.equal([{ id: '5', event: 'notification', data: '{"a":\n1}' }]);
    expect(rest).to.equal('id: 6\ndata: x');
  });
});

describe('yava notifications --follow (against a server)', function () {
  this.timeout(90_000);
  let server: RunningServer;
  let host: Awaited<ReturnType<typeof registerUser>>;

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    server = await startTestServer({ env: { NOTIFICATIONS_HEARTBEAT_MS: '200' } });
    host = await registerUser(apiClient(server.url), { name: 'Hela', username: 'hela', timezone: 'UTC' });
    await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro', durationMinutes: 30, minimumNoticeMinutes: 0 });
  });
  after(() => server?.close());

  it('prints each notification as it arrives, one JSON line each with --json, and stops after --count', async () => {
    const client = new ApiClient({ server: server.url, token: host.accessToken });
    const running = runWith<{ notifications: Array<{ title: string }> }>(Notifications, ['--follow', '--count', '2', '--json'], client);
    // Give the stream a moment to connect, then make two changes.
    await new Promise((r) => setTimeout(r, 1500));
    const start = new Date(Date.now() + 21 * 86_400_000);
    while (start.getUTCDay() === 0 || start.getUTCDay() === 6) start.setUTCDate(start.getUTCDate() + 1);
    start.setUTCHours(10, 0, 0, 0);
    const { booking } = await server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start: start.toISOString(), invitee: { name: 'Ivy', email: 'ivy@example.com', timezone: 'UTC' } });
    await server.deps.services.booking.cancelBooking(booking.id, {}, { userId: host.user.id });
    const { stdout, result } = await running;
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.title)).to.deep.equal(['New meeting: Intro with Ivy', 'Canceled: Intro with Ivy']);
    expect(result.notifications).to.have.length(2);
  });
});
