import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import type { FakeStripe } from '../../../fakes/stripe.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost, expectProblem, invitee } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { WEBHOOK_SECRET, startWithFakeStripe } from '../payments/helpers.js';

const PAID = { amount: 4500, currency: 'EUR', provider: 'stripe' };

describe('plans sold through Stripe Billing (real stripe client, fake Stripe, signed webhooks)', () => {
  let stripe: FakeStripe;
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T10:00:00Z');

  const deliver = (payload: string, secret = WEBHOOK_SECRET) =>
    fetch(`${server.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': stripe.sign(payload, secret) }, body: payload });
  const planOf = async (token: string) => (await call('GET', '/api/billing/plan', { token })).body.plan as string;
  const createPaid = (token: string, slug: string) => call('POST', '/api/event-types', { token, body: { slug, title: slug, durationMinutes: 30, price: PAID } });

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    ({ stripe, server, call } = await startWithFakeStripe(clock, { STRIPE_PRICE_PRO: 'price_pro', STRIPE_PRICE_ENTERPRISE: 'price_ent' }));
  });
  after(async () => {
    await server.close();
    await stripe.close();
  });

  it('Free → 402 naming Pro → checkout → signed subscription webhook → the paid event type; deleted → back to Free', async () => {
    const host = await createHost(call, 'subscriber');
    const refused = await createPaid(host.token, 'coaching');
    expectProblem(refused, 402, 'plan_required');
    expect(refused.body.details).to.include({ plan: 'pro', currentPlan: 'free', feature: 'payments' });
    expect(refused.body.detail).to.include('Pro plan');

    const checkout = await call('POST', '/api/billing/checkout', { token: host.token, body: { plan: 'pro' } });
    expect(checkout.status, checkout.text).to.equal(201);
    expect(checkout.body).to.include({ plan: 'pro' });
    expect(checkout.body.url).to.match(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    const created = stripe.requests.find((r) => r.path === '/v1/checkout/sessions' && r.form.mode === 'subscription')!;
    expect(created.form).to.include({
      'line_items[0][price]': 'price_pro',
      'line_items[0][quantity]': '1',
      client_reference_id: host.user.id,
      'metadata[userId]': host.user.id,
      'subscription_data[metadata][userId]': host.user.id,
      'subscription_data[metadata][plan]': 'pro',
      customer_email: 'subscriber@example.com',
    });
    expect(created.form.success_url).to.equal(`${server.deps.config.publicUrl}/billing/return?session_id={CHECKOUT_SESSION_ID}`);
    expect(created.idempotencyKey).to.be.a('string').and.not.empty;
    expect(await planOf(host.token)).to.equal('free'); // opening a checkout buys nothing

    // A forged event (wrong secret) is 400 and changes nothing.
    const subscription = stripe.subscribe(checkout.body.sessionId);
    expect((await deliver(stripe.event('checkout.session.completed', checkout.body.sessionId), 'whsec_forged')).status).to.equal(400);
    expect(await planOf(host.token)).to.equal('free');

    const completed = await deliver(stripe.event('checkout.session.completed', checkout.body.sessionId));
    expect(completed.status).to.equal(200);
    expect(await planOf(host.token)).to.equal('pro');
    const paid = await createPaid(host.token, 'coaching');
    expect(paid.status, paid.text).to.equal(201);
    expect(paid.body.price).to.include({ amount: 4500, currency: 'EUR' });
    // A running subscription is not bought twice.
    expectProblem(await call('POST', '/api/billing/checkout', { token: host.token, body: { plan: 'enterprise' } }), 409, 'conflict');

    // The subscription's own event carries the period end.
    expect((await deliver(stripe.event('customer.subscription.updated', subscription.id))).status).to.equal(200);
    expect((await call('GET', '/api/billing/plan', { token: host.token })).body).to.include({ plan: 'pro', status: 'active', currentPeriodEnd: '2027-01-01T00:00:00.000Z' });

    subscription.status = 'canceled';
    expect((await deliver(stripe.event('customer.subscription.deleted', subscription.id))).status).to.equal(200);
    expect(await planOf(host.token)).to.equal('free');
    // The paid event type made on Pro keeps working (bookers still pay), but new prices need Pro again.
    const booked = await call('POST', '/api/meetings/schedule', { body: { user: 'subscriber', eventType: 'coaching', start: '2026-11-25T09:00:00Z', invitee: invitee(1) } });
    expect(booked.status, booked.text).to.equal(201);
    expect(booked.body.status).to.equal('pending_payment');
    const patched = await call('PATCH', `/api/event-types/${paid.body.id}`, { token: host.token, body: { price: { ...PAID, amount: 5000 } } });
    expectProblem(patched, 402, 'plan_required');
    expect(patched.body.details).to.include({ plan: 'pro' });
  });

  it('setting a price on an existing free event type is 402 on Free, allowed on Pro', async () => {
    const host = await createHost(call, 'patcher');
    const free = await createEventType(call, host.token, { slug: 'intro' });
    const refused = await call('PATCH', `/api/event-types/${free.id}`, { token: host.token, body: { price: PAID } });
    expectProblem(refused, 402, 'plan_required');
    expect(refused.body.details).to.include({ plan: 'pro', feature: 'payments' });
    expect((await call('GET', `/api/event-types/${free.id}`, { token: host.token })).body.price).to.equal(null);
    // Removing a price is always allowed.
    expect((await call('PATCH', `/api/event-types/${free.id}`, { token: host.token, body: { price: null } })).status).to.equal(200);

    const checkout = await call('POST', '/api/billing/checkout', { token: host.token, body: {} });
    expect(checkout.body.plan).to.equal('pro');
    stripe.subscribe(checkout.body.sessionId);
    await deliver(stripe.event('checkout.session.completed', checkout.body.sessionId));
    const allowed = await call('PATCH', `/api/event-types/${free.id}`, { token: host.token, body: { price: PAID } });
    expect(allowed.status, allowed.text).to.equal(200);
    expect(allowed.body.price).to.include({ amount: 4500 });
  });

  it('sells Enterprise for its own Price; refuses an unknown plan', async () => {
    const host = await createHost(call, 'bigco');
    expectProblem(await call('POST', '/api/billing/checkout', { token: host.token, body: { plan: 'gold' } }), 400, 'validation_failed');
    const checkout = await call('POST', '/api/billing/checkout', { token: host.token, body: { plan: 'enterprise' } });
    expect(checkout.status, checkout.text).to.equal(201);
    expect(stripe.requests.at(-1)!.form['line_items[0][price]']).to.equal('price_ent');
    const subscription = stripe.subscribe(checkout.body.sessionId);
    await deliver(stripe.event('checkout.session.completed', checkout.body.sessionId));
    expect(await planOf(host.token)).to.equal('enterprise');
    // A failed renewal keeps the plan for BILLING_GRACE_DAYS (7) while Stripe retries; a paid invoice ends the grace.
    const invoice = { id: 'in_renewal_1', object: 'invoice', customer: subscription.customer, parent: { subscription_details: { subscription: subscription.id } } };
    expect((await deliver(stripe.eventOf('invoice.payment_failed', invoice))).status).to.equal(200);
    expect((await call('GET', '/api/billing/plan', { token: host.token })).body).to.include({ plan: 'enterprise', status: 'past_due', graceUntil: '2026-12-01T10:00:00.000Z' });
    expect((await deliver(stripe.eventOf('invoice.paid', invoice))).status).to.equal(200);
    expect((await call('GET', '/api/billing/plan', { token: host.token })).body).to.include({ plan: 'enterprise', status: 'active', graceUntil: null });
  });

  it('a late customer.subscription.updated or invoice.paid does not bring a deleted subscription back', async () => {
    const host = await createHost(call, 'latecomer');
    const checkout = await call('POST', '/api/billing/checkout', { token: host.token, body: { plan: 'pro' } });
    const subscription = stripe.subscribe(checkout.body.sessionId);
    // Stripe made `updated` before `deleted`, but delivers it after.
    const createdAt = (payload: string, seconds: number) => JSON.stringify({ ...JSON.parse(payload), created: seconds });
    const now = Math.floor(Date.now() / 1000);
    await deliver(createdAt(stripe.event('checkout.session.completed', checkout.body.sessionId), now - 300));
    expect(await planOf(host.token)).to.equal('pro');
    const lateUpdate = createdAt(stripe.event('customer.subscription.updated', subscription.id), now - 120);
    subscription.status = 'canceled';
    expect((await deliver(createdAt(stripe.event('customer.subscription.deleted', subscription.id), now - 60))).status).to.equal(200);
    expect(await planOf(host.token)).to.equal('free');
    expect((await deliver(lateUpdate)).status).to.equal(200);
    const invoice = { id: 'in_late_1', object: 'invoice', customer: subscription.customer, parent: { subscription_details: { subscription: subscription.id } } };
    expect((await deliver(stripe.eventOf('invoice.paid', invoice))).status).to.equal(200);
    expect((await call('GET', '/api/billing/plan', { token: host.token })).body).to.include({ plan: 'free', status: 'canceled' });
  });

  it('the return page changes nothing and says so', async () => {
    const res = await fetch(`${server.url}/billing/return?session_id=cs_test_x`);
    expect(res.status).to.equal(200);
    expect(await res.text()).to.include('as soon as Stripe confirms');
  });
});
