import { expect } from 'chai';
import { getTestDb } from '../../helpers/db.js';
import { applySubscriptionEvent, applySubscriptionInvoiceEvent, planOfStripeSubscription } from '../../../core/billing/subscriptions.js';
import { setUpBillingWorld, type BillingWorld } from './helpers.js';

const prices = { pro: 'price_pro', enterprise: 'price_ent' };
const subscription = (userId: string, over: Record<string, unknown> = {}) => ({
  id: 'sub_1',
  object: 'subscription',
  customer: 'cus_1',
  status: 'active',
  metadata: { userId },
  items: { object: 'list', data: [{ id: 'si_1', price: { id: 'price_pro' }, current_period_end: 1_767_225_600 }] },
  ...over,
});

describe('core/billing/subscriptions', () => {
  let world: BillingWorld;
  before(async function () {
    this.timeout(180_000);
    await getTestDb();
  });
  beforeEach(async () => {
    world = await setUpBillingWorld({ STRIPE_PRICE_PRO: 'price_pro', STRIPE_PRICE_ENTERPRISE: 'price_ent', YAVA_DEFAULT_PLAN: 'free' });
  });
  const deps = () => ({ db: world.db, prices });
  const planNow = async () => (await world.billing.currentPlan(world.adaId)).plan.id;

  it('reads the plan from the price, else from the metadata', () => {
    expect(planOfStripeSubscription(subscription('u', { items: { data: [{ price: { id: 'price_ent' } }] } }), prices)).to.equal('enterprise');
    expect(planOfStripeSubscription(subscription('u', { items: { data: [{ price: 'price_other' }] }, metadata: { plan: 'pro' } }), prices)).to.equal('pro');
    expect(planOfStripeSubscription(subscription('u', { items: { data: [] }, metadata: {} }), prices)).to.equal(null);
  });

  it('created → Pro with its period end; updated to Enterprise; deleted → back to Free', async () => {
    expect(await planNow()).to.equal('free');
    expect(await applySubscriptionEvent(deps(), 'customer.subscription.created', subscription(world.adaId), world.clock.now())).to.equal(true);
    const current = await world.billing.currentPlan(world.adaId);
    expect(current.plan.id).to.equal('pro');
    expect(current.currentPeriodEnd).to.equal('2026-01-01T00:00:00.000Z');
    await applySubscriptionEvent(deps(), 'customer.subscription.updated', subscription(world.adaId, { metadata: {}, items: { data: [{ price: { id: 'price_ent' } }] } }), world.clock.now());
    expect(await planNow()).to.equal('enterprise');
    await applySubscriptionEvent(deps(), 'customer.subscription.deleted', subscription(world.adaId, { metadata: {} }), world.clock.now());
    expect(await planNow()).to.equal('free');
  });

  it('a failed renewal keeps the plan for the grace period; invoice.paid ends it; past the grace it falls back', async () => {
    await applySubscriptionEvent(deps(), 'customer.subscription.created', subscription(world.adaId), world.clock.now());
    const invoice = { id: 'in_1', object: 'invoice', customer: 'cus_1', parent: { subscription_details: { subscription: 'sub_1' } } };
    expect(await applySubscriptionInvoiceEvent(deps(), 'invoice.payment_failed', invoice, world.clock.now())).to.equal(true);
    const grace = await world.billing.currentPlan(world.adaId);
    expect(grace).to.deep.include({ status: 'past_due', graceUntil: '2026-12-01T10:00:00.000Z' });
    expect(grace.plan.id).to.equal('pro');
    // A second failure does not move the start of the grace period.
    await applySubscriptionInvoiceEvent(deps(), 'invoice.payment_failed', invoice, new Date('2026-11-27T10:00:00Z'));
    expect((await world.billing.currentPlan(world.adaId)).graceUntil).to.equal('2026-12-01T10:00:00.000Z');
    await applySubscriptionInvoiceEvent(deps(), 'invoice.paid', { ...invoice, parent: null, subscription: 'sub_1' }, world.clock.now());
    expect(await world.billing.currentPlan(world.adaId)).to.deep.include({ status: 'active', graceUntil: null });
    await applySubscriptionInvoiceEvent(deps(), 'invoice.payment_failed', invoice, new Date('2026-11-01T00:00:00Z'));
    expect(await planNow()).to.equal('free');
  });

  it('a late invoice.paid (or payment_failed) does not bring a deleted subscription back', async () => {
    await applySubscriptionEvent(deps(), 'customer.subscription.created', subscription(world.adaId), world.clock.now());
    await applySubscriptionEvent(deps(), 'customer.subscription.deleted', subscription(world.adaId, { status: 'canceled' }), world.clock.now());
    expect(await planNow()).to.equal('free');
    const invoice = { id: 'in_late', object: 'invoice', subscription: 'sub_1' };
    expect(await applySubscriptionInvoiceEvent(deps(), 'invoice.paid', invoice, world.clock.now())).to.equal(false);
    expect(await applySubscriptionInvoiceEvent(deps(), 'invoice.payment_failed', invoice, world.clock.now())).to.equal(false);
    expect(await world.billing.currentPlan(world.adaId)).to.deep.include({ status: 'canceled', graceUntil: null });
    expect(await planNow()).to.equal('free');
  });

  it('a deleted subscription id is final: a late subscription event, older or newer, does not bring it back; a new subscription does', async () => {
    const at = (iso: string) => new Date(iso);
    await applySubscriptionEvent(deps(), 'customer.subscription.created', subscription(world.adaId), world.clock.now(), at('2026-11-20T10:00:00Z'));
    expect(await applySubscriptionEvent(deps(), 'customer.subscription.deleted', subscription(world.adaId, { status: 'canceled' }), world.clock.now(), at('2026-11-22T10:00:00Z'))).to.equal(true);
    // Older than the deletion, and (were Stripe's clock off) even newer: the deleted id is final.
    expect(await applySubscriptionEvent(deps(), 'customer.subscription.updated', subscription(world.adaId), world.clock.now(), at('2026-11-21T10:00:00Z'))).to.equal(false);
    expect(await applySubscriptionEvent(deps(), 'customer.subscription.updated', subscription(world.adaId), world.clock.now(), at('2026-11-23T10:00:00Z'))).to.equal(false);
    expect(await world.billing.currentPlan(world.adaId)).to.deep.include({ status: 'canceled' });
    expect(await planNow()).to.equal('free');
    expect(await applySubscriptionEvent(deps(), 'customer.subscription.created', subscription(world.adaId, { id: 'sub_2' }), world.clock.now(), at('2026-11-24T09:00:00Z'))).to.equal(true);
    expect(await planNow()).to.equal('pro');
  });

  it('ignores a subscription event older than the last applied one, and the deletion of a subscription that is no longer current', async () => {
    const at = (iso: string) => new Date(iso);
    const enterprise = { items: { data: [{ price: { id: 'price_ent' } }] } };
    await applySubscriptionEvent(deps(), 'customer.subscription.updated', subscription(world.adaId, enterprise), world.clock.now(), at('2026-11-22T10:00:00Z'));
    expect(await applySubscriptionEvent(deps(), 'customer.subscription.created', subscription(world.adaId), world.clock.now(), at('2026-11-20T10:00:00Z'))).to.equal(false);
    expect(await planNow()).to.equal('enterprise');
    expect((await world.db('plan_subscriptions').where({ user_id: world.adaId }).first()).last_event_at.toISOString()).to.equal('2026-11-22T10:00:00.000Z');
    await applySubscriptionEvent(deps(), 'customer.subscription.created', subscription(world.adaId, { id: 'sub_2' }), world.clock.now(), at('2026-11-23T10:00:00Z'));
    expect(await applySubscriptionEvent(deps(), 'customer.subscription.deleted', subscription(world.adaId, { status: 'canceled' }), world.clock.now(), at('2026-11-23T11:00:00Z'))).to.equal(false);
    expect(await planNow()).to.equal('pro');
  });

  it('ignores a subscription of nobody we know, and an invoice of no subscription of ours', async () => {
    expect(await applySubscriptionEvent(deps(), 'customer.subscription.created', subscription('00000000-0000-0000-0000-000000000000', { customer: 'cus_x', id: 'sub_x' }), world.clock.now())).to.equal(false);
    expect(await applySubscriptionInvoiceEvent(deps(), 'invoice.paid', { id: 'in_2', subscription: 'sub_x' }, world.clock.now())).to.equal(false);
    expect(await world.db('plan_subscriptions').count({ n: '*' }).first()).to.satisfy((r: { n: unknown }) => Number(r.n) === 0);
  });
});
