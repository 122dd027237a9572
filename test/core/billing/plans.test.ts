import { expect } from 'chai';
import { DomainError } from '../../../core/errors.js';
import { PLANS, planAbove, planWithFeature, requireBelowLimit, requirePlanFeature } from '../../../core/billing/plans.js';
import { planOfSubscription, planSettingsFrom, type SubscriptionRow } from '../../../core/billing/planGuard.js';

function refusal(run: () => void): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(DomainError);
    return error as DomainError;
  }
  return expect.fail('expected plan_required');
}

describe('core/billing/plans', () => {
  it('names the cheapest plan with a feature: payments and SMS on Pro, teams and white-label on Enterprise', () => {
    expect(planWithFeature('payments').id).to.equal('pro');
    expect(planWithFeature('smsReminders').id).to.equal('pro');
    expect(planWithFeature('teams').id).to.equal('enterprise');
    expect(planWithFeature('sso').id).to.equal('enterprise');
    expect(planWithFeature('whiteLabel').id).to.equal('enterprise');
  });

  it('refuses a paid event type on Free with plan_required naming Pro', () => {
    const error = refusal(() => requirePlanFeature(PLANS.free, 'payments'));
    expect(error.code).to.equal('plan_required');
    expect(error.message).to.contain('Pro plan').and.contain('you are on Free');
    expect(error.details).to.include({ plan: 'pro', currentPlan: 'free', feature: 'payments' });
  });

  it('allows payments on Pro and teams only on Enterprise', () => {
    expect(() => requirePlanFeature(PLANS.pro, 'payments')).not.to.throw();
    expect(refusal(() => requirePlanFeature(PLANS.pro, 'teams')).details.plan).to.equal('enterprise');
    expect(() => requirePlanFeature(PLANS.enterprise, 'teams')).not.to.throw();
  });

  it('allows Free one event type and names Pro for the second; Pro has no limit', () => {
    expect(() => requireBelowLimit(PLANS.free, 'eventTypes', 0)).not.to.throw();
    const error = refusal(() => requireBelowLimit(PLANS.free, 'eventTypes', 1));
    expect(error.message).to.contain('The Free plan allows 1 event type;').and.contain('Pro');
    expect(error.details).to.include({ plan: 'pro', limit: 'eventTypes', max: 1 });
    expect(() => requireBelowLimit(PLANS.pro, 'eventTypes', 10_000)).not.to.throw();
    expect(planAbove('eventTypes', 5)?.id).to.equal('pro');
  });
});

describe('core/billing/planGuard planOfSubscription', () => {
  const settings = { defaultPlan: 'free' as const, graceDays: 7 };
  const row = (over: Partial<SubscriptionRow>): SubscriptionRow => ({ user_id: 'u', plan: 'pro', status: 'active', stripe_customer_id: 'cus_1', stripe_subscription_id: 'sub_1', current_period_end: null, past_due_since: null, ...over });
  const now = new Date('2026-12-10T00:00:00Z');

  it('gives the default plan without a subscription, and the subscribed plan while active or trialing', () => {
    expect(planOfSubscription(undefined, settings, now).plan.id).to.equal('free');
    expect(planOfSubscription(row({}), settings, now).plan.id).to.equal('pro');
    expect(planOfSubscription(row({ status: 'trialing', plan: 'enterprise' }), settings, now).plan.id).to.equal('enterprise');
  });

  it('keeps the plan for the grace period after a failed renewal, then falls back (dunning)', () => {
    const within = planOfSubscription(row({ status: 'past_due', past_due_since: '2026-12-05T00:00:00Z' }), settings, now);
    expect(within.plan.id).to.equal('pro');
    expect(within.graceUntil).to.equal('2026-12-12T00:00:00.000Z');
    expect(planOfSubscription(row({ status: 'past_due', past_due_since: '2026-12-02T00:00:00Z' }), settings, now).plan.id).to.equal('free');
    expect(planOfSubscription(row({ status: 'canceled' }), settings, now).plan.id).to.equal('free');
    expect(planOfSubscription(row({ status: 'incomplete' }), settings, now).plan.id).to.equal('free');
  });

  it('never goes below the operator default: self-hosted without Stripe Billing is Enterprise for everyone', () => {
    const selfHosted = planSettingsFrom({ BILLING_GRACE_DAYS: 7 });
    expect(selfHosted.defaultPlan).to.equal('enterprise');
    expect(planOfSubscription(row({ status: 'canceled' }), selfHosted, now).plan.id).to.equal('enterprise');
    expect(planSettingsFrom({ STRIPE_PRICE_PRO: 'price_pro', BILLING_GRACE_DAYS: 7 }).defaultPlan).to.equal('free');
    expect(planSettingsFrom({ STRIPE_PRICE_PRO: 'price_pro', YAVA_DEFAULT_PLAN: 'pro', BILLING_GRACE_DAYS: 7 }).defaultPlan).to.equal('pro');
  });
});
