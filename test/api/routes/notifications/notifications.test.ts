import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

describe('GET /api/notifications, POST /api/notifications/read, GET /api/notifications/log', () => {
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-12-01T08:00:00Z');
  let admin: Awaited<ReturnType<typeof registerUser>>;
  let host: Awaited<ReturnType<typeof registerUser>>;
  let other: Awaited<ReturnType<typeof registerUser>>;
  let hour = 9;

  const book = async (name: string) => {
    hour += 1;
    return server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start: `2026-12-02T${String(hour).padStart(2, '0')}:00:00Z`, invitee: { name, email: `${name.toLowerCase()}@example.com`, timezone: 'UTC' } });
  };

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    server = await startTestServer({ clock, env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'on' } });
    call = apiClient(server.url);
    admin = await registerUser(call, { name: 'Admin', username: 'root' });
    host = await registerUser(call, { name: 'Hela', username: 'hela', timezone: 'UTC' });
    other = await registerUser(call, { name: 'Otto', username: 'otto' });
    await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro', durationMinutes: 30 });
  });
  after(() => server?.close());

  it('lists the host\u2019s notifications for each booking change; ?unread and marking read by id or all', async () => {
    const { booking } = await book('Ivy');
    await server.deps.services.booking.cancelBooking(booking.id, { reason: 'ill' }, { userId: host.user.id });
    const all = await call('GET', '/api/notifications', { token: host.accessToken });
    expect(all.status).to.equal(200);
    expect(all.body.notifications.map((n: { kind: string }) => n.kind)).to.deep.equal(['booking.canceled', 'booking.created']);
    const [canceled, created] = all.body.notifications;
    expect(created).to.include({ title: 'New meeting: Intro with Ivy', bookingId: booking.id, read: false });
    expect(created.body).to.equal('Wednesday, 2 December 2026, 10:00–10:30 (UTC).');
    expect(canceled.body).to.include('Reason: ill');
    expect((await call('GET', '/api/notifications', { token: other.accessToken })).body.notifications).to.deep.equal([]);

    // Someone else cannot mark mine read.
    expect((await call('POST', '/api/notifications/read', { token: other.accessToken, body: { ids: [created.id] } })).body).to.deep.equal({ marked: 0 });
    expect((await call('POST', '/api/notifications/read', { token: host.accessToken, body: { ids: [created.id] } })).body).to.deep.equal({ marked: 1 });
    const unread = await call('GET', '/api/notifications?unread', { token: host.accessToken });
    expect(unread.body.notifications.map((n: { id: string }) => n.id)).to.deep.equal([canceled.id]);
    expect((await call('POST', '/api/notifications/read', { token: host.accessToken, body: { all: true } })).body).to.deep.equal({ marked: 1 });
    expect((await call('GET', '/api/notifications?unread=true', { token: host.accessToken })).body.notifications).to.deep.equal([]);
    expect((await call('GET', '/api/notifications', { token: host.accessToken })).body.notifications.every((n: { read: boolean }) => n.read)).to.equal(true);
  });

  it('refuses a bad body, a bad id, and the anonymous', async () => {
    expect((await call('POST', '/api/notifications/read', { token: host.accessToken, body: {} })).status).to.equal(400);
    expect((await call('POST', '/api/notifications/read', { token: host.accessToken, body: { ids: ['x1'] } })).status).to.equal(400);
    expect((await call('POST', '/api/notifications/read', { token: host.accessToken, body: { all: false } })).status).to.equal(400);
    expect((await call('GET', '/api/notifications')).status).to.equal(401);
    expect((await call('GET', '/api/notifications/log')).status).to.equal(401);
  });

  it('refuses ?all to a non-admin naming the field "all", so the CLI can say --all', async () => {
    const res = await call('GET', '/api/notifications/log?all=true', { token: host.accessToken });
    expect(res.status).to.equal(403);
    expect(res.body.errors).to.deep.equal([{ field: 'all', message: 'only admins can read everyone\'s log; leave it out' }]);
  });

  it('the log shows every channel with status, attempts, provider id and error, filtered and paged; admins see all', async () => {
    await server.deps.db('outbox').del();
    const sub = await call('POST', '/api/webhooks', { token: host.accessToken, body: { url: 'http://127.0.0.1:9/closed', events: ['booking.created'] } });
    expect(sub.status).to.equal(201);
    const { booking } = await book('Bea');
    await server.deps.services.notify.createDispatcher().drain();

    const log = await call('GET', '/api/notifications/log', { token: host.accessToken });
    expect(log.status).to.equal(200);
    const byChannel = Object.fromEntries(log.body.messages.map((m: { channel: string }) => [m.channel, m]));
    expect(Object.keys(byChannel).sort()).to.deep.equal(['email', 'webhook']);
    expect(byChannel.webhook).to.include({ status: 'pending', attempts: 1, to: 'http://127.0.0.1:9/closed', subject: 'booking.created', bookingId: booking.id, providerId: null });
    expect(byChannel.webhook.lastError).to.match(/ECONNREFUSED/);
    expect(byChannel.email).to.include({ status: 'sent', attempts: 1, bookingId: booking.id, lastError: null });
    expect(byChannel.email.providerId).to.match(/^</);

    const webhooks = await call('GET', '/api/notifications/log?channel=webhook&status=pending', { token: host.accessToken });
    expect(webhooks.body.messages).to.have.length(1);
    expect((await call('GET', '/api/notifications/log?status=dead', { token: host.accessToken })).body.messages).to.deep.equal([]);

    const page1 = await call('GET', '/api/notifications/log?limit=2', { token: host.accessToken });
    expect(page1.body.messages).to.have.length(2);
    expect(page1.body.nextCursor).to.be.a('string');
    const page2 = await call('GET', `/api/notifications/log?limit=2&cursor=${page1.body.nextCursor}`, { token: host.accessToken });
    const ids = [...page1.body.messages, ...page2.body.messages].map((m: { id: string }) => m.id);
    expect(new Set(ids).size).to.equal(ids.length);
    expect(ids.length).to.equal(log.body.messages.length);
    expect((await call('GET', '/api/notifications/log?cursor=garbage', { token: host.accessToken })).status).to.equal(400);

    expect((await call('GET', '/api/notifications/log', { token: other.accessToken })).body.messages).to.deep.equal([]);
    expect((await call('GET', '/api/notifications/log?all=true', { token: other.accessToken })).status).to.equal(403);
    expect((await call('GET', '/api/notifications/log?all=true', { token: admin.accessToken })).body.messages.length).to.be.at.least(log.body.messages.length);
  });

  it('the admin outbox names a webhook row\u2019s URL and event type as the log does', async () => {
    const log = await call('GET', '/api/notifications/log?channel=webhook', { token: host.accessToken });
    const inLog = log.body.messages[0] as { id: string; to: string; subject: string };
    expect(inLog).to.include({ to: 'http://127.0.0.1:9/closed', subject: 'booking.created' });
    const outbox = await call('GET', '/api/admin/outbox', { token: admin.accessToken });
    expect(outbox.status).to.equal(200);
    expect(outbox.body.messages.find((m: { id: string }) => m.id === inLog.id)).to.include({ to: inLog.to, subject: inLog.subject });
  });
});
