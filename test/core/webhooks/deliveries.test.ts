import { expect } from 'chai';
import type { Knex } from 'knex';
import { createActivityNotifier } from '../../../core/notify/activity.js';
import type { Services } from '../../../core/services.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhookReceiver.js';
import { resetTestDb } from '../../helpers/db.js';
import { loadReadmeVerifier, type Verifier } from '../../helpers/readmeVerifier.js';
import { hostWithEventType, webhookTestbed } from '../../helpers/webhooks.js';

const HOUR = 3_600_000;

describe('outgoing webhooks: deliveries through the outbox', () => {
  let bed: Awaited<ReturnType<typeof webhookTestbed>>;
  let db: Knex;
  let services: Services;
  let receiver: WebhookReceiver;
  let verify: Verifier;
  let host: Awaited<ReturnType<typeof hostWithEventType>>;
  let slot = 0;

  const book = async (name = 'Ivy') => {
    slot += 1;
    const start = new Date(Date.UTC(2026, 11, 2, 9) + slot * HOUR).toISOString();
    return services.booking.scheduleBooking({ user: host.username, eventType: 'intro', start, invitee: { name, email: `${name.toLowerCase()}@example.com`, timezone: 'America/New_York' } });
  };
  const subscribe = async (events: string[] = ['booking.created', 'booking.canceled', 'booking.rescheduled', 'booking.no_show']) =>
    services.webhooks.createSubscription(host.id, { url: receiver.url, events, secret: 'a-very-secret-secret' });
  const webhookRows = () => db('outbox').where({ channel: 'webhook' }).orderBy('created_at');

  before(async function () {
    this.timeout(180_000);
    db = (await resetTestDb()).knex;
    verify = await loadReadmeVerifier();
    receiver = await startWebhookReceiver();
  });
  after(() => receiver?.close());
  beforeEach(async () => {
    bed = await webhookTestbed();
    services = bed.services;
    await db('outbox').del();
    await db('webhook_subscriptions').del();
    receiver.received.length = 0;
    receiver.answerWith(() => 200);
    slot = 0;
    host = await hostWithEventType(db, services);
  });

  it('signs each delivery so the README verifier accepts it, with Yava-Event-Id and the {id, type, createdAt, data} body', async () => {
    const { secret } = await subscribe();
    const { booking } = await book();
    await bed.dispatcher().drain();
    expect(receiver.received).to.have.length(1);
    const hook = receiver.received[0]!;
    const body = JSON.parse(hook.body);
    expect(Object.keys(body)).to.deep.equal(['id', 'type', 'createdAt', 'data']);
    expect(body).to.include({ type: 'booking.created', createdAt: '2026-12-01T08:00:00.000Z' });
    expect(body.data.booking).to.include({ id: booking.id, status: 'scheduled', title: 'Intro call' });
    expect(body.data.booking.attendees[0]).to.include({ name: 'Ivy', email: 'ivy@example.com' });
    expect(hook.headers['yava-event-id']).to.equal(body.id);
    expect(hook.headers['yava-event-type']).to.equal('booking.created');
    expect(hook.headers['yava-webhook-version']).to.equal('1');
    expect(hook.headers['content-type']).to.equal('application/json');
    const now = Math.floor(bed.clock.now().getTime() / 1000);
    expect(verify(hook.body, String(hook.headers['yava-signature']), secret, now)).to.equal(true);
    expect(verify(hook.body, String(hook.headers['yava-signature']), 'wrong-secret-wrong', now)).to.equal(false);
    // The same delivery captured and replayed 6 minutes later is refused by the verifier.
    expect(verify(hook.body, String(hook.headers['yava-signature']), secret, now + 360)).to.equal(false);
  });

  it('sends only the events a subscription asked for, including booking.no_show', async () => {
    await subscribe(['booking.no_show']);
    const { booking } = await book();
    bed.clock.set('2026-12-03T12:00:00Z');
    await services.booking.markNoShow(booking.id, { userId: host.id });
    await bed.dispatcher().drain();
    expect(receiver.received.map((r) => JSON.parse(r.body).type)).to.deep.equal(['booking.no_show']);
    expect(JSON.parse(receiver.received[0]!.body).data.booking.status).to.equal('no_show');
  });

  it('retries on 500 with exponential backoff and the same Yava-Event-Id, then delivers', async () => {
    await subscribe();
    await book();
    receiver.answerWith(() => 500);
    const dispatcher = bed.dispatcher();
    await dispatcher.drain();
    let [row] = await webhookRows();
    expect(row).to.include({ status: 'pending', attempts: 1, last_error: 'HTTP 500' });
    // backoff base 60 s with jitter 0.5: 45 s, then 90 s
    expect(new Date(row.next_attempt_at).getTime() - bed.clock.now().getTime()).to.equal(45_000);
    expect((await dispatcher.drain()).claimed).to.equal(0);
    bed.clock.advance(45_000);
    await dispatcher.drain();
    [row] = await webhookRows();
    expect(new Date(row.next_attempt_at).getTime() - bed.clock.now().getTime()).to.equal(90_000);
    receiver.answerWith(() => 204);
    bed.clock.advance(90_000);
    await dispatcher.drain();
    [row] = await webhookRows();
    expect(row).to.include({ status: 'sent', attempts: 3 });
    expect(new Set(receiver.eventIds()).size).to.equal(1);
    expect(receiver.received).to.have.length(3);
  });

  it("keeps one booking's events in order for each subscription, whatever the retries do (created before rescheduled before canceled)", async () => {
    await subscribe();
    const { booking } = await book();
    receiver.answerWith(() => 500);
    const dispatcher = bed.dispatcher();
    await dispatcher.drain();
    receiver.answerWith(() => 204);
    // While booking.created backs off, the booking is moved and canceled: those wait behind it.
    await services.booking.rescheduleBooking(booking.id, { start: '2026-12-03T15:00:00Z' }, { userId: host.id });
    await services.booking.cancelBooking(booking.id, {}, { userId: host.id });
    await dispatcher.drain();
    expect(receiver.received.map((r) => r.headers['yava-event-type'])).to.deep.equal(['booking.created']);
    bed.clock.advance(45_000);
    await dispatcher.drain();
    expect(receiver.received.map((r) => r.headers['yava-event-type'])).to.deep.equal(['booking.created', 'booking.created', 'booking.rescheduled', 'booking.canceled']);
    // Another booking's events do not wait for this one's.
    receiver.received.length = 0;
    receiver.answerWith((r) => (JSON.parse(r.body).data.booking.id === booking.id ? 500 : 204));
    await book('Otto');
    await dispatcher.drain();
    expect(receiver.received.map((r) => r.headers['yava-event-type'])).to.deep.equal(['booking.created']);
  });

  it('stops on 410 Gone: the subscription is removed and nothing more is sent to it', async () => {
    const { subscription } = await subscribe();
    await book('Ann');
    receiver.answerWith(() => 410);
    await bed.dispatcher().drain();
    const [row] = await webhookRows();
    expect(row.status).to.equal('dead');
    expect(row.last_error).to.match(/410 Gone/);
    expect(await db('webhook_subscriptions').where({ id: subscription.id }).first()).to.equal(undefined);
    await book('Bob');
    await bed.dispatcher().drain();
    expect(receiver.received).to.have.length(1);
  });

  it('after 24 h of failures the subscription is disabled and its owner told by e-mail and in-app', async () => {
    const { subscription } = await subscribe();
    await book('Ann');
    await book('Bob');
    receiver.answerWith(() => 503);
    const dispatcher = bed.dispatcher();
    let rounds = 0;
    while ((await db('webhook_subscriptions').where({ id: subscription.id }).first()).status === 'active' && rounds < 200) {
      await dispatcher.drain();
      bed.clock.advance(HOUR);
      rounds += 1;
    }
    // Hourly rounds after the backoff reaches its 1 h cap: the first failure past 24 h gives up.
    expect(rounds).to.be.within(24, 27);
    await dispatcher.drain();
    const sub = await db('webhook_subscriptions').where({ id: subscription.id }).first();
    expect(sub.status).to.equal('disabled');
    expect(sub.disabled_reason).to.match(/failed for 24 h \(last: HTTP 503\)/);
    expect((await webhookRows()).map((r) => r.status)).to.deep.equal(['dead', 'dead']);
    const mails = await db('outbox').where({ channel: 'email' }).whereLike('idempotency_key', 'email:webhook-disabled:%');
    expect(mails).to.have.length(1);
    expect(mails[0].payload.to).to.equal(host.email);
    expect(mails[0].payload.text).to.include(receiver.url);
    const notices = await services.inbox.list(host.id, { unread: true });
    expect(notices.filter((n) => n.kind === 'webhook.disabled')).to.have.length(1);
    const before = receiver.received.length;
    await book('Cy');
    await dispatcher.drain();
    expect(receiver.received.length).to.equal(before);
    // Its owner turns it on again once the receiver works: new events go out again.
    receiver.answerWith(() => 200);
    expect(await services.webhooks.setSubscriptionActive(host.id, subscription.id, true)).to.include({ status: 'active', disabledReason: null, disabledAt: null });
    await book('Dee');
    await dispatcher.drain();
    expect(receiver.received.length).to.equal(before + 1);
  });

  it('purges events older than the retention period, keeping newer ones', async () => {
    await subscribe();
    await db('webhook_events').delete();
    await book('Old');
    await book('New');
    const events = await db('webhook_events').orderBy('created_at');
    await db('webhook_events').where({ id: events[0].id }).update({ created_at: new Date(bed.clock.now().getTime() - 31 * 24 * HOUR) });
    expect(await services.webhooks.purgeEvents(30)).to.equal(1);
    expect((await db('webhook_events')).map((e) => e.id)).to.deep.equal([events[1].id]);
  });

  it('refuses to deliver to a private address at send time when private URLs are not allowed', async () => {
    await subscribe();
    const strict = await webhookTestbed('2026-12-01T08:00:00Z', { WEBHOOK_ALLOW_PRIVATE_URLS: 'off' });
    await book();
    await strict.dispatcher().drain();
    expect(receiver.received).to.have.length(0);
    const [row] = await webhookRows();
    expect(row.last_error).to.match(/EPRIVATEADDRESS/);
  });

  it('writes no event, delivery or in-app notice when the change rolls back', async () => {
    await subscribe();
    const { booking } = await book();
    await db('outbox').del();
    const count = async (table: string) => Number((await db(table).count('* as n'))[0]!.n);
    const before = { events: await count('webhook_events'), notices: await count('inapp_notifications') };
    const notifier = createActivityNotifier({ clock: bed.clock, inbox: services.inbox.writer, retryForMs: 24 * HOUR });
    let rolledBack = false;
    try {
      await db.transaction(async (trx) => {
        await notifier.bookingChanged(trx, { type: 'canceled', bookingId: booking.id, reason: 'x' });
        expect(await trx('outbox').where({ channel: 'webhook' })).to.have.length(1);
        throw new Error('roll back');
      });
    } catch (e) {
      rolledBack = (e as Error).message === 'roll back';
    }
    expect(rolledBack).to.equal(true);
    expect(await webhookRows()).to.have.length(0);
    expect({ events: await count('webhook_events'), notices: await count('inapp_notifications') }).to.deep.equal(before);
  });
});
