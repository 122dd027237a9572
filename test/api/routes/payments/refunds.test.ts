import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import type { FakeStripe } from '../../../fakes/stripe.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost, expectProblem } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import Refund from '../../../../cli/commands/refund.js';
import { ApiClient } from '../../../../cli/client.js';
import { runWith } from '../../../cli/commands/harness.js';
import { startWithFakeStripe, bookPaidWithStripe, bookSlot, drainOutbox, payWithStripe } from './helpers.js';

describe('refunds by policy, by host, and rescheduling a paid meeting (Stripe)', () => {
  let stripe: FakeStripe;
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  let n = 0;

  const bookPaid = (eventType: string, start: string) => bookPaidWithStripe(server, stripe, 'refhost', eventType, start, ++n);
  const refundedAmounts = async (pi: string) => {
    await drainOutbox(server);
    return stripe.refunds.filter((r) => r.payment_intent === pi).map((r) => r.amount);
  };
  const cancelAsInvitee = (b: { id: string; manageToken: string }) => call('POST', `/api/meetings/${b.id}/cancel?token=${b.manageToken}`, { body: {} });

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    ({ stripe, server, call } = await startWithFakeStripe(clock, {}));
    host = await createHost(call, 'refhost', { timezone: 'UTC' });
    await createEventType(call, host.token, { slug: 'day', title: 'Day notice', price: { amount: 4500, currency: 'EUR', provider: 'stripe', refundPolicy: { type: 'full_until', hours: 24 } } });
    await createEventType(call, host.token, { slug: 'half', title: 'Half back', price: { amount: 2999, currency: 'EUR', provider: 'stripe', refundPolicy: { type: 'percentage', percent: 50 } } });
  });
  after(async () => {
    await server.close();
    await stripe.close();
  });

  it('full_until 24 h: an invitee cancelling 2 days ahead gets everything back; 5 hours ahead gets nothing', async () => {
    const early = await bookPaid('day', '2026-11-26T10:00:00Z');
    expect((await cancelAsInvitee(early.booking)).status).to.equal(200);
    expect(await refundedAmounts(early.paymentIntent)).to.deep.equal([4500]);
    const late = await bookPaid('day', '2026-11-24T15:00:00Z');
    expect((await cancelAsInvitee(late.booking)).status).to.equal(200);
    expect(await refundedAmounts(late.paymentIntent)).to.deep.equal([]);
    const status = await call('GET', `/api/meetings/${late.booking.id}/payment`, { token: host.token });
    expect(status.body).to.include({ status: 'paid', refundedAmount: 0 });
  });

  it('percentage 50: half of 29.99 is 14.99 (rounded down); a host who cancels refunds everything', async () => {
    const byInvitee = await bookPaid('half', '2026-11-25T11:00:00Z');
    expect((await cancelAsInvitee(byInvitee.booking)).status).to.equal(200);
    expect(await refundedAmounts(byInvitee.paymentIntent)).to.deep.equal([1499]);
    expect((await call('GET', `/api/meetings/${byInvitee.booking.id}/payment`, { token: host.token })).body).to.include({ status: 'partially_refunded', refundedAmount: 1499 });
    const byHost = await bookPaid('half', '2026-11-25T12:00:00Z');
    expect((await call('POST', `/api/meetings/${byHost.booking.id}/cancel`, { token: host.token, body: {} })).status).to.equal(200);
    expect(await refundedAmounts(byHost.paymentIntent)).to.deep.equal([2999]);
  });

  it('percentage 50: an admin who cancels (the first account here) refunds everything, as a host does', async () => {
    const byAdmin = await bookPaid('half', '2026-11-25T13:00:00Z');
    const canceled = await call('POST', `/api/admin/meetings/${byAdmin.booking.id}/cancel`, { token: host.token, body: { reason: 'Host is ill' } });
    expect(canceled.body).to.include({ status: 'canceled', canceledBy: 'admin:refhost' });
    expect(await refundedAmounts(byAdmin.paymentIntent)).to.deep.equal([2999]);
  });

  it("percentage 50: a team admin who cancels a team meeting they do not host refunds everything, as its host would", async () => {
    const admin = await createHost(call, 'refadmin', { timezone: 'UTC' });
    expect((await call('POST', '/api/teams', { token: admin.token, body: { slug: 'refteam', name: 'Refunds', members: [{ username: 'refhost', role: 'host' }] } })).status).to.equal(201);
    await createEventType(call, admin.token, { slug: 'team-half', title: 'Team half back', teamSlug: 'refteam', kind: 'round_robin', hosts: ['refhost'], price: { amount: 2999, currency: 'EUR', provider: 'stripe', refundPolicy: { type: 'percentage', percent: 50 } } });
    const booked = await bookSlot(call, 'refhost', 'team-half', '2026-11-25T14:00:00Z', ++n, { user: undefined, team: 'refteam' });
    expect(booked.status, booked.text).to.equal(201);
    const paid = await payWithStripe(server, stripe, booked.body.id);
    expect(paid.status).to.equal(200);
    const canceled = await call('POST', `/api/meetings/${booked.body.id}/cancel`, { token: admin.token, body: {} });
    expect(canceled.body).to.include({ status: 'canceled', canceledBy: 'admin:refadmin' });
    expect(await refundedAmounts(paid.paymentIntent)).to.deep.equal([2999]);
  });

  it('rescheduling keeps the payment: no new checkout, still paid', async () => {
    const paid = await bookPaid('day', '2026-11-27T09:00:00Z');
    const sessionsBefore = stripe.sessions.size;
    const moved = await call('POST', `/api/meetings/${paid.booking.id}/reschedule?token=${paid.booking.manageToken}`, { body: { start: '2026-11-27T14:00:00Z' } });
    expect(moved.status, moved.text).to.equal(200);
    expect(moved.body).to.include({ status: 'scheduled', start: '2026-11-27T14:00:00.000Z' });
    expect(stripe.sessions.size).to.equal(sessionsBefore);
    expect((await call('GET', `/api/meetings/${paid.booking.id}/payment`, { token: host.token })).body).to.include({ status: 'paid', amount: 4500 });
  });

  it('full_until 24 h: moving the meeting further out after the window closed does not open it again; a move inside the window does', async () => {
    // Booked for tomorrow 09:00 (23 h ahead: no full refund any more), moved by the invitee to next week, then canceled.
    const late = await bookPaid('day', '2026-11-25T09:00:00Z');
    const moved = await call('POST', `/api/meetings/${late.booking.id}/reschedule?token=${late.booking.manageToken}`, { body: { start: '2026-12-01T09:00:00Z' } });
    expect(moved.status, moved.text).to.equal(200);
    expect((await cancelAsInvitee(late.booking)).status).to.equal(200);
    expect(await refundedAmounts(late.paymentIntent), 'the window had closed before the move').to.deep.equal([]);
    // Moved while the window was still open (3 days ahead): the new start sets it, and a cancel 6 days ahead refunds all.
    const early = await bookPaid('day', '2026-11-27T11:00:00Z');
    expect((await call('POST', `/api/meetings/${early.booking.id}/reschedule?token=${early.booking.manageToken}`, { body: { start: '2026-11-30T11:00:00Z' } })).status).to.equal(200);
    expect((await cancelAsInvitee(early.booking)).status).to.equal(200);
    expect(await refundedAmounts(early.paymentIntent)).to.deep.equal([4500]);
    // A host who moves a meeting inside the window does not close it for the invitee.
    const byHost = await bookPaid('day', '2026-11-25T09:30:00Z');
    expect((await call('POST', `/api/meetings/${byHost.booking.id}/reschedule`, { token: host.token, body: { start: '2026-11-30T14:00:00Z' } })).status).to.equal(200);
    expect((await cancelAsInvitee(byHost.booking)).status).to.equal(200);
    expect(await refundedAmounts(byHost.paymentIntent)).to.deep.equal([4500]);
  });

  it('full_until 24 h: a host who moves the meeting after an invitee closed its window sets it from the new start', async () => {
    // The invitee moved it 23 h ahead (the window closes), then the host moved it a week out: cancelling 8 days ahead refunds all.
    const paid = await bookPaid('day', '2026-11-25T09:00:00Z');
    expect((await call('POST', `/api/meetings/${paid.booking.id}/reschedule?token=${paid.booking.manageToken}`, { body: { start: '2026-12-02T09:00:00Z' } })).status).to.equal(200);
    const byHost = await call('POST', `/api/meetings/${paid.booking.id}/reschedule`, { token: host.token, body: { start: '2026-12-03T14:00:00Z' } });
    expect(byHost.status, byHost.text).to.equal(200);
    expect((await cancelAsInvitee(paid.booking)).status).to.equal(200);
    expect(await refundedAmounts(paid.paymentIntent)).to.deep.equal([4500]);
  });

  it('a host refunds any payment, in full by default; GET /api/payments filters by status and time; invitees cannot refund', async () => {
    const paid = await bookPaid('day', '2026-11-27T11:00:00Z');
    expectProblem(await call('POST', `/api/meetings/${paid.booking.id}/refund?token=${paid.booking.manageToken}`, { body: {} }), 401, 'unauthorized');
    const refunded = await call('POST', `/api/meetings/${paid.booking.id}/refund`, { token: host.token, body: {} });
    expect(refunded.body).to.include({ status: 'refunded', refundedAmount: 4500 });
    expect(await refundedAmounts(paid.paymentIntent)).to.deep.equal([4500]);
    expectProblem(await call('POST', `/api/meetings/${paid.booking.id}/refund`, { token: host.token, body: {} }), 409, 'invalid_transition');
    const list = await call('GET', '/api/payments?status=refunded', { token: host.token });
    expect(list.status).to.equal(200);
    expect(list.body.payments.map((p: { meetingId: string }) => p.meetingId)).to.include(paid.booking.id);
    for (const p of list.body.payments) expect(p.status).to.equal('refunded');
    const none = await call('GET', '/api/payments?from=2030-01-01T00:00:00Z', { token: host.token });
    expect(none.body.payments).to.deep.equal([]);
  });

  it('yava refund --amount 12.50 refunds 1250 cents; GET /api/meetings/:id shows the payment with its refunds (a free one: no payment)', async () => {
    const paid = await bookPaid('day', '2026-12-01T11:00:00Z');
    const cli = new ApiClient({ server: server.url, token: host.token });
    const { stdout } = await runWith(Refund, [paid.booking.id.slice(0, 8), '--amount', '12.50'], cli);
    expect(stdout).to.match(/^Refunding EUR 12.50 of EUR 45.00 paid for this meeting \(Stripe\)\./);
    expect(await refundedAmounts(paid.paymentIntent)).to.deep.equal([1250]);
    const asHost = await call('GET', `/api/meetings/${paid.booking.id}`, { token: host.token });
    expect(asHost.body.payment).to.include({ status: 'partially_refunded', amount: 4500, currency: 'EUR', refundedAmount: 1250 });
    expect(asHost.body.payment.refunds).to.have.length(1);
    expect(asHost.body.payment.refunds[0]).to.include({ amount: 1250, reason: 'host', status: 'succeeded', failure: null });
    // The invitee sees the refund too, but not a provider's reason for a failure (hosts only), as on /payment.
    const asInvitee = await call('GET', `/api/meetings/${paid.booking.id}?token=${paid.booking.manageToken}`);
    expect(asInvitee.body.payment.refunds[0]).to.include({ amount: 1250, status: 'succeeded' }).and.not.have.property('failure');
    expect(asInvitee.body.payment.refunds).to.deep.equal((await call('GET', `/api/meetings/${paid.booking.id}/payment?token=${paid.booking.manageToken}`)).body.refunds);
    await createEventType(call, host.token, { slug: 'free-ref', title: 'Free' });
    const free = await bookSlot(call, 'refhost', 'free-ref', '2026-12-01T14:00:00Z', ++n);
    expect(free.status, free.text).to.equal(201);
    expect((await call('GET', `/api/meetings/${free.body.id}`, { token: host.token })).body).not.to.have.property('payment');
  });
});
