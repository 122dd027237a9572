import { expect } from 'chai';
import webpush from 'web-push';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { enqueueOutboxMessages } from '../../../../core/notify/outbox.js';
import { startFakePushService, type FakePushService } from '../../../fakes/pushService.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

describe('web push: POST /api/push/subscriptions, VAPID-signed encrypted reminders, gone subscriptions removed', () => {
  let server: RunningServer;
  let call: ApiCall;
  let push: FakePushService;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  const vapid = webpush.generateVAPIDKeys();
  const vapidEnv = { VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey, VAPID_SUBJECT: 'mailto:ops@yava.test' };
  let host: Awaited<ReturnType<typeof registerUser>>;

  const drain = () => server.deps.services.notify.createDispatcher({ backoffBaseMs: 1000, random: () => 0.5 }).drain();

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    push = await startFakePushService();
    // The fake push service listens on 127.0.0.1.
    server = await startTestServer({ clock, env: { PUBLIC_URL: 'http://yava.test', ...vapidEnv, PUSH_ALLOW_PRIVATE_URLS: 'on' } });
    call = apiClient(server.url);
    host = await registerUser(call, { name: 'Hela', username: 'hela', timezone: 'Europe/Berlin' });
    const et = await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro', durationMinutes: 30 });
    await call('PUT', `/api/event-types/${et.id}/notifications`, { token: host.accessToken, body: { reminders: [{ minutesBefore: 15, channel: 'push' }] } });
  });
  after(async () => {
    await server.close();
    await push.close();
  });

  it('serves the VAPID public key and stores one subscription per device; refuses a non-https endpoint', async () => {
    expect((await call('GET', '/api/push/vapid-public-key')).body).to.deep.equal({ publicKey: vapid.publicKey });
    for (const id of ['phone', 'laptop']) {
      const res = await call('POST', '/api/push/subscriptions', { token: host.accessToken, body: { ...push.subscribe(id), expirationTime: null, device: id } });
      expect(res.status).to.equal(201);
      expect(res.body).to.include({ device: id });
    }
    // The same device subscribing again is still one subscription.
    const again = await call('POST', '/api/push/subscriptions', { token: host.accessToken, body: { ...push.subscribe('phone'), device: 'phone' } });
    expect(again.status).to.equal(201);
    expect((await call('GET', '/api/push/subscriptions', { token: host.accessToken })).body.subscriptions).to.have.length(2);
    const bad = await call('POST', '/api/push/subscriptions', { token: host.accessToken, body: { endpoint: 'http://push.example.com/x', keys: { p256dh: 'a', auth: 'b' } } });
    expect(bad.status).to.equal(400);
    expect((await call('POST', '/api/push/subscriptions', { body: push.subscribe('anon') })).status).to.equal(401);
  });

  it('sends the reminder to every device, encrypted (aes128gcm) and VAPID-signed; a 410 removes that device', async () => {
    const { booking } = await server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: { name: 'Ivy', email: 'ivy@example.com', timezone: 'UTC' } });
    const [row] = await server.deps.db('outbox').where({ booking_id: booking.id, channel: 'push' });
    expect(new Date(row.next_attempt_at).toISOString()).to.equal('2026-11-25T08:45:00.000Z');
    push.answer('laptop', 410);
    clock.set('2026-11-25T08:45:00Z');
    await drain();
    const after = await server.deps.db('outbox').where({ id: row.id }).first();
    expect(after.status, String(after.last_error)).to.equal('sent');
    expect(push.errors).to.deep.equal([]);
    expect(push.received).to.have.length(1);
    const [got] = push.received;
    expect(got!.path).to.equal('/push/phone');
    const message = JSON.parse(got!.plaintext);
    expect(message.title).to.equal('Reminder: Intro in 15 minutes');
    expect(message.url).to.equal(`http://yava.test/meetings/${booking.id}`);
    expect(got!.vapid).to.deep.equal({ aud: push.origin, sub: 'mailto:ops@yava.test', publicKey: vapid.publicKey });
    expect(got!.headers.ttl).to.equal('3600');
    expect(got!.headers.topic).to.match(/^[\w-]{32}$/);
    // (the access token has expired on this clock: read the table)
    expect((await server.deps.db('push_subscriptions').where({ user_id: host.user.id })).map((s) => s.device)).to.deep.equal(['phone']);
  });

  it('refuses push endpoints on this machine or the private network, when subscribing and when sending (SSRF)', async () => {
    const strict = await startTestServer({ clock, env: { PUBLIC_URL: 'http://yava.test', ...vapidEnv } });
    try {
      const strictCall = apiClient(strict.url);
      const user = await registerUser(strictCall, { name: 'Pia', username: 'pia', timezone: 'UTC' });
      for (const endpoint of [push.subscribe('strict').endpoint, 'https://localhost:9/push', 'https://169.254.169.254/latest/meta-data/', 'http://127.0.0.1:6379/']) {
        const res = await strictCall('POST', '/api/push/subscriptions', { token: user.accessToken, body: { ...push.subscribe('strict'), endpoint } });
        expect(res.status, endpoint).to.equal(400);
        expect(res.body.errors[0].field).to.equal('endpoint');
        if (endpoint.startsWith('https:')) expect(res.body.errors[0].message).to.include('PUSH_ALLOW_PRIVATE_URLS');
      }
      // One stored before the rule is not contacted either, and goes.
      const stored = push.subscribe('old');
      await strict.deps.db('push_subscriptions').insert({ user_id: user.user.id, endpoint: stored.endpoint, p256dh: stored.keys.p256dh, auth: stored.keys.auth, device: 'old', created_at: clock.now() });
      const before = push.received.length;
      await enqueueOutboxMessages(strict.deps.db, [{ channel: 'push', idempotencyKey: 'push:ssrf-test', payload: { userId: user.user.id, title: 'T', body: 'B', url: 'http://yava.test/app' } }], { clock, maxAttempts: 3 });
      await strict.deps.services.notify.createDispatcher({ backoffBaseMs: 1000, random: () => 0.5 }).drain();
      expect(push.received.length, 'nothing reached the private address').to.equal(before);
      expect(await strict.deps.db('push_subscriptions').where({ user_id: user.user.id })).to.deep.equal([]);
    } finally {
      await strict.close();
    }
  });

  it('a reminder whose last device is gone (410) is dead, saying so, not logged as sent', async () => {
    clock.set('2026-11-24T08:00:00Z');
    const { booking } = await server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start: '2026-11-26T09:00:00Z', invitee: { name: 'Ivy', email: 'ivy@example.com', timezone: 'UTC' } });
    const [row] = await server.deps.db('outbox').where({ booking_id: booking.id, channel: 'push' });
    push.answer('phone', 410);
    const received = push.received.length;
    clock.set('2026-11-26T08:45:00Z');
    await drain();
    const after = await server.deps.db('outbox').where({ id: row.id }).first();
    expect(after.status).to.equal('dead');
    expect(after.last_error).to.equal('no device takes push notifications any more (each subscription is gone or refused)');
    expect(push.received).to.have.length(received);
    expect(await server.deps.db('push_subscriptions').where({ user_id: host.user.id })).to.deep.equal([]);
  });

  it('a first device subscribed after booking gets the push reminders of meetings already booked', async () => {
    clock.set('2026-11-26T09:00:00Z');
    const nora = await registerUser(call, { name: 'Nora', username: 'nora', timezone: 'Europe/Berlin' });
    const et = await server.deps.services.scheduling.createEventType(nora.user.id, { slug: 'chat', title: 'Chat', durationMinutes: 30 });
    await call('PUT', `/api/event-types/${et.id}/notifications`, { token: nora.accessToken, body: { reminders: [{ minutesBefore: 15, channel: 'push' }] } });
    const { booking } = await server.deps.services.booking.scheduleBooking({ user: 'nora', eventType: 'chat', start: '2026-11-30T09:00:00Z', invitee: { name: 'Ivy', email: 'ivy@example.com', timezone: 'UTC' } });
    expect(await server.deps.db('outbox').where({ booking_id: booking.id, channel: 'push' })).to.deep.equal([]);
    expect((await call('POST', '/api/push/subscriptions', { token: nora.accessToken, body: { ...push.subscribe('nora-phone'), device: 'phone' } })).status).to.equal(201);
    const planned = await server.deps.db('outbox').where({ booking_id: booking.id, channel: 'push' });
    expect(planned.map((r) => new Date(r.next_attempt_at).toISOString())).to.deep.equal(['2026-11-30T08:45:00.000Z']);
  });

  it('answers not_configured naming the variables when VAPID keys are missing', async () => {
    const bare = await startTestServer({ clock });
    try {
      const res = await apiClient(bare.url)('GET', '/api/push/vapid-public-key');
      expect(res.status).to.equal(501);
      expect(res.body.detail).to.include('VAPID_PUBLIC_KEY');
    } finally {
      await bare.close();
    }
  });
});
