import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { startFakeTwilio, type FakeTwilio } from '../../../fakes/twilio.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'twilio-test-auth-token';
const PUBLIC_URL = 'http://yava.test';

describe('SMS through Twilio: phone verification, reminders, status callbacks, STOP/START, crash reconciliation', () => {
  let server: RunningServer;
  let call: ApiCall;
  let fake: FakeTwilio;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  let host: Awaited<ReturnType<typeof registerUser>>;
  const PHONE = '+4915123456789';

  const drain = () => server.deps.services.notify.createDispatcher({ backoffBaseMs: 1000, backoffMaxMs: 1000, random: () => 0.5 }).drain();
  const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
  const postSigned = (path: string, params: Record<string, string>, signature = fake.sign(PUBLIC_URL + path, params)) =>
    fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: form(params) });
  const book = (start: string, email: string) => server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start, invitee: { name: 'Ivy', email, timezone: 'UTC' } });
  const smsTo = (phone: string) => fake.messages.filter((m) => m.to === phone);
  /** A fresh access token at the test clock's current time (it jumps days ahead). */
  const signIn = async () => (await call('POST', '/api/auth/login', { body: { email: host.email, password: host.password } })).body.accessToken as string;

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    fake = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    server = await startTestServer({ clock, env: { PUBLIC_URL, TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM_NUMBER: '+15005550006', TWILIO_API_URL: fake.url } });
    call = apiClient(server.url);
    host = await registerUser(call, { name: 'Hela', username: 'hela', timezone: 'Europe/Berlin' });
    const et = await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro', durationMinutes: 30 });
    const rules = await call('PUT', `/api/event-types/${et.id}/notifications`, { token: host.accessToken, body: { reminders: [{ minutesBefore: 60, channel: 'sms' }] } });
    expect(rules.status).to.equal(200);
  });
  after(async () => {
    await server.close();
    await fake.close();
  });

  it('counts every wrong code against the 5 tries, and texts a new code at most once a minute', async () => {
    clock.set('2026-11-24T08:00:00Z');
    const vera = await registerUser(call, { name: 'Vera', username: 'vera', timezone: 'Europe/Berlin' });
    const phone = (number: string) => call('PUT', '/api/notifications/phone', { token: vera.accessToken, body: { phone: number } });
    const verify = (code: string) => call('POST', '/api/notifications/phone/verify', { token: vera.accessToken, body: { code } });
    expect((await phone('+4915199990000')).status).to.equal(202);
    const again = await phone('+4915199990001');
    expect(again.status, 'a second code within the minute').to.equal(429);
    expect(again.headers.get('retry-after')).to.equal('60');
    clock.advance(61_000);
    expect((await phone('+4915199990000')).status).to.equal(202);
    await drain();
    const code = /code is (\d{6})/.exec(smsTo('+4915199990000').at(-1)!.body)![1]!;
    const wrongCode = code === '000000' ? '111111' : '000000';
    for (const left of ['4 tries left', '3 tries left', '2 tries left', '1 try left', 'no tries left: set the number again for a new code']) {
      const wrong = await verify(wrongCode);
      expect(wrong.status).to.equal(400);
      expect(wrong.body.detail).to.equal(`That code is not right (${left})`);
    }
    const late = await verify(code);
    expect(late.status, 'the right code after five wrong ones').to.equal(429);
    expect(late.body.code).to.equal('too_many_attempts');
    expect((await call('GET', '/api/notifications/phone', { token: vera.accessToken })).body.verified).to.equal(false);
    // Five codes an hour at most, however patient the asker: the sixth waits for the first to age out.
    for (let i = 0; i < 3; i++) {
      clock.advance(61_000);
      expect((await phone('+4915199990000')).status).to.equal(202);
    }
    clock.advance(61_000);
    const sixth = await phone('+4915199990000');
    expect(sixth.status).to.equal(429);
    expect(Number(sixth.headers.get('retry-after'))).to.be.within(3_200, 3_400);
    expect(sixth.body.detail).to.match(/^5 codes were texted to this account in the last hour: wait 55 min/);
  });

  it('refuses a number not in E.164 form, and verifies one by the code texted to it', async () => {
    const bad = await call('PUT', '/api/notifications/phone', { token: host.accessToken, body: { phone: '0151 2345 6789' } });
    expect(bad.status).to.equal(400);
    expect(bad.body.errors[0].field).to.equal('phone');
    const set = await call('PUT', '/api/notifications/phone', { token: host.accessToken, body: { phone: '+49 151 2345 6789' } });
    expect(set.status).to.equal(202);
    expect(set.body).to.deep.equal({ phone: PHONE, verified: false, optedOut: false });
    await drain();
    const code = /code is (\d{6})/.exec(smsTo(PHONE)[0]!.body)![1]!;
    const wrong = await call('POST', '/api/notifications/phone/verify', { token: host.accessToken, body: { code: code === '000000' ? '111111' : '000000' } });
    expect(wrong.status, 'a wrong code is a bad value, not a signed-out session (401 makes the CLI ask to log in)').to.equal(400);
    expect(wrong.body.errors).to.deep.equal([{ field: 'code', message: 'not the code texted to the number (4 tries left)' }]);
    // An unverified number gets no reminders: nothing is planned on SMS yet.
    const { booking } = await book('2026-11-30T09:00:00Z', 'a@example.com');
    expect(await server.deps.db('outbox').where({ booking_id: booking.id, channel: 'sms' })).to.have.length(0);
    const ok = await call('POST', '/api/notifications/phone/verify', { token: host.accessToken, body: { code } });
    expect(ok.status).to.equal(200);
    expect(ok.body.verified).to.equal(true);
    // Verified: the meetings already booked get their SMS reminders too, not only those booked from now on.
    const planned = await server.deps.db('outbox').where({ booking_id: booking.id, channel: 'sms' });
    expect(planned.map((r) => new Date(r.next_attempt_at).toISOString())).to.deep.equal(['2026-11-30T08:00:00.000Z']);
  });

  it('texts the reminder at its instant through the twilio client, records the provider id, and records signed status callbacks', async () => {
    const { booking } = await book('2026-11-25T10:00:00Z', 'b@example.com');
    const [row] = await server.deps.db('outbox').where({ booking_id: booking.id, channel: 'sms' });
    expect(new Date(row.next_attempt_at).toISOString()).to.equal('2026-11-25T09:00:00.000Z');
    clock.set('2026-11-25T09:00:00Z');
    const before = smsTo(PHONE).length;
    await drain();
    const sent = smsTo(PHONE).slice(before);
    expect(sent).to.have.length(1);
    expect(sent[0]!.body).to.include('Intro starts in 1 hour');
    expect(sent[0]!.statusCallback).to.equal(`${PUBLIC_URL}/webhooks/twilio/status`);
    const record = await server.deps.db('sms_messages').where({ idempotency_key: row.idempotency_key }).first();
    expect(record).to.include({ provider_sid: sent[0]!.sid, status: 'queued', to: PHONE });
    // The notification log names the number and Twilio's id (the payload carries only the user).
    const log = await call('GET', `/api/notifications/log?channel=sms&bookingId=${booking.id}`, { token: await signIn() });
    expect(log.status, log.text).to.equal(200);
    expect(log.body.messages.map((m: Record<string, unknown>) => ({ to: m.to, providerId: m.providerId, status: m.status }))).to.deep.equal([{ to: PHONE, providerId: sent[0]!.sid, status: 'sent' }]);

    const params = { AccountSid: ACCOUNT_SID, MessageSid: sent[0]!.sid, MessageStatus: 'delivered', To: PHONE, From: '+15005550006' };
    const forged = await postSigned('/webhooks/twilio/status', params, fake.sign(`${PUBLIC_URL}/webhooks/twilio/other`, params));
    expect(forged.status).to.equal(403);
    expect((await server.deps.db('sms_messages').where({ provider_sid: sent[0]!.sid }).first()).status).to.equal('queued');
    expect((await postSigned('/webhooks/twilio/status', params)).status).to.equal(204);
    // A late "sent" report does not overwrite the final "delivered".
    expect((await postSigned('/webhooks/twilio/status', { ...params, MessageStatus: 'sent' })).status).to.equal(204);
    expect((await server.deps.db('sms_messages').where({ provider_sid: sent[0]!.sid }).first()).status).to.equal('delivered');
  });

  it('refuses unsigned, badly signed and oversized Twilio posts with problem+json, like every error', async () => {
    const problem = async (res: Response, status: number, code: string) => {
      expect(res.status).to.equal(status);
      expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(((await res.json()) as { code: string }).code).to.equal(code);
    };
    const params = { From: PHONE, To: '+15005550006', Body: 'hello' };
    await problem(await postSigned('/webhooks/twilio/inbound', params, 'bad'), 403, 'forbidden');
    await problem(await postSigned('/webhooks/twilio/status', { MessageSid: 'SM1', MessageStatus: 'delivered' }, ''), 403, 'forbidden');
    await problem(await postSigned('/webhooks/twilio/inbound', { ...params, Body: 'x'.repeat(70_000) }), 413, 'payload_too_large');
  });

  it('honours STOP (even for reminders planned before it) and START', async () => {
    clock.set('2026-11-24T08:00:00Z');
    const { booking } = await book('2026-11-26T10:00:00Z', 'c@example.com');
    expect((await postSigned('/webhooks/twilio/inbound', { From: PHONE, To: '+15005550006', Body: 'stop ' }, 'bad')).status).to.equal(403);
    const stop = await postSigned('/webhooks/twilio/inbound', { From: PHONE, To: '+15005550006', Body: 'stop ' });
    expect(stop.status).to.equal(200);
    expect(await stop.text()).to.include('<Response>');
    expect((await call('GET', '/api/notifications/phone', { token: host.accessToken })).body.optedOut).to.equal(true);
    const count = smsTo(PHONE).length;
    clock.set('2026-11-26T09:00:00Z');
    await drain();
    expect(smsTo(PHONE)).to.have.length(count);
    const [row] = await server.deps.db('outbox').where({ booking_id: booking.id, channel: 'sms' });
    expect(await server.deps.db('sms_messages').where({ idempotency_key: row.idempotency_key }).first()).to.include({ status: 'not_sent', error_code: 'opted_out' });
    const [held] = (await call('GET', `/api/notifications/log?channel=sms&bookingId=${booking.id}`, { token: await signIn() })).body.messages;
    expect(held, 'the log says it was held back, not that it went out').to.include({ to: PHONE, providerId: null, lastError: 'not sent: the number answered STOP' });
    // Opted out: nothing is even planned on SMS.
    clock.set('2026-11-24T08:00:00Z');
    const { booking: later } = await book('2026-11-26T12:00:00Z', 'd@example.com');
    expect(await server.deps.db('outbox').where({ booking_id: later.id, channel: 'sms' })).to.have.length(0);
    // A new code cannot reach a number that answered STOP: the refusal says how to opt back in.
    const texted = smsTo(PHONE).length;
    const refused = await call('PUT', '/api/notifications/phone', { token: host.accessToken, body: { phone: PHONE } });
    expect(refused.status, refused.text).to.equal(422);
    expect(refused.body.details).to.deep.equal({ reason: 'sms_opted_out' });
    expect(refused.body.errors).to.deep.equal([{ field: 'phone', message: 'this number answered STOP; text START from it first' }]);
    expect((await call('GET', '/api/notifications/phone', { token: host.accessToken })).body, 'the verified number is kept').to.include({ phone: PHONE, verified: true });
    await drain();
    expect(smsTo(PHONE)).to.have.length(texted);
    expect((await postSigned('/webhooks/twilio/inbound', { From: PHONE, To: '+15005550006', Body: 'START' })).status).to.equal(200);
    // Back in: the meeting booked while opted out gets its reminder after all.
    expect(await server.deps.db('outbox').where({ booking_id: later.id, channel: 'sms' })).to.have.length(1);
    const { booking: again } = await book('2026-11-26T13:00:00Z', 'e@example.com');
    expect(await server.deps.db('outbox').where({ booking_id: again.id, channel: 'sms' })).to.have.length(1);
  });

  it('after the answer to a send is lost, the retry finds the message at Twilio and does not send it twice', async () => {
    clock.set('2026-11-24T08:00:00Z');
    await server.deps.db('outbox').where({ status: 'pending' }).delete(); // earlier tests' reminders
    const { booking } = await book('2026-11-27T10:00:00Z', 'f@example.com');
    clock.set('2026-11-27T09:00:00Z');
    const count = smsTo(PHONE).length;
    fake.dropNextResponse();
    const first = await drain();
    expect(first.failed).to.equal(1);
    expect(smsTo(PHONE)).to.have.length(count + 1);
    const [row] = await server.deps.db('outbox').where({ booking_id: booking.id, channel: 'sms' });
    expect((await server.deps.db('sms_messages').where({ idempotency_key: row.idempotency_key }).first()).status).to.equal('submitting');
    clock.advance(5_000);
    const second = await drain();
    expect(second.sent).to.equal(1);
    expect(smsTo(PHONE)).to.have.length(count + 1);
    const record = await server.deps.db('sms_messages').where({ idempotency_key: row.idempotency_key }).first();
    expect(record.provider_sid).to.equal(smsTo(PHONE).at(-1)!.sid);
  });
});
