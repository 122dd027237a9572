import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

describe('notification preferences, event type reminders and one-click unsubscribe (API)', () => {
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  let host: Awaited<ReturnType<typeof registerUser>>;
  let eventTypeId: string;

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer({ clock, env: { PUBLIC_URL: 'http://yava.test' } });
    call = apiClient(server.url);
    host = await registerUser(call, { name: 'Hela', username: 'hela', timezone: 'Europe/Berlin' });
    eventTypeId = (await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro', durationMinutes: 30 })).id;
  });
  after(() => server.close());

  it('GET /api/notifications/preferences: every channel × kind it is sent on, on by default, no quiet hours', async () => {
    const res = await call('GET', '/api/notifications/preferences', { token: host.accessToken });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ timezone: 'Europe/Berlin', quietHours: null });
    expect(res.body.preferences).to.have.length(21);
    // The invitation to host is an e-mail only: SMS, push and chat never carry it, so they do not offer it.
    expect(res.body.preferences.filter((p: { kind: string }) => p.kind === 'host_invitation').map((p: { channel: string }) => p.channel)).to.deep.equal(['email']);
    expect(res.body.preferences.filter((p: { kind: string }) => p.kind === 'reminder').map((p: { channel: string }) => p.channel)).to.deep.equal(['email', 'sms', 'push', 'chat']);
    expect(res.body.preferences.every((p: { enabled: boolean }) => p.enabled)).to.equal(true);
    expect((await call('GET', '/api/notifications/preferences')).status).to.equal(401);
  });

  it('PUT /api/notifications/preferences changes the given entries and quiet hours, and refuses bad values', async () => {
    const res = await call('PUT', '/api/notifications/preferences', {
      token: host.accessToken,
      body: { quietHours: { start: '22:00', end: '07:00' }, preferences: [{ channel: 'sms', kind: 'weekly_summary', enabled: false }] },
    });
    expect(res.status).to.equal(200);
    expect(res.body.quietHours).to.deep.equal({ start: '22:00', end: '07:00' });
    expect(res.body.preferences.find((p: { channel: string; kind: string }) => p.channel === 'sms' && p.kind === 'weekly_summary').enabled).to.equal(false);
    expect(res.body.preferences.filter((p: { enabled: boolean }) => !p.enabled)).to.have.length(1);
    const bad = await call('PUT', '/api/notifications/preferences', { token: host.accessToken, body: { quietHours: { start: '25:00', end: '07:00' }, preferences: [{ channel: 'fax', kind: 'reminder', enabled: true }] } });
    expect(bad.status).to.equal(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).to.include.members(['quietHours.start', 'preferences.0.channel']);
    const cleared = await call('PUT', '/api/notifications/preferences', { token: host.accessToken, body: { quietHours: null } });
    expect(cleared.body.quietHours).to.equal(null);
  });

  it('PUT /api/notifications/preferences refuses a kind on a channel that never sends it (sms:host_invitation), changing nothing; an old such row is not listed', async () => {
    const before = (await call('GET', '/api/notifications/preferences', { token: host.accessToken })).body;
    const refused = await call('PUT', '/api/notifications/preferences', {
      token: host.accessToken,
      body: { quietHours: { start: '21:00', end: '06:00' }, preferences: [{ channel: 'email', kind: 'reminder', enabled: false }, { channel: 'sms', kind: 'host_invitation', enabled: false }] },
    });
    expect(refused.status, refused.text).to.equal(400);
    expect(refused.body.code).to.equal('validation_failed');
    expect(refused.body.errors).to.deep.equal([{ field: 'preferences.1', message: 'host_invitation is not sent by sms, only by email: there is nothing to turn on or off' }]);
    expect((await call('GET', '/api/notifications/preferences', { token: host.accessToken })).body).to.deep.equal(before);
    await server.deps.db('notification_preferences').insert({ user_id: host.user.id, channel: 'push', kind: 'host_invitation', enabled: false, updated_at: clock.now() });
    const listed = (await call('GET', '/api/notifications/preferences', { token: host.accessToken })).body.preferences;
    expect(listed.filter((p: { kind: string }) => p.kind === 'host_invitation')).to.deep.equal([{ channel: 'email', kind: 'host_invitation', enabled: true }]);
    await server.deps.db('notification_preferences').where({ user_id: host.user.id, channel: 'push' }).delete();
  });

  it('PUT /api/event-types/:id/notifications sets reminders and follow-ups; only the owner may', async () => {
    const body = { reminders: [{ minutesBefore: 1440, channel: 'email' }, { minutesBefore: 60, channel: 'sms' }], followUps: [{ hoursAfter: 3, channel: 'email', template: 'Thanks {{name}}' }] };
    const res = await call('PUT', `/api/event-types/${eventTypeId}/notifications`, { token: host.accessToken, body });
    expect(res.status).to.equal(200);
    expect(res.body.reminders.map((r: { minutesBefore: number; channel: string }) => [r.minutesBefore, r.channel])).to.deep.equal([[1440, 'email'], [60, 'sms']]);
    expect(res.body.followUps[0]).to.include({ hoursAfter: 3, channel: 'email', template: 'Thanks {{name}}' });
    expect((await call('GET', `/api/event-types/${eventTypeId}/notifications`, { token: host.accessToken })).body).to.deep.equal(res.body);
    const other = await registerUser(call, { name: 'Other' });
    expect((await call('PUT', `/api/event-types/${eventTypeId}/notifications`, { token: other.accessToken, body })).status).to.equal(404);
    const twice = await call('PUT', `/api/event-types/${eventTypeId}/notifications`, { token: host.accessToken, body: { reminders: [{ minutesBefore: 60, channel: 'email' }, { minutesBefore: 60, channel: 'email' }] } });
    expect(twice.status).to.equal(400);
  });

  it('POST /unsubscribe/:token (RFC 8058 one-click, no login) stops that kind of e-mail to a guest; a forged token changes nothing', async () => {
    const { booking } = await server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: { name: 'Ivy', email: 'Ivy@Example.com', timezone: 'UTC' } });
    const row = await server.deps.db('outbox').where({ booking_id: booking.id }).whereLike('idempotency_key', 'email:%').whereRaw("lower(payload->>'to') = ?", ['ivy@example.com']).first();
    const link: string = row.payload.unsubscribeUrl;
    expect(link).to.match(/^http:\/\/yava\.test\/unsubscribe\//);
    expect(row.payload.text).to.include(link);
    const path = new URL(link).pathname;
    const page = await fetch(server.url + path);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.include('booking confirmations');
    const forged = await fetch(server.url + path.slice(0, -2) + 'xx', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(forged.status).to.equal(401);
    const done = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(done.status).to.equal(200);
    const { booking: next } = await server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start: '2026-11-25T10:00:00Z', invitee: { name: 'Ivy', email: 'ivy@example.com', timezone: 'UTC' } });
    const to = (await server.deps.db('outbox').where({ booking_id: next.id }).whereLike('idempotency_key', 'email:%')).map((r) => r.payload.to.toLowerCase());
    expect(to).to.deep.equal([host.email.toLowerCase()]);
    // The page's Undo (same signed link): confirmations come again.
    const undone = await fetch(`${server.url}${path}/undo`, { method: 'POST' });
    expect(undone.status).to.equal(200);
    expect(await undone.text()).to.include('gets e-mails about booking confirmations again');
    expect((await fetch(`${server.url}${path.slice(0, -2)}xx/undo`, { method: 'POST' })).status, 'a forged link').to.equal(401);
    const { booking: third } = await server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start: '2026-11-25T13:00:00Z', invitee: { name: 'Ivy', email: 'ivy@example.com', timezone: 'UTC' } });
    const again = (await server.deps.db('outbox').where({ booking_id: third.id }).whereLike('idempotency_key', 'email:%')).map((r) => r.payload.to.toLowerCase());
    expect(again).to.include('ivy@example.com');
  });

  it('one-click unsubscribe of a user turns that kind off for e-mail in their preferences', async () => {
    const { booking } = await server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start: '2026-11-25T11:00:00Z', invitee: { name: 'Ivy', email: 'ivy2@example.com', timezone: 'UTC' } });
    const row = await server.deps.db('outbox').where({ booking_id: booking.id }).whereRaw("payload->>'to' = ?", [host.email]).first();
    const res = await fetch(row.payload.unsubscribeUrl.replace('http://yava.test', server.url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).to.equal(200);
    const prefs = await call('GET', '/api/notifications/preferences', { token: host.accessToken });
    expect(prefs.body.preferences.find((p: { channel: string; kind: string }) => p.channel === 'email' && p.kind === 'confirmation').enabled).to.equal(false);
    // Undo does not guess an account's earlier setting: it sends the holder to their settings.
    const undo = await fetch(`${row.payload.unsubscribeUrl.replace('http://yava.test', server.url)}/undo`, { method: 'POST' });
    expect(await undo.text()).to.include('belongs to a Yava account').and.include('href="/app/notifications"');
    const still = await call('GET', '/api/notifications/preferences', { token: host.accessToken });
    expect(still.body.preferences.find((p: { channel: string; kind: string }) => p.channel === 'email' && p.kind === 'confirmation').enabled).to.equal(false);
  });
});
