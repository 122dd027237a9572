import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { startFakePayPal, type FakePayPal } from '../../../fakes/paypal.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost } from '../../../helpers/scheduling.js';
import { apiClient, capturedLogs, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { bookSlot, checkoutIdOf, confirmationEmails, drainOutbox } from './helpers.js';

describe('paid bookings with PayPal (REST against a fake PayPal)', () => {
  const creds = { clientId: 'paypal-client', clientSecret: 'paypal-secret', webhookId: 'WH-ID-yava' };
  let paypal: FakePayPal;
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const DAY = '2026-11-26';

  const post = (hook: { body: string; headers: Record<string, string> }) => fetch(`${server.url}/webhooks/paypal`, { method: 'POST', headers: { 'content-type': 'application/json', ...hook.headers }, body: hook.body });
  const orderOf = (bookingId: string) => checkoutIdOf(server, bookingId);
  const bookingStatus = async (id: string) => (await server.deps.db('bookings').where({ id }).first()).status as string;
  /** Invitee n books `start`, approves the order at PayPal and comes back: captured, the meeting paid. */
  const paidWithPayPal = async (start: string, n: number) => {
    const booked = await bookSlot(call, 'pphost', 'coaching', start, n);
    expect(booked.status, booked.text).to.equal(201);
    const orderId = await orderOf(booked.body.id);
    paypal.approve(orderId);
    await fetch(`${server.url}/payments/return?booking=${booked.body.id}&token=${orderId}`);
    return { booked, orderId };
  };

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    paypal = await startFakePayPal(creds);
    server = await startTestServer({ clock, env: { PAYPAL_CLIENT_ID: creds.clientId, PAYPAL_CLIENT_SECRET: creds.clientSecret, PAYPAL_WEBHOOK_ID: creds.webhookId, PAYPAL_API_URL: paypal.url } });
    call = apiClient(server.url);
    host = await createHost(call, 'pphost', { timezone: 'UTC' });
    await createEventType(call, host.token, { slug: 'coaching', title: 'Coaching', price: { amount: 12050, currency: 'USD', provider: 'paypal', refundPolicy: { type: 'none' } } });
  });
  after(async () => {
    await server.close();
    await paypal.close();
  });

  it('creates an order (OAuth client credentials, booking id as custom_id, PayPal-Request-Id) and sends the booker to approve it', async () => {
    const res = await bookSlot(call, 'pphost', 'coaching', `${DAY}T09:00:00Z`);
    expect(res.status, res.text).to.equal(201);
    expect(res.body.payment).to.include({ status: 'requires_payment', amount: 12050, currency: 'USD', provider: 'paypal' });
    expect(res.body.payment.checkoutUrl).to.match(/^https:\/\/www\.paypal\.com\/checkoutnow\?token=ORDER-/);
    const created = paypal.requests.find((r) => r.path === '/v2/checkout/orders')!;
    expect(created.requestId).to.be.a('string').and.not.empty;
    expect(created.body).to.deep.include({ intent: 'CAPTURE' });
    expect((created.body as { purchase_units: unknown[] }).purchase_units[0]).to.deep.include({ custom_id: res.body.id, amount: { currency_code: 'USD', value: '120.50' } });
  });

  it('captures on CHECKOUT.ORDER.APPROVED and on the return page, whichever comes first, confirming once', async () => {
    const booked = await bookSlot(call, 'pphost', 'coaching', `${DAY}T10:00:00Z`, 2);
    const orderId = await orderOf(booked.body.id);
    paypal.approve(orderId);
    const hook = paypal.webhook('CHECKOUT.ORDER.APPROVED', { id: orderId, status: 'APPROVED' });
    const [webhook, page] = await Promise.all([post(hook), fetch(`${server.url}/payments/return?booking=${booked.body.id}&token=${orderId}&PayerID=P1`)]);
    expect(webhook.status).to.equal(200);
    expect(page.status).to.equal(200);
    expect(await bookingStatus(booked.body.id)).to.equal('scheduled');
    expect(paypal.orders.get(orderId)!.status).to.equal('COMPLETED');
    const capture = paypal.orders.get(orderId)!.purchase_units[0]!.payments!.captures[0]!;
    // The capture webhook that follows, delivered twice, changes nothing.
    const completed = paypal.webhook('PAYMENT.CAPTURE.COMPLETED', { id: capture.id, status: 'COMPLETED', amount: capture.amount, supplementary_data: { related_ids: { order_id: orderId } } }, 'WH-CAPTURE-1');
    expect((await post(completed)).status).to.equal(200);
    expect(await (await post(completed)).json()).to.deep.equal({ received: true, outcome: 'duplicate' });
    expect(await confirmationEmails(server, booked.body.id)).to.have.length(2);
    const status = await call('GET', `/api/meetings/${booked.body.id}/payment?token=${booked.body.manageToken}`);
    expect(status.body).to.include({ status: 'paid', amount: 12050, currency: 'USD', provider: 'paypal' });
  });

  it('does not capture an order approved after its hold ended: no money moves, the page says time ran out', async () => {
    const booked = await bookSlot(call, 'pphost', 'coaching', `${DAY}T15:00:00Z`, 6);
    const orderId = await orderOf(booked.body.id);
    clock.advance(16 * 60_000);
    expect(await server.deps.services.payments.expireDueHolds()).to.be.at.least(1);
    paypal.approve(orderId);
    expect((await post(paypal.webhook('CHECKOUT.ORDER.APPROVED', { id: orderId, status: 'APPROVED' }))).status).to.equal(200);
    const page = await fetch(`${server.url}/payments/return?booking=${booked.body.id}&token=${orderId}&PayerID=P1`);
    expect(await page.text()).to.include('Time ran out');
    expect(paypal.requests.filter((r) => r.path === `/v2/checkout/orders/${orderId}/capture`)).to.deep.equal([]);
    expect(paypal.orders.get(orderId)!.status).to.equal('APPROVED');
    clock.set('2026-11-24T10:00:00Z');
  });

  it('PAYMENT.CAPTURE.DENIED ends the hold: the payment is failed and the slot free again', async () => {
    const booked = await bookSlot(call, 'pphost', 'coaching', `${DAY}T14:30:00Z`, 5);
    expect(booked.status, booked.text).to.equal(201);
    const orderId = await orderOf(booked.body.id);
    const denied = paypal.webhook('PAYMENT.CAPTURE.DENIED', { id: 'CAP-DENIED-1', status: 'DECLINED', supplementary_data: { related_ids: { order_id: orderId } } });
    expect((await post(denied)).status).to.equal(200);
    expect(await bookingStatus(booked.body.id)).to.equal('canceled');
    expect((await call('GET', `/api/meetings/${booked.body.id}/payment?token=${booked.body.manageToken}`)).body.status).to.equal('failed');
    expect((await bookSlot(call, 'pphost', 'coaching', `${DAY}T14:00:00Z`, 6)).status).to.equal(201);
  });

  it('answers 400 when PayPal does not verify the signature, and changes nothing', async () => {
    const booked = await bookSlot(call, 'pphost', 'coaching', `${DAY}T11:00:00Z`, 3);
    const orderId = await orderOf(booked.body.id);
    paypal.approve(orderId);
    const genuine = paypal.webhook('CHECKOUT.ORDER.APPROVED', { id: orderId, status: 'APPROVED' }, 'WH-FORGED');
    const tampered = { body: genuine.body.replace('"APPROVED"}', '"APPROVED","x":1}'), headers: genuine.headers };
    const otherSig = { body: genuine.body, headers: { ...genuine.headers, 'paypal-transmission-sig': paypal.webhook('CHECKOUT.ORDER.APPROVED', {}).headers['paypal-transmission-sig']! } };
    const noHeaders = { body: genuine.body, headers: {} };
    for (const hook of [tampered, otherSig, noHeaders]) expect((await post(hook)).status).to.equal(400);
    expect(await bookingStatus(booked.body.id)).to.equal('pending_payment');
    expect(paypal.orders.get(orderId)!.status).to.equal('APPROVED');
    expect(await server.deps.db('payment_webhook_events').where({ event_id: 'WH-FORGED' })).to.have.length(0);
  });

  it('a host refunds part of a payment through PayPal; the no-refund policy gives nothing back to an invitee who cancels', async () => {
    const { booked, orderId } = await paidWithPayPal(`${DAY}T13:00:00Z`, 4);
    const capture = paypal.orders.get(orderId)!.purchase_units[0]!.payments!.captures[0]!;
    const refunded = await call('POST', `/api/meetings/${booked.body.id}/refund`, { token: host.token, body: { amount: 2050 } });
    expect(refunded.status, refunded.text).to.equal(200);
    expect(refunded.body).to.include({ status: 'partially_refunded', refundedAmount: 2050 });
    expect((await call('POST', `/api/meetings/${booked.body.id}/refund`, { token: host.token, body: { amount: 10001 } })).status).to.equal(400);
    const cancel = await call('POST', `/api/meetings/${booked.body.id}/cancel?token=${booked.body.manageToken}`, { body: {} });
    expect(cancel.status, cancel.text).to.equal(200);
    await drainOutbox(server);
    expect(paypal.refunds.filter((r) => r.captureId === capture.id).map((r) => r.amount)).to.deep.equal([{ value: '20.50', currency_code: 'USD' }]);
    expect(paypal.refunds.find((r) => r.captureId === capture.id)!.requestId).to.match(/^refund:/);
  });

  it('a refund PayPal refuses (the capture already refunded there) is failed with its issue, and the payment is paid again', async () => {
    const { booked } = await paidWithPayPal(`${DAY}T14:30:00Z`, 5);
    paypal.refundOutcomes.push('refuse');
    expect((await call('POST', `/api/meetings/${booked.body.id}/refund`, { token: host.token, body: {} })).body).to.include({ status: 'refunded', refundedAmount: 12050 });
    await drainOutbox(server);
    const refund = await server.deps.db('payment_refunds').join('payments', 'payments.id', 'payment_refunds.payment_id').where('payments.booking_id', booked.body.id).first('payment_refunds.status', 'payment_refunds.failure');
    expect(refund.status).to.equal('failed');
    expect(refund.failure).to.include('HTTP 422').and.include('CAPTURE_FULLY_REFUNDED');
    expect((await call('GET', `/api/meetings/${booked.body.id}/payment`, { token: host.token })).body).to.include({ status: 'paid', refundedAmount: 0 });
    expect(await server.deps.db('inapp_notifications').where({ user_id: host.user.id, kind: 'payment.refund_failed', booking_id: booked.body.id })).to.have.length(1);
  });

  it('a refund PayPal takes as PENDING is settled by PAYMENT.CAPTURE.REFUNDED: COMPLETED succeeds it', async () => {
    const { booked, orderId } = await paidWithPayPal(`${DAY}T15:30:00Z`, 6);
    paypal.refundOutcomes.push('pending');
    expect((await call('POST', `/api/meetings/${booked.body.id}/refund`, { token: host.token, body: {} })).status).to.equal(200);
    await drainOutbox(server);
    const refundRow = () => server.deps.db('payment_refunds').join('payments', 'payments.id', 'payment_refunds.payment_id').where('payments.booking_id', booked.body.id).first('payment_refunds.status', 'payment_refunds.provider_refund_id');
    const capture = paypal.orders.get(orderId)!.purchase_units[0]!.payments!.captures[0]!;
    const refund = paypal.refunds.find((r) => r.captureId === capture.id)!;
    expect(await refundRow()).to.deep.equal({ status: 'pending', provider_refund_id: refund.id });
    expect(refund.customId, 'the refund carries Yava\'s id').to.match(/^[0-9a-f-]{36}$/);
    expect((await post(paypal.webhook('PAYMENT.CAPTURE.REFUNDED', { id: refund.id, status: 'COMPLETED', amount: refund.amount }))).status).to.equal(200);
    expect(await refundRow()).to.deep.equal({ status: 'succeeded', provider_refund_id: refund.id });
  });

  describe('the amount captured against the amount due', () => {
    const LATER = '2026-11-27';
    const notices = (bookingId: string) => server.deps.db('inapp_notifications').where({ user_id: host.user.id, kind: 'payment.mismatch', booking_id: bookingId }).pluck('body');

    it('an order captured for less does not confirm (webhook or return page): held and unpaid, logged and told to the host once', async () => {
      const booked = await bookSlot(call, 'pphost', 'coaching', `${LATER}T09:00:00Z`, 10);
      const orderId = await orderOf(booked.body.id);
      // What the payer was charged, as PayPal would capture it.
      paypal.orders.get(orderId)!.purchase_units[0]!.amount = { currency_code: 'USD', value: '100.00' };
      paypal.approve(orderId);
      const logged = capturedLogs.length;
      expect((await post(paypal.webhook('CHECKOUT.ORDER.APPROVED', { id: orderId, status: 'APPROVED' }))).status).to.equal(200);
      const page = await (await fetch(`${server.url}/payments/return?booking=${booked.body.id}&token=${orderId}&PayerID=P1`)).text();
      expect(page).to.include('Payment does not match the price');
      expect(await bookingStatus(booked.body.id)).to.equal('pending_payment');
      expect((await call('GET', `/api/meetings/${booked.body.id}/payment?token=${booked.body.manageToken}`)).body).to.include({ status: 'requires_payment', paidAt: null });
      expect(await confirmationEmails(server, booked.body.id)).to.deep.equal([]);
      expect(capturedLogs.slice(logged).join('')).to.include('PayPal payment not accepted: USD 100.00 was paid where USD 120.50 is due');
      const told = await notices(booked.body.id);
      expect(told).to.have.length(1);
      expect(told[0]).to.include('USD 100.00 was paid where USD 120.50 is due');
    });

    it('a completed capture in another currency does not confirm; the exact amount then does, once', async () => {
      const booked = await bookSlot(call, 'pphost', 'coaching', `${LATER}T10:00:00Z`, 11);
      const orderId = await orderOf(booked.body.id);
      const capture = (id: string, amount: { currency_code: string; value: string }) => paypal.webhook('PAYMENT.CAPTURE.COMPLETED', { id, status: 'COMPLETED', amount, supplementary_data: { related_ids: { order_id: orderId } } });
      const logged = capturedLogs.length;
      expect((await post(capture('CAP-EUR', { currency_code: 'EUR', value: '120.50' }))).status).to.equal(200);
      expect(await bookingStatus(booked.body.id)).to.equal('pending_payment');
      expect(capturedLogs.slice(logged).join('')).to.include('PayPal payment not accepted: EUR 120.50 was paid where USD 120.50 is due');
      expect(await notices(booked.body.id)).to.have.length(1);
      for (const n of [1, 2]) expect((await post(capture('CAP-USD', { currency_code: 'USD', value: '120.50' }))).status, `report ${n}`).to.equal(200);
      expect(await bookingStatus(booked.body.id)).to.equal('scheduled');
      expect(await confirmationEmails(server, booked.body.id)).to.have.length(2);
      expect((await server.deps.db('payments').where({ booking_id: booked.body.id }).first()).payment_ref).to.equal('CAP-USD');
    });
  });
});
