import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import type { FakeStripe } from '../../../fakes/stripe.js';
import { startWebhookReceiver } from '../../../fakes/webhookReceiver.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost, expectProblem } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { WEBHOOK_SECRET, bookSlot, checkoutIdOf, confirmationEmails, drainOutbox, offeredStarts, startWithFakeStripe } from './helpers.js';

/** Promo uses given back, nothing left to pay, failed payments, and the payment webhooks a host hears. */
describe('the life of a paid booking: promo uses, zero totals, failures, payment events', () => {
  let stripe: FakeStripe;
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const DAY = '2026-11-25';

  const deliver = (payload: string) =>
    fetch(`${server.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': stripe.sign(payload, WEBHOOK_SECRET) }, body: payload });
  const promo = async (code: string, body: Record<string, unknown>) => {
    const res = await call('POST', '/api/promo-codes', { token: host.token, body: { code, ...body } });
    expect(res.status, res.text).to.equal(201);
    return res.body;
  };
  const usesOf = async (code: string) => (await call('GET', '/api/promo-codes', { token: host.token })).body.promoCodes.find((p: { code: string }) => p.code === code).uses as number;
  const paymentOf = async (b: { id: string; manageToken: string }) => (await call('GET', `/api/meetings/${b.id}/payment?token=${b.manageToken}`)).body;
  const bookingStatus = async (id: string) => (await server.deps.db('bookings').where({ id }).first()).status as string;
  const sessionsOpened = () => stripe.requests.filter((r) => r.path === '/v1/checkout/sessions').length;

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    ({ stripe, server, call } = await startWithFakeStripe(clock, { PAYMENT_HOLD_MINUTES: '15', WEBHOOK_ALLOW_PRIVATE_URLS: 'on' }));
    receiver = await startWebhookReceiver();
    host = await createHost(call, 'lifehost', { timezone: 'UTC' });
    await createEventType(call, host.token, { slug: 'paid', title: 'Paid session', price: { amount: 4500, currency: 'EUR', provider: 'stripe' } });
  });
  after(async () => {
    await receiver.close();
    await server.close();
    await stripe.close();
  });

  it('a code limited to 1 use is usable again once the hold that took it expires', async () => {
    await promo('ONCE', { percentOff: 10, maxUses: 1 });
    const first = await bookSlot(call, 'lifehost', 'paid', `${DAY}T09:00:00Z`, 1, { promoCode: 'once' });
    expect(first.status, first.text).to.equal(201);
    expect(first.body.payment).to.include({ amount: 4050, discountAmount: 450, promoCode: 'ONCE' });
    expectProblem(await bookSlot(call, 'lifehost', 'paid', `${DAY}T10:00:00Z`, 2, { promoCode: 'ONCE' }), 409, 'promo_code_used_up');
    clock.advance(16 * 60_000);
    expect(await server.deps.services.payments.expireDueHolds()).to.equal(1);
    clock.set('2026-11-24T10:00:00Z'); // back before the host's access token expires
    expect((await paymentOf(first.body)).status).to.equal('expired');
    expect(await usesOf('ONCE')).to.equal(0);
    const again = await bookSlot(call, 'lifehost', 'paid', `${DAY}T10:00:00Z`, 3, { promoCode: 'ONCE' });
    expect(again.status, again.text).to.equal(201);
    expect(again.body.payment).to.include({ amount: 4050, promoCode: 'ONCE' });
    expect(await usesOf('ONCE')).to.equal(1);
  });

  it('a booking canceled before paying gives its code use back', async () => {
    await promo('CANCELME', { amountOffMinor: 500, currency: 'EUR', maxUses: 1 });
    const booked = await bookSlot(call, 'lifehost', 'paid', `${DAY}T11:00:00Z`, 4, { promoCode: 'CANCELME' });
    expect(booked.status, booked.text).to.equal(201);
    expect(await usesOf('CANCELME')).to.equal(1);
    expect((await call('POST', `/api/meetings/${booked.body.id}/cancel?token=${booked.body.manageToken}`, { body: {} })).status).to.equal(200);
    expect((await paymentOf(booked.body)).status).to.equal('expired');
    expect(await usesOf('CANCELME')).to.equal(0);
    expect((await bookSlot(call, 'lifehost', 'paid', `${DAY}T11:00:00Z`, 5, { promoCode: 'CANCELME' })).status).to.equal(201);
  });

  for (const [code, body] of [
    ['FREE100', { percentOff: 100 }],
    ['BIGFIX', { amountOffMinor: 9900, currency: 'EUR' }],
  ] as const) {
    it(`nothing left to pay (${code}): scheduled at once, no provider call, paid 0 with an invoice of total 0`, async () => {
      await promo(code, body);
      const opened = sessionsOpened();
      const start = code === 'FREE100' ? `${DAY}T12:00:00Z` : `${DAY}T13:00:00Z`;
      const booked = await bookSlot(call, 'lifehost', 'paid', start, 6, { promoCode: code });
      expect(booked.status, booked.text).to.equal(201);
      expect(booked.body.status).to.equal('scheduled');
      expect(booked.body.promo).to.include({ code, priceMinor: 4500, discountMinor: 4500, amountDueMinor: 0 });
      // The 201 carries its payment like every paid booking's: paid, amount 0, nothing to open.
      expect(booked.body.payment).to.include({ status: 'paid', amount: 0, currency: 'EUR', provider: 'stripe', discountAmount: 4500, promoCode: code, checkoutUrl: null, meetingId: booked.body.id });
      expect(sessionsOpened()).to.equal(opened);
      expect(await paymentOf(booked.body)).to.include({ status: 'paid', amount: 0, discountAmount: 4500, promoCode: code, checkoutUrl: null });
      expect(await confirmationEmails(server, booked.body.id)).to.have.length(2);
      const invoice = await server.deps.db('invoices').where({ booking_id: booked.body.id }).first();
      expect(invoice).to.include({ total_minor: 0, discount_minor: 4500, subtotal_minor: 4500, promo_code: code });
      expect(await offeredStarts(call, 'lifehost', 'paid', DAY)).not.to.include(start.replace('Z', '.000Z'));
    });
  }

  it('checkout.session.async_payment_failed: the payment is failed and the slot offered again', async () => {
    const booked = await bookSlot(call, 'lifehost', 'paid', `${DAY}T14:00:00Z`, 7);
    const session = await checkoutIdOf(server, booked.body.id);
    expect((await deliver(stripe.event('checkout.session.async_payment_failed', session))).status).to.equal(200);
    expect((await paymentOf(booked.body)).status).to.equal('failed');
    expect(await bookingStatus(booked.body.id)).to.equal('canceled');
    expect(await offeredStarts(call, 'lifehost', 'paid', DAY)).to.include(`${DAY}T14:00:00.000Z`);
  });

  it('payment_intent.payment_failed (booking id in the intent metadata): failed, hold released, promo use back', async () => {
    await promo('FAILS', { percentOff: 20, maxUses: 1 });
    const booked = await bookSlot(call, 'lifehost', 'paid', `${DAY}T15:00:00Z`, 8, { promoCode: 'FAILS' });
    // The payer finished the checkout with a bank debit, which the bank then refused: nothing left to try.
    stripe.sessions.get(await checkoutIdOf(server, booked.body.id))!.status = 'complete';
    const intent = { id: 'pi_failed_1', object: 'payment_intent', status: 'requires_payment_method', metadata: { bookingId: booked.body.id }, last_payment_error: { code: 'card_declined' } };
    expect((await deliver(stripe.eventOf('payment_intent.payment_failed', intent))).status).to.equal(200);
    expect((await paymentOf(booked.body)).status).to.equal('failed');
    expect(await offeredStarts(call, 'lifehost', 'paid', DAY)).to.include(`${DAY}T15:00:00.000Z`);
    expect(await usesOf('FAILS')).to.equal(0);
    // A paid booking is not touched by a stray failure event.
    const paid = await bookSlot(call, 'lifehost', 'paid', `${DAY}T15:00:00Z`, 9);
    const session = await checkoutIdOf(server, paid.body.id);
    stripe.pay(session);
    await deliver(stripe.event('checkout.session.completed', session));
    await deliver(stripe.eventOf('payment_intent.payment_failed', { ...intent, id: 'pi_failed_2', metadata: { bookingId: paid.body.id } }));
    expect((await paymentOf(paid.body)).status).to.equal('paid');
    expect(await bookingStatus(paid.body.id)).to.equal('scheduled');
  });

  it('a declined card leaves the hold while its checkout is open: the payer tries another card and is booked', async () => {
    const booked = await bookSlot(call, 'lifehost', 'paid', "2026-11-26T09:00:00Z", 11);
    const session = await checkoutIdOf(server, booked.body.id);
    const declined = { id: 'pi_declined_1', object: 'payment_intent', status: 'requires_payment_method', metadata: { bookingId: booked.body.id }, last_payment_error: { code: 'card_declined' } };
    expect((await deliver(stripe.eventOf('payment_intent.payment_failed', declined))).status).to.equal(200);
    expect(await bookingStatus(booked.body.id)).to.equal('pending_payment');
    expect((await paymentOf(booked.body)).status).to.equal('requires_payment');
    stripe.pay(session);
    expect((await deliver(stripe.event('checkout.session.completed', session))).status).to.equal(200);
    expect(await bookingStatus(booked.body.id)).to.equal('scheduled');
    expect((await paymentOf(booked.body)).status).to.equal('paid');
  });

  it('a checkout paid after its payment was reported failed is refunded, not kept', async () => {
    const booked = await bookSlot(call, 'lifehost', 'paid', "2026-11-26T10:00:00Z", 12);
    const session = await checkoutIdOf(server, booked.body.id);
    expect((await deliver(stripe.event('checkout.session.async_payment_failed', session))).status).to.equal(200);
    expect((await paymentOf(booked.body)).status).to.equal('failed');
    stripe.pay(session);
    expect((await deliver(stripe.event('checkout.session.completed', session))).status).to.equal(200);
    expect(await bookingStatus(booked.body.id)).to.equal('canceled');
    await drainOutbox(server);
    const pi = stripe.sessions.get(session)!.payment_intent;
    expect(stripe.refunds.filter((r) => r.payment_intent === pi).map((r) => r.amount)).to.deep.equal([4500]);
    expect(await paymentOf(booked.body)).to.include({ status: 'refunded', refundedAmount: 4500 });
  });

  it('announces payment.succeeded exactly once per payment, and payment.refunded, to the host\'s webhooks', async () => {
    const hook = await call('POST', '/api/webhooks', { token: host.token, body: { url: receiver.url, events: ['payment.succeeded', 'payment.refunded'] } });
    expect(hook.status, hook.text).to.equal(201);
    const booked = await bookSlot(call, 'lifehost', 'paid', `${DAY}T16:00:00Z`, 10);
    const session = await checkoutIdOf(server, booked.body.id);
    stripe.pay(session);
    // Two deliveries of the same news (different event ids) and the return page.
    await Promise.all([deliver(stripe.event('checkout.session.completed', session)), deliver(stripe.event('checkout.session.completed', session))]);
    await fetch(`${server.url}/payments/return?booking=${booked.body.id}&session_id=${session}`);
    expect(await server.deps.db('webhook_events').where({ type: 'payment.succeeded' }).whereRaw("body::jsonb -> 'data' -> 'payment' ->> 'bookingId' = ?", [booked.body.id])).to.have.length(1);
    expect((await call('POST', `/api/meetings/${booked.body.id}/refund`, { token: host.token, body: { amount: 1000 } })).status).to.equal(200);
    await drainOutbox(server);
    // One of each; webhook deliveries of different events are not ordered (the poll's dispatcher may
    // be sending one while the drain sends the other), so each is found by its type.
    const received = receiver.received.map((r) => JSON.parse(r.body)).filter((b) => b.data.payment.bookingId === booked.body.id);
    expect(received.map((b) => b.type).sort()).to.deep.equal(['payment.refunded', 'payment.succeeded']);
    const bodies = ['payment.succeeded', 'payment.refunded'].map((type) => received.find((b) => b.type === type));
    expect(bodies[0].data.payment).to.include({ status: 'paid', amount: 4500, currency: 'EUR', provider: 'stripe', refundedAmount: 0 });
    expect(bodies[0].data.payment.paymentRef).to.match(/^pi_/);
    expect(bodies[1].data.payment).to.include({ status: 'partially_refunded', refundedAmount: 1000 });
    expect(bodies[1].data.refund).to.include({ amount: 1000, reason: 'host' });
  });
});
