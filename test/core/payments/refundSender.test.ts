import { expect } from 'chai';
import { createFixedClock } from '../../../core/clock.js';
import type { RunningServer } from '../../../server/compose.js';
import type { FakeStripe } from '../../fakes/stripe.js';
import { resetTestDb } from '../../helpers/db.js';
import { createEventType, createHost } from '../../helpers/scheduling.js';
import type { ApiCall } from '../../helpers/server.js';
import { WEBHOOK_SECRET, bookPaidWithStripe, startWithFakeStripe } from '../../api/routes/payments/helpers.js';

/** A refund is promised when it is asked for, and documented or taken back by what the provider does with it. */
describe('core/payments/refundSender: refunds the provider refuses or never takes', () => {
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  let stripe: FakeStripe;
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  let n = 0;

  /** Runs what is due in the outbox, then moves the clock past any retry's backoff. */
  const drain = async () => {
    await server.deps.services.notify.createDispatcher({ backoffBaseMs: 1_000, backoffMaxMs: 1_000 }).drain();
    clock.advance(2_000);
  };
  const payment = async (bookingId: string) => (await call('GET', `/api/meetings/${bookingId}/payment`, { token: host.token })).body;
  const refundsOf = async (bookingId: string) =>
    server.deps.db('payment_refunds').join('payments', 'payments.id', 'payment_refunds.payment_id').where('payments.booking_id', bookingId).orderBy('payment_refunds.created_at').select('payment_refunds.id', 'payment_refunds.amount_minor', 'payment_refunds.status', 'payment_refunds.failure');
  const creditNotesOf = async (bookingId: string) => ((await call('GET', '/api/credit-notes', { token: host.token })).body.creditNotes as Array<{ bookingId: string; amountMinor: number }>).filter((c) => c.bookingId === bookingId);
  const notices = (bookingId: string) => server.deps.db('inapp_notifications').where({ user_id: host.user.id, kind: 'payment.refund_failed', booking_id: bookingId }).select('title', 'body');
  /** Delivers a signed Stripe webhook about a refund, as Stripe sends it. */
  const refundEvent = async (type: string, refund: Record<string, unknown>) => {
    const payload = stripe.eventOf(type, { object: 'refund', ...refund });
    const res = await fetch(`${server.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': stripe.sign(payload, WEBHOOK_SECRET) }, body: payload });
    expect(res.status, await res.text()).to.equal(200);
  };
  const failureMails = (refundId: string) => server.deps.db('outbox').where({ channel: 'email', idempotency_key: `email:refund-failed:${refundId}` }).select('payload');

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    ({ stripe, server, call } = await startWithFakeStripe(clock, { OUTBOX_MAX_ATTEMPTS: '3' }));
    host = await createHost(call, 'rfhost', { timezone: 'Europe/Paris' });
    await createEventType(call, host.token, { slug: 'paid', title: 'Consultation', price: { amount: 4500, currency: 'EUR', provider: 'stripe', refundPolicy: { type: 'full_until', hours: 24 } } });
  });
  after(async () => {
    await server.close();
    await stripe.close();
  });
  afterEach(() => {
    stripe.refundOutcomes.length = 0;
    stripe.whileRefunding = null;
  });

  it('a refund Stripe refuses is failed with its reason: no credit note, the amount refundable again, the host told once; refunding again works', async () => {
    const { booking } = await bookPaidWithStripe(server, stripe, 'rfhost', 'paid', '2026-11-27T10:00:00Z', ++n);
    expect((await call('POST', `/api/meetings/${booking.id}/refund`, { token: host.token, body: { amount: 1000 } })).status).to.equal(200);
    await drain();
    stripe.refundOutcomes.push('refuse');
    const rest = await call('POST', `/api/meetings/${booking.id}/refund`, { token: host.token, body: {} });
    expect(rest.body, 'promised at once').to.include({ status: 'refunded', refundedAmount: 4500 });
    await drain();

    const [first, second] = await refundsOf(booking.id);
    expect(first).to.include({ amount_minor: 1000, status: 'succeeded' });
    expect(second).to.include({ amount_minor: 3500, status: 'failed' });
    expect(second.failure).to.include('has already been refunded');
    const shown = await payment(booking.id);
    expect(shown).to.include({ status: 'partially_refunded', refundedAmount: 1000 });
    // The payment lists its refunds: the host reads why one failed, the invitee only that it did.
    expect(shown.refunds.map((r: { amount: number; status: string; reason: string }) => [r.amount, r.status, r.reason])).to.deep.equal([[1000, 'succeeded', 'host'], [3500, 'failed', 'host']]);
    expect(shown.refunds[1].failure).to.include('has already been refunded');
    expect(shown.refunds[1].completedAt).to.be.a('string');
    const asInvitee = (await call('GET', `/api/meetings/${booking.id}/payment?token=${booking.manageToken}`)).body;
    expect(asInvitee.refunds.map((r: { status: string }) => r.status)).to.deep.equal(['succeeded', 'failed']);
    expect(asInvitee.refunds[1]).not.to.have.property('failure');
    expect((await creditNotesOf(booking.id)).map((c) => c.amountMinor)).to.deep.equal([1000]);
    expect(await server.deps.db('outbox').where({ idempotency_key: `refund:${second.id}` }).first('status')).to.deep.equal({ status: 'dead' });

    const [notice, ...more] = await notices(booking.id);
    expect(more).to.deep.equal([]);
    expect(notice.title).to.equal('Refund failed: EUR 35.00 for "Consultation"');
    expect(notice.body).to.include('Stripe did not refund EUR 35.00').and.include('Fri 27 Nov 2026, 11:00').and.include('has already been refunded').and.include(`/app/meetings/${booking.id}) or with "yava refund ${booking.id}"`);
    const mails = await failureMails(second.id);
    expect(mails).to.have.length(1);
    const mail = typeof mails[0].payload === 'string' ? JSON.parse(mails[0].payload) : mails[0].payload;
    expect(mail).to.include({ to: 'rfhost@example.com', subject: 'Refund failed: EUR 35.00 for "Consultation"' });

    // Outgoing webhooks hear of it: the refund that failed and why, and the payment as it is again.
    const [event, ...others] = await server.deps.db('webhook_events').where({ user_id: host.user.id, type: 'payment.refund_failed' }).select('body');
    expect(others).to.deep.equal([]);
    const data = (typeof event.body === 'string' ? JSON.parse(event.body) : event.body).data;
    expect(data.refund).to.include({ id: second.id, amount: 3500, reason: 'host' });
    expect(data.refund.failure).to.include('has already been refunded');
    expect(data.payment).to.include({ status: 'partially_refunded', refundedAmount: 1000 });

    // Another drain changes nothing; the host refunds the rest again, and this time Stripe takes it.
    await drain();
    expect(await notices(booking.id)).to.have.length(1);
    expect((await call('POST', `/api/meetings/${booking.id}/refund`, { token: host.token, body: {} })).body).to.include({ status: 'refunded', refundedAmount: 4500 });
    await drain();
    expect((await refundsOf(booking.id)).map((r) => r.status)).to.deep.equal(['succeeded', 'failed', 'succeeded']);
    expect((await creditNotesOf(booking.id)).map((c) => c.amountMinor).sort()).to.deep.equal([1000, 3500]);
    expect(stripe.refunds.filter((r) => r.payment_intent).map((r) => r.amount).slice(-2)).to.deep.equal([1000, 3500]);
  });

  it('a refund Stripe keeps failing is retried, then failed at the outbox\'s last attempt: the canceled meeting\'s payment is paid again', async () => {
    const { booking } = await bookPaidWithStripe(server, stripe, 'rfhost', 'paid', '2026-11-26T10:00:00Z', ++n);
    stripe.refundOutcomes.push('error', 'error', 'error');
    expect((await call('POST', `/api/meetings/${booking.id}/cancel?token=${booking.manageToken}`, { body: {} })).status).to.equal(200);
    await drain();
    await drain();
    // Two attempts failed: still owed and on its way, nothing said yet.
    expect((await refundsOf(booking.id)).map((r) => r.status)).to.deep.equal(['pending']);
    expect(await payment(booking.id)).to.include({ status: 'refunded', refundedAmount: 4500 });
    expect(await notices(booking.id)).to.deep.equal([]);
    await drain();
    const [refund] = await refundsOf(booking.id);
    expect(refund).to.include({ status: 'failed' });
    expect(refund.failure).to.match(/^still not through after 3 attempts \(last: .+\)$/);
    expect(await payment(booking.id)).to.include({ status: 'paid', refundedAmount: 0 });
    expect(await notices(booking.id)).to.have.length(1);
    expect(await creditNotesOf(booking.id)).to.deep.equal([]);
    expect((await server.deps.db('bookings').where({ id: booking.id }).first('status')).status).to.equal('canceled');
  });

  it('a refund Stripe takes on a retry succeeds as if at once: one refund at Stripe, one credit note, no notice', async () => {
    const { booking, paymentIntent } = await bookPaidWithStripe(server, stripe, 'rfhost', 'paid', '2026-11-26T12:00:00Z', ++n);
    stripe.refundOutcomes.push('error');
    expect((await call('POST', `/api/meetings/${booking.id}/refund`, { token: host.token, body: {} })).status).to.equal(200);
    await drain();
    expect(await creditNotesOf(booking.id)).to.deep.equal([]);
    await drain();
    expect((await refundsOf(booking.id)).map((r) => r.status)).to.deep.equal(['succeeded']);
    expect(stripe.refunds.filter((r) => r.payment_intent === paymentIntent).map((r) => r.amount)).to.deep.equal([4500]);
    expect((await creditNotesOf(booking.id)).map((c) => c.amountMinor)).to.deep.equal([4500]);
    expect(await notices(booking.id)).to.deep.equal([]);
    expect(await payment(booking.id)).to.include({ status: 'refunded', refundedAmount: 4500 });
  });

  it('a refund Stripe takes as pending (a bank refund) is documented when refund.updated says it succeeded, once; one that fails then is taken back', async () => {
    const settled = await bookPaidWithStripe(server, stripe, 'rfhost', 'paid', '2026-11-26T14:00:00Z', ++n);
    const failing = await bookPaidWithStripe(server, stripe, 'rfhost', 'paid', '2026-11-26T15:00:00Z', ++n);
    stripe.refundOutcomes.push('pending', 'pending');
    for (const { booking } of [settled, failing]) expect((await call('POST', `/api/meetings/${booking.id}/refund`, { token: host.token, body: {} })).status).to.equal(200);
    await drain();
    const [pending] = await refundsOf(settled.booking.id);
    expect(pending).to.include({ status: 'pending' });
    const stripeRefundOf = (pi: string) => stripe.refunds.find((r) => r.payment_intent === pi)!.id;
    expect(await server.deps.db('payment_refunds').where({ id: pending.id }).first('provider_refund_id')).to.deep.equal({ provider_refund_id: stripeRefundOf(settled.paymentIntent) });
    expect(await creditNotesOf(settled.booking.id), 'not documented while the money is on its way').to.deep.equal([]);
    expect(await payment(settled.booking.id)).to.include({ status: 'refunded', refundedAmount: 4500 });

    const done = { id: stripeRefundOf(settled.paymentIntent), amount: 4500, status: 'succeeded' };
    await refundEvent('refund.updated', done);
    await refundEvent('charge.refund.updated', done);
    expect((await refundsOf(settled.booking.id)).map((r) => r.status)).to.deep.equal(['succeeded']);
    expect((await creditNotesOf(settled.booking.id)).map((c) => c.amountMinor)).to.deep.equal([4500]);

    await refundEvent('refund.failed', { id: stripeRefundOf(failing.paymentIntent), amount: 4500, status: 'failed', failure_reason: 'expired_or_canceled_card' });
    const [failed] = await refundsOf(failing.booking.id);
    expect(failed).to.include({ status: 'failed', failure: 'the refund came back failed (expired_or_canceled_card)' });
    expect(await payment(failing.booking.id)).to.include({ status: 'paid', refundedAmount: 0 });
    expect(await creditNotesOf(failing.booking.id)).to.deep.equal([]);
    expect((await notices(failing.booking.id)).map((x) => x.body).join()).to.include('expired_or_canceled_card');
    // A refund Stripe never had from Yava changes nothing.
    await refundEvent('refund.updated', { id: 're_elsewhere', amount: 100, status: 'succeeded' });
  });

  it("a refund's result that comes before Yava stored Stripe's id for it is found by the id Yava gave it (metadata.refundId)", async () => {
    const { booking, paymentIntent } = await bookPaidWithStripe(server, stripe, 'rfhost', 'paid', '2026-11-26T09:00:00Z', ++n);
    stripe.refundOutcomes.push('pending');
    expect((await call('POST', `/api/meetings/${booking.id}/refund`, { token: host.token, body: {} })).status).to.equal(200);
    await drain();
    const [refund] = await refundsOf(booking.id);
    const sent = stripe.refunds.find((r) => r.payment_intent === paymentIntent)!;
    expect(sent.metadata, 'each refund carries Yava\'s id').to.deep.equal({ refundId: refund.id });
    // As if the webhook had won the race with the sender's own write of Stripe's id.
    await server.deps.db('payment_refunds').where({ id: refund.id }).update({ provider_refund_id: null });
    await refundEvent('refund.updated', { id: sent.id, amount: 4500, status: 'succeeded', metadata: { refundId: refund.id } });
    expect(await server.deps.db('payment_refunds').where({ id: refund.id }).first('status', 'provider_refund_id')).to.deep.equal({ status: 'succeeded', provider_refund_id: sent.id });
    expect((await creditNotesOf(booking.id)).map((c) => c.amountMinor)).to.deep.equal([4500]);
  });

  it('a refund a webhook settles while Yava waits on Stripe keeps what the webhook said, whatever Stripe then answers the sender', async () => {
    const { booking } = await bookPaidWithStripe(server, stripe, 'rfhost', 'paid', '2026-11-27T09:00:00Z', ++n);
    expect((await call('POST', `/api/meetings/${booking.id}/refund`, { token: host.token, body: {} })).status).to.equal(200);
    const [refund] = await refundsOf(booking.id);
    stripe.whileRefunding = () => refundEvent('refund.updated', { id: 're_settled', amount: 4500, status: 'succeeded', metadata: { refundId: refund.id } });
    stripe.refundOutcomes.push('refuse');
    await drain();
    expect(await server.deps.db('payment_refunds').where({ id: refund.id }).first('status', 'provider_refund_id')).to.deep.equal({ status: 'succeeded', provider_refund_id: 're_settled' });
    expect(await payment(booking.id)).to.include({ status: 'refunded', refundedAmount: 4500 });
    expect(await notices(booking.id)).to.deep.equal([]);
    expect((await creditNotesOf(booking.id)).map((c) => c.amountMinor)).to.deep.equal([4500]);
  });

  it('a result about another Stripe refund than the one recorded for ours is ignored, though it names ours', async () => {
    const { booking } = await bookPaidWithStripe(server, stripe, 'rfhost', 'paid', '2026-11-27T13:00:00Z', ++n);
    stripe.refundOutcomes.push('pending');
    expect((await call('POST', `/api/meetings/${booking.id}/refund`, { token: host.token, body: {} })).status).to.equal(200);
    await drain();
    const [refund] = await refundsOf(booking.id);
    await refundEvent('refund.failed', { id: 're_other', amount: 4500, status: 'failed', failure_reason: 'unknown', metadata: { refundId: refund.id } });
    expect((await refundsOf(booking.id)).map((r) => r.status)).to.deep.equal(['pending']);
    expect(await payment(booking.id)).to.include({ status: 'refunded', refundedAmount: 4500 });
  });

  it('a refund Stripe made though its answer was lost is found by Yava\'s id before it is given up: done, not failed', async () => {
    const { booking, paymentIntent } = await bookPaidWithStripe(server, stripe, 'rfhost', 'paid', '2026-11-27T14:00:00Z', ++n);
    stripe.refundOutcomes.push('made-then-error', 'error', 'error');
    expect((await call('POST', `/api/meetings/${booking.id}/refund`, { token: host.token, body: {} })).status).to.equal(200);
    for (let i = 0; i < 3; i++) await drain();
    const [refund] = await refundsOf(booking.id);
    const made = stripe.refunds.filter((r) => r.payment_intent === paymentIntent);
    expect(made.map((r) => r.amount), 'one refund at Stripe').to.deep.equal([4500]);
    expect(await server.deps.db('payment_refunds').where({ id: refund.id }).first('status', 'provider_refund_id')).to.deep.equal({ status: 'succeeded', provider_refund_id: made[0]!.id });
    expect(await payment(booking.id)).to.include({ status: 'refunded', refundedAmount: 4500 });
    expect(await notices(booking.id)).to.deep.equal([]);
    expect((await creditNotesOf(booking.id)).map((c) => c.amountMinor)).to.deep.equal([4500]);
  });

  it('the invitee\'s meeting page says how their refund goes: on its way, then refunded, or not made without the provider\'s words', async () => {
    const managePage = async (b: { id: string; manageToken: string }) => (await fetch(`${server.url}/meetings/${b.id}?token=${b.manageToken}`)).text();
    const ok = (await bookPaidWithStripe(server, stripe, 'rfhost', 'paid', '2026-11-26T11:00:00Z', ++n)).booking;
    const refused = (await bookPaidWithStripe(server, stripe, 'rfhost', 'paid', '2026-11-26T13:00:00Z', ++n)).booking;
    expect(await managePage(ok), 'nothing refunded: no refunds box').not.to.include('id="refunds"');
    for (const b of [ok, refused]) expect((await call('POST', `/api/meetings/${b.id}/cancel?token=${b.manageToken}`, { body: {} })).status).to.equal(200);
    expect(await managePage(ok)).to.include('id="refunds"').and.include('<strong>€45.00</strong>: on its way since 24 Nov 2026');
    stripe.refundOutcomes.push('refuse');
    // Refunds go out in the order they were asked for: the first is refused.
    await server.deps.db('outbox').where({ channel: 'payment_refund' }).whereIn('booking_id', [ok.id]).update({ next_attempt_at: new Date(clock.now().getTime() + 10 * 60_000) });
    await drain();
    expect(await managePage(refused)).to.include('<strong>€45.00</strong>: could not be made; the host has been told').and.not.include('already been refunded');
    clock.advance(15 * 60_000);
    await drain();
    expect(await managePage(ok)).to.include('<strong>€45.00</strong>: refunded on 24 Nov 2026');
  });
});
