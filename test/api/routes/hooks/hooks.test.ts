import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../fakes/webhookReceiver.js';
import { resetTestDb } from '../../../helpers/db.js';
import { loadReadmeVerifier } from '../../../helpers/readmeVerifier.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

describe('POST/GET/DELETE /api/webhooks and the REST hooks (/api/hooks)', () => {
  let server: RunningServer;
  let strict: RunningServer;
  let call: ApiCall;
  let receiver: WebhookReceiver;
  const clock = createFixedClock('2026-12-01T08:00:00Z');
  let host: Awaited<ReturnType<typeof registerUser>>;
  let other: Awaited<ReturnType<typeof registerUser>>;

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    server = await startTestServer({ clock, env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'on' } });
    strict = await startTestServer({ clock });
    call = apiClient(server.url);
    receiver = await startWebhookReceiver();
    host = await registerUser(call, { name: 'Hela', username: 'hela', timezone: 'Europe/Berlin' });
    other = await registerUser(call, { name: 'Otto', username: 'otto' });
    await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro', durationMinutes: 30 });
  });
  after(async () => {
    await receiver?.close();
    await strict?.close();
    await server?.close();
  });

  it('PATCH /api/webhooks/:id {active} turns a subscription off and on again; only its owner may', async () => {
    const made = await call('POST', '/api/webhooks', { token: host.accessToken, body: { url: receiver.url, events: ['booking.created'] } });
    const path = `/api/webhooks/${made.body.id}`;
    const off = await call('PATCH', path, { token: host.accessToken, body: { active: false } });
    expect(off.status, off.text).to.equal(200);
    expect(off.body).to.include({ status: 'disabled', disabledReason: 'disabled by its owner' });
    const on = await call('PATCH', path, { token: host.accessToken, body: { active: true } });
    expect(on.body).to.include({ status: 'active', disabledReason: null, disabledAt: null });
    expect((await call('PATCH', path, { token: other.accessToken, body: { active: false } })).status).to.equal(404);
    expect((await call('PATCH', path, { token: host.accessToken, body: { active: 'yes' } })).status).to.equal(400);
    expect((await call('PATCH', path, { body: { active: true } })).status).to.equal(401);
    await call('DELETE', path, { token: host.accessToken });
  });

  it('names a malformed id in the path as the parameter id (not the body)', async () => {
    for (const [method, path] of [['PATCH', '/api/webhooks/nope'], ['DELETE', '/api/webhooks/nope'], ['DELETE', '/api/hooks/nope']] as const) {
      const res = await call(method, path, { token: host.accessToken, body: method === 'PATCH' ? { active: false } : undefined });
      expect(res.status, path).to.equal(400);
      expect(res.body.errors.map((e: { field: string }) => e.field), path).to.deep.equal(['id']);
    }
  });

  it('subscribes, lists without the secret, and deletes; only the owner sees or deletes', async () => {
    const made = await call('POST', '/api/webhooks', { token: host.accessToken, body: { url: receiver.url, events: ['booking.created', 'booking.canceled'] } });
    expect(made.status).to.equal(201);
    expect(made.body).to.include({ url: receiver.url, status: 'active', source: 'api' });
    expect(made.body.events).to.deep.equal(['booking.created', 'booking.canceled']);
    expect(made.body.secret).to.match(/^whsec_/);
    const list = await call('GET', '/api/webhooks', { token: host.accessToken });
    expect(list.body.subscriptions.map((s: { id: string }) => s.id)).to.deep.equal([made.body.id]);
    expect(list.text).not.to.include(made.body.secret);
    expect((await call('GET', '/api/webhooks', { token: other.accessToken })).body.subscriptions).to.deep.equal([]);
    expect((await call('DELETE', `/api/webhooks/${made.body.id}`, { token: other.accessToken })).status).to.equal(404);
    expect((await call('DELETE', `/api/webhooks/${made.body.id}`, { token: host.accessToken })).status).to.equal(204);
    expect((await call('GET', '/api/webhooks', { token: host.accessToken })).body.subscriptions).to.deep.equal([]);
    expect((await call('GET', '/api/webhooks')).status).to.equal(401);
  });

  it('refuses unknown events, non-http schemes, short secrets, and private addresses unless allowed', async () => {
    const post = (body: unknown, base = call) => base('POST', '/api/webhooks', { token: host.accessToken, body });
    const bad = await post({ url: receiver.url, events: ['booking.exploded'] });
    expect(bad.status).to.equal(400);
    expect(bad.body.detail).to.include('booking.exploded');
    expect((await post({ url: 'ftp://example.com/x', events: ['booking.created'] })).status).to.equal(400);
    expect((await post({ url: receiver.url, events: ['booking.created'], secret: 'short' })).status).to.equal(400);
    const refused = await post({ url: receiver.url, events: ['booking.created'] }, apiClient(strict.url));
    expect(refused.status).to.equal(400);
    expect(refused.body.detail).to.include('private or local address');
    const meta = await post({ url: 'http://169.254.169.254/latest/meta-data/', events: ['booking.created'] }, apiClient(strict.url));
    expect(meta.status).to.equal(400);
  });

  it('REST hooks: subscribe answers an id, deliveries are signed, unsubscribe by id, a sample list', async () => {
    const empty = await call('GET', '/api/hooks/sample?event=booking.created', { token: host.accessToken });
    expect(empty.status).to.equal(200);
    expect(empty.body).to.have.length(1);
    expect(empty.body[0]).to.include({ type: 'booking.created' });
    expect(empty.body[0].data.sample).to.equal(true);

    const sub = await call('POST', '/api/hooks', { token: host.accessToken, body: { hookUrl: receiver.url, event: 'booking.created' } });
    expect(sub.status).to.equal(201);
    expect(sub.body.id).to.match(/^[0-9a-f-]{36}$/);
    const listed = (await call('GET', '/api/webhooks', { token: host.accessToken })).body.subscriptions;
    expect(listed.find((s: { id: string }) => s.id === sub.body.id)).to.include({ source: 'rest_hook' });

    await server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start: '2026-12-02T09:00:00Z', invitee: { name: 'Ivy', email: 'ivy@example.com', timezone: 'UTC' } });
    await server.deps.services.notify.createDispatcher().drain();
    expect(receiver.received).to.have.length(1);
    const verify = await loadReadmeVerifier();
    const hook = receiver.received[0]!;
    expect(verify(hook.body, String(hook.headers['yava-signature']), sub.body.secret, Math.floor(clock.now().getTime() / 1000))).to.equal(true);

    const samples = await call('GET', '/api/hooks/sample?event=booking.created', { token: host.accessToken });
    expect(samples.body).to.deep.equal([JSON.parse(hook.body)]);
    expect((await call('GET', '/api/hooks/sample?event=nope', { token: host.accessToken })).status).to.equal(400);

    expect((await call('DELETE', `/api/hooks/${sub.body.id}`, { token: host.accessToken })).status).to.equal(204);
    expect((await call('DELETE', `/api/hooks/${sub.body.id}`, { token: host.accessToken })).status).to.equal(404);
    expect((await call('POST', '/api/hooks', { token: host.accessToken, body: { event: 'booking.created' } })).status).to.equal(400);
  });
});
