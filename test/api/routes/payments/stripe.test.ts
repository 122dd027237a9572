import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import type { FakeSession, FakeStripe } from '../../../fakes/stripe.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost, expectProblem } from '../../../helpers/scheduling.js';
import { capturedLogs, type ApiCall } from '../../../helpers/server.js';
import { hiddenValue, pageClient } from '../pages/helpers.js';
import { WEBHOOK_SECRET, checkoutIdOf, startWithFakeStripe, bookSlot, confirmationEmails, drainOutbox, offeredStarts } from './helpers.js';

describe('paid bookings with Stripe (real stripe client, fake Stripe)', () => {
  let stripe: FakeStripe;
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const DAY = '2026-11-25';

  const postEvent = (payload: string, signature: string) =>
    fetch(`${server.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload });
  const deliver = (type: string, sessionId: string, eventId?: string) => {
    const payload = stripe.event(type, sessionId, eventId);
    return postEvent(payload, stripe.sign(payload, WEBHOOK_SECRET));
  };
  const sessionOf = (bookingId: string) => checkoutIdOf(server, bookingId);
  const bookingStatus = async (id: string) => (await server.deps.db('bookings').where({ id }).first()).status as string;

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    ({ stripe, server, call } = await startWithFakeStripe(clock, { PAYMENT_HOLD_MINUTES: '15' }));
    host = await createHost(call, 'payhost', { timezone: 'UTC' });
    await createEventType(call, host.token, { slug: 'paid', title: 'Paid session', price: { amount: 4500, currency: 'EUR', provider: 'stripe', refundPolicy: { type: 'full_until', hours: 24 } } });
    await createEventType(call, host.token, { slug: 'half', title: 'Half back', price: { amount: 2999, currency: 'eur', provider: 'stripe', refundPolicy: { type: 'percentage', percent: 50 } } });
  });
  after(async () => {
    await server.close();
    await stripe.close();
  });

  it('shows the price on the event type', async () => {
    const res = await call('GET', '/api/event-types', { token: host.token });
    const half = res.body.eventTypes.find((e: { slug: string }) => e.slug === 'half');
    expect(half.price).to.deep.equal({ amount: 2999, currency: 'EUR', provider: 'stripe', refundPolicy: { type: 'percentage', percent: 50 } });
  });

  it('holds the slot as pending_payment, opens a Checkout Session with the booking id and an idempotency key, and keeps the slot from others', async () => {
    const res = await bookSlot(call, 'payhost', 'paid', `${DAY}T09:00:00Z`);
    expect(res.status, res.text).to.equal(201);
    expect(res.body.status).to.equal('pending_payment');
    expect(res.body.payment).to.include({ status: 'requires_payment', amount: 4500, currency: 'EUR', provider: 'stripe', receiptUrl: null });
    expect(res.body.payment.checkoutUrl).to.match(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    const created = stripe.requests.find((r) => r.path === '/v1/checkout/sessions' && r.form['metadata[bookingId]'] === res.body.id)!;
    expect(created.idempotencyKey).to.be.a('string').and.not.empty;
    expect(created.form).to.include({ mode: 'payment', 'line_items[0][price_data][unit_amount]': '4500', 'line_items[0][price_data][currency]': 'eur', 'payment_intent_data[metadata][bookingId]': res.body.id });
    expect(created.form.success_url).to.include(`/payments/return?booking=${res.body.id}`);
    expect(await offeredStarts(call, 'payhost', 'paid', DAY)).not.to.include(`${DAY}T09:00:00.000Z`);
    expectProblem(await bookSlot(call, 'payhost', 'paid', `${DAY}T09:00:00Z`, 2), 409, 'slot_unavailable');
    expect(await confirmationEmails(server, res.body.id)).to.deep.equal([]);
  });

  it('GET /api/meetings?status=pending_payment lists the host\'s unpaid holds', async () => {
    const res = await call('GET', '/api/meetings?status=pending_payment', { token: host.token });
    expect(res.status, res.text).to.equal(200);
    expect(res.body.meetings).to.have.length.above(0);
    expect(res.body.meetings.every((m: { status: string }) => m.status === 'pending_payment')).to.equal(true);
  });

  it('confirms once on a signed checkout.session.completed, however often it arrives and with the return page too', async () => {
    const booked = await bookSlot(call, 'payhost', 'paid', `${DAY}T10:00:00Z`, 3);
    const session = await sessionOf(booked.body.id);
    stripe.pay(session);
    const payload = stripe.event('checkout.session.completed', session, 'evt_twice');
    const signature = stripe.sign(payload, WEBHOOK_SECRET);
    const [first, second] = await Promise.all([postEvent(payload, signature), postEvent(payload, signature)]);
    expect([first.status, second.status]).to.deep.equal([200, 200]);
    expect((await Promise.all([first.json(), second.json()])).map((b) => (b as { outcome: string }).outcome).sort()).to.deep.equal(['duplicate', 'processed']);
    // The same payment told again by another event, and by the return page.
    expect((await deliver('checkout.session.completed', session)).status).to.equal(200);
    const page = await fetch(`${server.url}/payments/return?booking=${booked.body.id}&session_id=${session}`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.include('Payment received');
    expect(await bookingStatus(booked.body.id)).to.equal('scheduled');
    expect(await confirmationEmails(server, booked.body.id)).to.have.length(2); // one to the invitee, one to the host
    const token = booked.body.manageToken;
    const status = await call('GET', `/api/meetings/${booked.body.id}/payment?token=${token}`);
    expect(status.body).to.include({ status: 'paid', amount: 4500, currency: 'EUR', provider: 'stripe' });
    expect(status.body.receiptUrl).to.match(/^https:\/\/pay\.stripe\.com\/receipts\//);
    const history: Array<{ to_status: string }> = await server.deps.db('booking_status_history').where({ booking_id: booked.body.id, to_status: 'scheduled' });
    expect(history).to.have.length(1);
  });

  it('confirms through the return page alone, and a later webhook changes nothing', async () => {
    const booked = await bookSlot(call, 'payhost', 'paid', `${DAY}T11:00:00Z`, 4);
    const session = await sessionOf(booked.body.id);
    const early = await fetch(`${server.url}/payments/return?booking=${booked.body.id}`);
    expect(await early.text()).to.include('Waiting for your payment');
    stripe.pay(session);
    expect(await (await fetch(`${server.url}/payments/return?booking=${booked.body.id}`)).text()).to.include('Payment received');
    expect((await deliver('checkout.session.completed', session)).status).to.equal(200);
    expect(await bookingStatus(booked.body.id)).to.equal('scheduled');
    expect(await confirmationEmails(server, booked.body.id)).to.have.length(2);
  });

  it('answers 400 to a bad signature and changes nothing', async () => {
    const booked = await bookSlot(call, 'payhost', 'paid', `${DAY}T12:00:00Z`, 5);
    const session = await sessionOf(booked.body.id);
    stripe.pay(session);
    const payload = stripe.event('checkout.session.completed', session, 'evt_forged');
    for (const signature of [stripe.sign(payload, 'whsec_wrong'), stripe.sign(payload.replace('"livemode": false', '"livemode": true'), WEBHOOK_SECRET), '']) {
      const res = await postEvent(payload, signature);
      expect(res.status).to.equal(400);
      expect(res.headers.get('content-type')).to.match(/problem\+json/);
    }
    // Re-serialised JSON is not the raw body Stripe signed.
    const reserialised = JSON.stringify(JSON.parse(payload));
    expect((await postEvent(reserialised, stripe.sign(payload, WEBHOOK_SECRET))).status).to.equal(400);
    expect(await bookingStatus(booked.body.id)).to.equal('pending_payment');
    expect(await server.deps.db('payment_webhook_events').where({ event_id: 'evt_forged' })).to.have.length(0);
    // The genuine event still works afterwards (nothing was recorded for the forged ones).
    expect((await postEvent(payload, stripe.sign(payload, WEBHOOK_SECRET))).status).to.equal(200);
    expect(await bookingStatus(booked.body.id)).to.equal('scheduled');
  });

  it('frees an unpaid hold after PAYMENT_HOLD_MINUTES, offers the slot again, and refunds a payment that arrives later', async () => {
    const booked = await bookSlot(call, 'payhost', 'paid', `${DAY}T13:00:00Z`, 6);
    const session = await sessionOf(booked.body.id);
    clock.advance(14 * 60_000);
    expect(await server.deps.services.payments.expireDueHolds()).to.equal(0);
    expect(await offeredStarts(call, 'payhost', 'paid', DAY)).not.to.include(`${DAY}T13:00:00.000Z`);
    clock.advance(2 * 60_000);
    // This hold and the one of the first test (never paid either).
    expect(await server.deps.services.payments.expireDueHolds()).to.equal(2);
    expect(await server.deps.services.payments.expireDueHolds()).to.equal(0);
    expect(await offeredStarts(call, 'payhost', 'paid', DAY)).to.include(`${DAY}T13:00:00.000Z`);
    expect(await bookingStatus(booked.body.id)).to.equal('canceled');
    stripe.pay(session);
    expect((await deliver('checkout.session.completed', session)).status).to.equal(200);
    expect(await bookingStatus(booked.body.id)).to.equal('canceled');
    expect(await confirmationEmails(server, booked.body.id)).to.deep.equal([]);
    await drainOutbox(server);
    const pi = stripe.sessions.get(session)!.payment_intent;
    expect(stripe.refunds.filter((r) => r.payment_intent === pi).map((r) => r.amount)).to.deep.equal([4500]);
    const status = await call('GET', `/api/meetings/${booked.body.id}/payment?token=${booked.body.manageToken}`);
    expect(status.body).to.include({ status: 'refunded', refundedAmount: 4500 });
    // Someone else can book the freed slot.
    expect((await bookSlot(call, 'payhost', 'paid', `${DAY}T13:00:00Z`, 7)).status).to.equal(201);
  });

  it('closes the Checkout Session when the hold ends (expired, or canceled before paying), so nobody pays for a released slot', async () => {
    clock.set('2026-11-24T10:00:00Z');
    const expiring = await bookSlot(call, 'payhost', 'paid', `${DAY}T14:00:00Z`, 8);
    const canceled = await bookSlot(call, 'payhost', 'paid', `${DAY}T14:30:00Z`, 9);
    const [first, second] = [await sessionOf(expiring.body.id), await sessionOf(canceled.body.id)];
    expect((await call('POST', `/api/meetings/${canceled.body.id}/cancel?token=${canceled.body.manageToken}`, { body: {} })).status).to.equal(200);
    clock.advance(16 * 60_000);
    expect(await server.deps.services.payments.expireDueHolds()).to.equal(1);
    await drainOutbox(server);
    expect(stripe.sessions.get(first)!.status).to.equal('expired');
    expect(stripe.sessions.get(second)!.status).to.equal('expired');
    expect(stripe.requests.filter((r) => r.path.endsWith('/expire')).map((r) => r.path)).to.include.members([`/v1/checkout/sessions/${first}/expire`, `/v1/checkout/sessions/${second}/expire`]);
    expect(await server.deps.db('outbox').whereIn('booking_id', [expiring.body.id, canceled.body.id]).where({ channel: 'payment_checkout_close' }).pluck('status')).to.deep.equal(['sent', 'sent']);
  });

  it('a payer who leaves the checkout is offered to pay now, and until when the slot is held, not told to book a slot they hold', async () => {
    clock.set('2026-11-24T10:00:00Z');
    const booked = await bookSlot(call, 'payhost', 'paid', `${DAY}T16:00:00Z`, 10);
    const page = await (await fetch(`${server.url}/payments/return?booking=${booked.body.id}&canceled=1`)).text();
    expect(page).to.include('Payment not made').and.include(`href="${booked.body.payment.checkoutUrl}"`).and.include('Pay now');
    // The invitee books from Europe/Paris: 10:15Z is 11:15 there.
    expect(page).to.include('held for you until 24 Nov 2026, 11:15').and.include('Europe/Paris');
    expect(page).not.to.include('book again');
  });

  it('the booking page shows the price, leads a paid slot to Stripe Checkout, and back to the return page', async () => {
    const browser = pageClient(server.url);
    const form = await browser.get(`/payhost/paid/book?start=${DAY}T15:00:00.000Z&timezone=UTC`);
    expect(form.text).to.include('€45.00').and.include('Continue to payment');
    const res = await browser.post('/payhost/paid/book', { _csrf: hiddenValue(form.text, '_csrf'), start: `${DAY}T15:00:00.000Z`, timezone: 'UTC', name: 'Page Payer', email: 'page@example.org' });
    expect(res.status).to.equal(303);
    const location = res.headers.get('location')!;
    expect(location).to.match(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    const session = stripe.sessions.get(location.split('/').pop()!)!;
    expect(session.success_url).to.match(new RegExp(`^${server.deps.config.publicUrl}/payments/return\\?booking=[0-9a-f-]{36}&session_id=\\{CHECKOUT_SESSION_ID\\}$`));
    stripe.pay(session.id);
    const back = await browser.get(new URL(session.success_url.replace('{CHECKOUT_SESSION_ID}', session.id)).pathname + new URL(session.success_url.replace('{CHECKOUT_SESSION_ID}', session.id)).search);
    expect(back.text).to.include('Payment received');
    expect(await bookingStatus(session.metadata.bookingId!)).to.equal('scheduled');
  });

  describe('the amount paid against the amount due', () => {
    const LATER = '2026-11-27';
    const mismatchNotices = async (bookingId: string) =>
      (await call('GET', '/api/notifications', { token: host.token })).body.notifications.filter((n: { kind: string; bookingId: string }) => n.kind === 'payment.mismatch' && n.bookingId === bookingId) as Array<{ title: string; body: string }>;

    /** Books, lets `tamper` change what the payer pays at Stripe, pays, and reports it by webhook and return page. */
    async function payTampered(start: string, n: number, tamper: (session: FakeSession) => void) {
      clock.set('2026-11-24T10:00:00Z');
      const booked = await bookSlot(call, 'payhost', 'paid', start, n);
      expect(booked.status, booked.text).to.equal(201);
      const session = await sessionOf(booked.body.id);
      tamper(stripe.pay(session));
      const logged = capturedLogs.length;
      expect((await deliver('checkout.session.completed', session)).status).to.equal(200);
      const page = await (await fetch(`${server.url}/payments/return?booking=${booked.body.id}&session_id=${session}`)).text();
      return { booking: booked.body as { id: string; manageToken: string }, page, logs: capturedLogs.slice(logged).join('') };
    }

    it('a smaller amount does not confirm: the slot stays held and unpaid, the log and the host\'s one notice name both amounts', async () => {
      const { booking, page, logs } = await payTampered(`${LATER}T09:00:00Z`, 20, (s) => {
        s.amount_total = 4000;
      });
      expect(await bookingStatus(booking.id)).to.equal('pending_payment');
      expect(await server.deps.db('payments').where({ booking_id: booking.id }).first('status', 'payment_ref', 'paid_at')).to.deep.equal({ status: 'requires_payment', payment_ref: null, paid_at: null });
      expect(await confirmationEmails(server, booking.id)).to.deep.equal([]);
      expect(await offeredStarts(call, 'payhost', 'paid', LATER)).not.to.include(`${LATER}T09:00:00.000Z`);
      expect(logs).to.include('Stripe payment not accepted: EUR 40.00 was paid where EUR 45.00 is due');
      expect(page).to.include('Payment does not match the price').and.not.include('Payment received');
      // Reported twice (webhook and return page), told once.
      const notices = await mismatchNotices(booking.id);
      expect(notices).to.have.length(1);
      expect(notices[0]!.title).to.equal('Payment not accepted: "Paid session"');
      expect(notices[0]!.body).to.include('EUR 40.00 was paid where EUR 45.00 is due');
      // Not ours to refund: the hold ends unpaid as any other, and no refund of a wrong amount is sent.
      clock.advance(16 * 60_000);
      await server.deps.services.payments.expireDueHolds();
      expect(await bookingStatus(booking.id)).to.equal('canceled');
      const session = await sessionOf(booking.id);
      expect((await deliver('checkout.session.completed', session)).status).to.equal(200);
      expect(await server.deps.db('payments').where({ booking_id: booking.id }).first('status', 'refunded_minor')).to.deep.equal({ status: 'expired', refunded_minor: 0 });
      await drainOutbox(server);
      const paymentIntent = stripe.sessions.get(session)!.payment_intent;
      expect(stripe.refunds.filter((r) => r.payment_intent === paymentIntent)).to.deep.equal([]);
      expect(await server.deps.db('inapp_notifications').where({ booking_id: booking.id, kind: 'payment.mismatch' })).to.have.length(1);
    });

    it('the same amount in another currency does not confirm either', async () => {
      const { booking, logs } = await payTampered(`${LATER}T10:00:00Z`, 21, (s) => {
        s.currency = 'usd';
      });
      expect(await bookingStatus(booking.id)).to.equal('pending_payment');
      expect(logs).to.include('Stripe payment not accepted: USD 45.00 was paid where EUR 45.00 is due');
      expect((await mismatchNotices(booking.id))[0]!.body).to.include('USD 45.00 was paid where EUR 45.00 is due');
    });

    it('the amount due after a promo code is what confirms, exactly once', async () => {
      expect((await call('POST', '/api/promo-codes', { token: host.token, body: { code: 'TENOFF', percentOff: 10 } })).status).to.equal(201);
      clock.set('2026-11-24T10:00:00Z');
      const booked = await bookSlot(call, 'payhost', 'paid', `${LATER}T11:00:00Z`, 22, { promoCode: 'TENOFF' });
      expect(booked.body.payment).to.include({ amount: 4050, discountAmount: 450 });
      const session = await sessionOf(booked.body.id);
      stripe.pay(session);
      expect((await deliver('checkout.session.completed', session)).status).to.equal(200);
      expect((await deliver('checkout.session.completed', session)).status).to.equal(200);
      expect(await bookingStatus(booked.body.id)).to.equal('scheduled');
      expect(await confirmationEmails(server, booked.body.id)).to.have.length(2);
      expect((await call('GET', `/api/meetings/${booked.body.id}/payment?token=${booked.body.manageToken}`)).body).to.include({ status: 'paid', amount: 4050 });
      expect(await mismatchNotices(booked.body.id)).to.deep.equal([]);
    });
  });
});
