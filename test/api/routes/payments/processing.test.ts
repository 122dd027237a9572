import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { startFakePayPal, type FakePayPal } from '../../../fakes/paypal.js';
import type { FakeStripe } from '../../../fakes/stripe.js';
import { resetTestDb, usingPostgres } from '../../../helpers/db.js';
import { createEventType, createHost } from '../../../helpers/scheduling.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { WEBHOOK_SECRET, bookSlot, checkoutIdOf, offeredStarts, startWithFakeStripe } from './helpers.js';

/**
 * Payments the bank settles days later (SEPA and ACH debits at Stripe, pending PayPal captures):
 * the payer has paid as far as they can, so the 15-minute hold must not give their slot away and
 * then refund them when the money arrives.
 */
describe('bank payments that settle later keep their slot', () => {
  const NOW = '2026-11-24T10:00:00Z';
  const DAY = '2026-11-26';
  const clock = createFixedClock(NOW);
  let stripe: FakeStripe;
  let server: RunningServer;
  let call: ApiCall;

  const deliver = (payload: string) =>
    fetch(`${server.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': stripe.sign(payload, WEBHOOK_SECRET) }, body: payload });
  const bookingStatus = async (id: string) => (await server.deps.db('bookings').where({ id }).first()).status as string;
  const paymentOf = async (b: { id: string; manageToken: string }) => (await call('GET', `/api/meetings/${b.id}/payment?token=${b.manageToken}`)).body;
  /** The payer finished the Checkout Session with a bank debit: complete, not yet paid. */
  const submitDebit = (session: string) => {
    stripe.sessions.get(session)!.status = 'complete';
  };
  /** Runs the hold-expiry job at `at`, then puts the clock back. */
  const expireAt = async (at: string) => {
    clock.set(at);
    try {
      return await server.deps.services.payments.expireDueHolds();
    } finally {
      clock.set(NOW);
    }
  };

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    ({ stripe, server, call } = await startWithFakeStripe(clock, { PAYMENT_HOLD_MINUTES: '15' }));
    const host = await createHost(call, 'sepahost', { timezone: 'UTC' });
    await createEventType(call, host.token, { slug: 'paid', title: 'Paid session', price: { amount: 4500, currency: 'EUR', provider: 'stripe' } });
  });
  after(async () => {
    await server.close();
    await stripe.close();
  });

  it('a session completed unpaid keeps the hold past PAYMENT_HOLD_MINUTES, and async_payment_succeeded books it', async () => {
    const booked = await bookSlot(call, 'sepahost', 'paid', `${DAY}T09:00:00Z`, 1);
    expect(booked.status, booked.text).to.equal(201);
    const session = await checkoutIdOf(server, booked.body.id);
    submitDebit(session);
    expect((await deliver(stripe.event('checkout.session.completed', session))).status).to.equal(200);
    const processing = await paymentOf(booked.body);
    expect(processing).to.include({ status: 'requires_payment', processingSince: '2026-11-24T10:00:00.000Z', holdExpiresAt: `${DAY}T09:00:00.000Z`, checkoutUrl: null });
    // An hour later, and the next day, the hold stands: the slot is not offered to anyone else.
    expect(await expireAt('2026-11-24T11:00:00Z')).to.equal(0);
    expect(await expireAt('2026-11-25T10:00:00Z')).to.equal(0);
    expect(await bookingStatus(booked.body.id)).to.equal('pending_payment');
    expect(await offeredStarts(call, 'sepahost', 'paid', DAY)).not.to.include(`${DAY}T09:00:00.000Z`);
    // The bank pays out.
    stripe.pay(session);
    expect((await deliver(stripe.event('checkout.session.async_payment_succeeded', session))).status).to.equal(200);
    expect(await bookingStatus(booked.body.id)).to.equal('scheduled');
    expect((await paymentOf(booked.body)).status).to.equal('paid');
    expect(stripe.refunds).to.have.length(0);
  });

  it('a debit the bank refuses releases the slot at once; one never settled ends when the meeting starts', async () => {
    const refused = await bookSlot(call, 'sepahost', 'paid', `${DAY}T10:00:00Z`, 2);
    const refusedSession = await checkoutIdOf(server, refused.body.id);
    submitDebit(refusedSession);
    await deliver(stripe.event('checkout.session.completed', refusedSession));
    expect((await deliver(stripe.event('checkout.session.async_payment_failed', refusedSession))).status).to.equal(200);
    expect(await bookingStatus(refused.body.id)).to.equal('canceled');
    expect(await offeredStarts(call, 'sepahost', 'paid', DAY)).to.include(`${DAY}T10:00:00.000Z`);

    const silent = await bookSlot(call, 'sepahost', 'paid', `${DAY}T11:00:00Z`, 3);
    const silentSession = await checkoutIdOf(server, silent.body.id);
    submitDebit(silentSession);
    await deliver(stripe.event('checkout.session.completed', silentSession));
    expect(await expireAt(`${DAY}T10:59:00Z`)).to.equal(0);
    expect(await expireAt(`${DAY}T11:00:00Z`)).to.equal(1);
    expect(await bookingStatus(silent.body.id)).to.equal('canceled');
    expect((await paymentOf(silent.body)).status).to.equal('expired');
  });

  it('the return page sees the processing payment first: it keeps the hold and says so', async () => {
    const booked = await bookSlot(call, 'sepahost', 'paid', `${DAY}T12:00:00Z`, 4);
    const session = await checkoutIdOf(server, booked.body.id);
    submitDebit(session);
    const page = await fetch(`${server.url}/payments/return?booking=${booked.body.id}&session_id=${session}`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.include('Payment being processed');
    expect((await paymentOf(booked.body)).holdExpiresAt).to.equal(`${DAY}T12:00:00.000Z`);
    expect(await expireAt('2026-11-24T12:00:00Z')).to.equal(0);
    // The manage page shows the time held, without a Pay now link to a checkout already finished.
    const manage = await (await fetch(`${server.url}/meetings/${booked.body.id}?token=${booked.body.manageToken}`)).text();
    expect(manage).to.include('your bank is processing the payment');
    expect(manage).not.to.include('Pay now');
  });

  it('a plain unpaid hold still ends after PAYMENT_HOLD_MINUTES', async () => {
    const booked = await bookSlot(call, 'sepahost', 'paid', `${DAY}T13:00:00Z`, 5);
    expect((await paymentOf(booked.body)).processingSince).to.equal(null);
    expect(await expireAt('2026-11-24T10:16:00Z')).to.be.at.least(1);
    expect(await bookingStatus(booked.body.id)).to.equal('canceled');
  });

  it('a debit submitted while the expiry job waits for the booking keeps its slot: the job looks at the hold again once it holds the lock', async function () {
    // The race needs two connections at once: PGlite has one.
    if (!usingPostgres()) this.skip();
    const booked = await bookSlot(call, 'sepahost', 'paid', `${DAY}T14:00:00Z`, 6);
    expect(booked.status, booked.text).to.equal(201);
    const session = await checkoutIdOf(server, booked.body.id);
    const db = server.deps.db;
    const lockWaits = async () => Number((await db.raw("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rows[0].n);
    // Something else holds the booking's row (a reschedule, say) as the job, past the hold's end, reaches it.
    const holder = await db.transaction();
    clock.set('2026-11-24T10:20:00Z');
    let job: Promise<number> = Promise.resolve(0);
    try {
      await holder('bookings').where({ id: booked.body.id }).forUpdate().first('id');
      job = server.deps.services.payments.expireDueHolds();
      for (let i = 0; i < 200 && (await lockWaits()) === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(await lockWaits(), 'the job waits for the booking').to.equal(1);
      // Meanwhile the payer submits a bank debit: the hold now lasts until the meeting starts.
      submitDebit(session);
      expect((await deliver(stripe.event('checkout.session.completed', session))).status).to.equal(200);
    } finally {
      await holder.commit();
      await job.finally(() => clock.set(NOW));
    }
    expect(await bookingStatus(booked.body.id)).to.equal('pending_payment');
    expect(await paymentOf(booked.body)).to.include({ status: 'requires_payment', holdExpiresAt: `${DAY}T14:00:00.000Z` });
  });
});

describe('a pending PayPal capture keeps its slot', () => {
  const creds = { clientId: 'paypal-client', clientSecret: 'paypal-secret', webhookId: 'WH-ID-yava' };
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  let paypal: FakePayPal;
  let server: RunningServer;
  let call: ApiCall;
  const post = (hook: { body: string; headers: Record<string, string> }) => fetch(`${server.url}/webhooks/paypal`, { method: 'POST', headers: { 'content-type': 'application/json', ...hook.headers }, body: hook.body });

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    paypal = await startFakePayPal(creds);
    server = await startTestServer({ clock, env: { PAYMENT_HOLD_MINUTES: '15', PAYPAL_CLIENT_ID: creds.clientId, PAYPAL_CLIENT_SECRET: creds.clientSecret, PAYPAL_WEBHOOK_ID: creds.webhookId, PAYPAL_API_URL: paypal.url } });
    call = apiClient(server.url);
    const host = await createHost(call, 'pppending', { timezone: 'UTC' });
    await createEventType(call, host.token, { slug: 'coaching', title: 'Coaching', price: { amount: 12050, currency: 'USD', provider: 'paypal' } });
  });
  after(async () => {
    await server.close();
    await paypal.close();
  });

  it('PAYMENT.CAPTURE.PENDING holds the slot until the meeting starts', async () => {
    const booked = await bookSlot(call, 'pppending', 'coaching', '2026-11-26T09:00:00Z');
    expect(booked.status, booked.text).to.equal(201);
    const orderId = await checkoutIdOf(server, booked.body.id);
    const hook = paypal.webhook('PAYMENT.CAPTURE.PENDING', { id: 'CAPTURE-P1', status: 'PENDING', status_details: { reason: 'ECHECK' }, supplementary_data: { related_ids: { order_id: orderId } } });
    const res = await post(hook);
    expect(res.status).to.equal(200);
    const payment = await server.deps.db('payments').where({ booking_id: booked.body.id }).first();
    expect(new Date(payment.hold_expires_at).toISOString()).to.equal('2026-11-26T09:00:00.000Z');
    expect(payment.processing_since).to.not.equal(null);
    clock.set('2026-11-24T11:00:00Z');
    try {
      expect(await server.deps.services.payments.expireDueHolds()).to.equal(0);
    } finally {
      clock.set('2026-11-24T10:00:00Z');
    }
  });

  it('an approved order whose capture comes back PENDING is held, and booked when the capture completes', async () => {
    const booked = await bookSlot(call, 'pppending', 'coaching', '2026-11-26T10:00:00Z', 2);
    const orderId = await checkoutIdOf(server, booked.body.id);
    paypal.approve(orderId);
    paypal.captureStatus = 'PENDING';
    try {
      const approved = paypal.webhook('CHECKOUT.ORDER.APPROVED', { id: orderId, status: 'APPROVED' });
      expect((await post(approved)).status).to.equal(200);
    } finally {
      paypal.captureStatus = 'COMPLETED';
    }
    const payment = await server.deps.db('payments').where({ booking_id: booked.body.id }).first();
    expect(payment.status).to.equal('requires_payment');
    expect(new Date(payment.hold_expires_at).toISOString()).to.equal('2026-11-26T10:00:00.000Z');
    const capture = paypal.orders.get(orderId)!.purchase_units[0]!.payments!.captures[0]!;
    const completed = paypal.webhook('PAYMENT.CAPTURE.COMPLETED', { id: capture.id, status: 'COMPLETED', amount: capture.amount, supplementary_data: { related_ids: { order_id: orderId } } });
    expect((await post(completed)).status).to.equal(200);
    expect((await server.deps.db('bookings').where({ id: booked.body.id }).first()).status).to.equal('scheduled');
  });
});
