import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import type { FakeStripe } from '../../../fakes/stripe.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost, expectProblem } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { bookSlot, drainOutbox, startWithFakeStripe, payWithStripe } from './helpers.js';

/** Currencies with no minor unit (JPY, HUF) or three (KWD): what Stripe is asked for, and what it cannot take. */
describe('paid event types in JPY, HUF and KWD (Stripe)', () => {
  let stripe: FakeStripe;
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const DAY = '2026-11-25';
  const lastSession = () => stripe.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!.form;
  const priced = (amount: number, currency: string, provider = 'stripe') => call('POST', '/api/event-types', { token: host.token, body: { slug: `p${amount}${currency}`.toLowerCase(), title: 'Priced', durationMinutes: 30, price: { amount, currency, provider } } });

  async function bookAndPay(eventType: string, start: string, n: number) {
    const booked = await bookSlot(call, 'curhost', eventType, start, n);
    expect(booked.status, booked.text).to.equal(201);
    const { paymentIntent } = await payWithStripe(server, stripe, booked.body.id);
    return { booking: booked.body, paymentIntent };
  }

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    ({ stripe, server, call } = await startWithFakeStripe(clock));
    host = await createHost(call, 'curhost', { timezone: 'UTC' });
    await createEventType(call, host.token, { slug: 'yen', price: { amount: 5000, currency: 'JPY', provider: 'stripe' } });
    await createEventType(call, host.token, { slug: 'forint', price: { amount: 15000, currency: 'HUF', provider: 'stripe' } });
    await createEventType(call, host.token, { slug: 'dinar', price: { amount: 1250, currency: 'KWD', provider: 'stripe', refundPolicy: { type: 'percentage', percent: 50 } } });
  });
  after(async () => {
    await server.close();
    await stripe.close();
  });

  it('asks Stripe for the amount in the currency\'s own minor units: 5000 JPY is 5000, 1.250 KWD is 1250', async () => {
    expect((await bookSlot(call, 'curhost', 'yen', `${DAY}T09:00:00Z`, 1)).body.payment).to.include({ amount: 5000, currency: 'JPY' });
    expect(lastSession()).to.include({ 'line_items[0][price_data][unit_amount]': '5000', 'line_items[0][price_data][currency]': 'jpy' });
    expect((await bookSlot(call, 'curhost', 'dinar', `${DAY}T10:00:00Z`, 2)).body.payment).to.include({ amount: 1250, currency: 'KWD' });
    expect(lastSession()).to.include({ 'line_items[0][price_data][unit_amount]': '1250', 'line_items[0][price_data][currency]': 'kwd' });
  });

  it('asks Stripe for 15000 HUF in its two-decimal units (1500000), and refunds in them, where HUF has no minor unit', async () => {
    const paid = await bookAndPay('forint', `${DAY}T14:00:00Z`, 6);
    expect(lastSession()).to.include({ 'line_items[0][price_data][unit_amount]': '1500000', 'line_items[0][price_data][currency]': 'huf' });
    const payment = await call('GET', `/api/meetings/${paid.booking.id}/payment`, { token: host.token });
    expect(payment.body).to.include({ status: 'paid', amount: 15000, currency: 'HUF' });
    expect((await call('POST', `/api/meetings/${paid.booking.id}/refund`, { token: host.token, body: { amount: 5000 } })).status).to.equal(200);
    await drainOutbox(server);
    expect(stripe.refunds.filter((r) => r.payment_intent === paid.paymentIntent).map((r) => r.amount)).to.deep.equal([500_000]);
  });

  it('refuses a KWD price Stripe cannot charge (last digit not 0), naming price.amount and a price it can', async () => {
    const res = await priced(1234, 'KWD');
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors[0].field).to.equal('price.amount');
    expect(res.body.errors[0].message).to.include('0.010').and.include('e.g. 1230 (1.230 KWD)');
    expect((await priced(1230, 'KWD')).status).to.equal(201);
  });

  it('a percentage code on a KWD price leaves an amount Stripe takes: 10% off 1.250 is 0.130, 1.120 to pay', async () => {
    expect((await call('POST', '/api/promo-codes', { token: host.token, body: { code: 'TENKWD', percentOff: 10 } })).status).to.equal(201);
    const booked = await bookSlot(call, 'curhost', 'dinar', `${DAY}T11:00:00Z`, 3, { promoCode: 'TENKWD' });
    expect(booked.status, booked.text).to.equal(201);
    expect(booked.body.promo).to.include({ priceMinor: 1250, discountMinor: 130, amountDueMinor: 1120 });
    expect(lastSession()).to.include({ 'line_items[0][price_data][unit_amount]': '1120' });
  });

  it('refunds KWD in the tens of fils Stripe takes: half of 1.250 by policy is 0.620; a host refund of 0.625 is refused', async () => {
    const byPolicy = await bookAndPay('dinar', `${DAY}T12:00:00Z`, 4);
    expect((await call('POST', `/api/meetings/${byPolicy.booking.id}/cancel?token=${byPolicy.booking.manageToken}`, { body: {} })).status).to.equal(200);
    await drainOutbox(server);
    expect(stripe.refunds.filter((r) => r.payment_intent === byPolicy.paymentIntent).map((r) => r.amount)).to.deep.equal([620]);
    const byHost = await bookAndPay('dinar', `${DAY}T13:00:00Z`, 5);
    const refused = await call('POST', `/api/meetings/${byHost.booking.id}/refund`, { token: host.token, body: { amount: 625 } });
    expectProblem(refused, 400, 'validation_failed');
    expect(refused.body.errors[0]).to.include({ field: 'amount' });
    expect((await call('POST', `/api/meetings/${byHost.booking.id}/refund`, { token: host.token, body: { amount: 620 } })).status).to.equal(200);
  });
});
