/**
 * Which plan a user is on, and the guard every entry point asks before it creates something a
 * plan limits. Without Stripe Billing configured (self-hosted) every user is on the operator's
 * default plan (YAVA_DEFAULT_PLAN, default Enterprise: nothing limited); once STRIPE_PRICE_PRO is
 * set the default becomes Free and users upgrade through Stripe Checkout.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { PLANS, PLAN_IDS, requireBelowLimit, requirePlanFeature, type Feature, type Plan, type PlanId } from './plans.js';

const DAY_MS = 86_400_000;

export interface PlanSettings {
  /** The plan of a user without a live subscription. */
  defaultPlan: PlanId;
  /** How long a subscription whose renewal failed keeps its plan (dunning). */
  graceDays: number;
}

/** The settings from configuration: YAVA_DEFAULT_PLAN, else Free when plans are sold (STRIPE_PRICE_PRO), else Enterprise. */
export function planSettingsFrom(config: { YAVA_DEFAULT_PLAN?: PlanId; STRIPE_PRICE_PRO?: string; BILLING_GRACE_DAYS: number }): PlanSettings {
  return { defaultPlan: config.YAVA_DEFAULT_PLAN ?? (config.STRIPE_PRICE_PRO ? 'free' : 'enterprise'), graceDays: config.BILLING_GRACE_DAYS };
}

export interface SubscriptionRow {
  user_id: string;
  plan: PlanId;
  status: string;
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
  current_period_end: Date | string | null;
  past_due_since: Date | string | null;
}

export interface CurrentPlan {
  plan: Plan;
  /** The subscription's status, or `none` (the default plan). */
  status: string;
  /** While a failed renewal is retried: when the plan falls back to the default. */
  graceUntil: string | null;
  currentPeriodEnd: string | null;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());
const higher = (a: PlanId, b: PlanId): PlanId => (PLAN_IDS.indexOf(a) >= PLAN_IDS.indexOf(b) ? a : b);

/**
 * The plan a subscription row gives at `now`: its plan while active or trialing, and while
 * past due or unpaid within the grace period after the first failed renewal; otherwise the
 * default. Never below the default plan.
 */
export function planOfSubscription(row: SubscriptionRow | undefined, settings: PlanSettings, now: Date): CurrentPlan {
  if (!row) return { plan: PLANS[settings.defaultPlan], status: 'none', graceUntil: null, currentPeriodEnd: null };
  const graceUntil = row.past_due_since ? new Date(new Date(row.past_due_since).getTime() + settings.graceDays * DAY_MS) : null;
  const live = row.status === 'active' || row.status === 'trialing' || ((row.status === 'past_due' || row.status === 'unpaid') && graceUntil !== null && now < graceUntil);
  const id = live ? higher(row.plan, settings.defaultPlan) : settings.defaultPlan;
  return { plan: PLANS[id], status: row.status, graceUntil: graceUntil && live && row.status !== 'active' ? graceUntil.toISOString() : null, currentPeriodEnd: iso(row.current_period_end) };
}

/** The user's plan now. */
export async function currentPlanOf(db: Knex, settings: PlanSettings, userId: string, now: Date): Promise<CurrentPlan> {
  const row: SubscriptionRow | undefined = await db('plan_subscriptions').where({ user_id: userId }).first();
  return planOfSubscription(row, settings, now);
}

/** What an entry point asks before it creates something a plan limits. Each check throws plan_required (402). */
export interface PlanGuard {
  /** Inside the creating transaction: serialises the user's creations, then checks the limit. */
  beforeCreateEventType(trx: Knex.Transaction, userId: string, what: { team: boolean; paid: boolean }): Promise<void>;
  beforeCreateTeam(trx: Knex.Transaction, userId: string): Promise<void>;
  requireFeature(db: Knex, userId: string, feature: Feature): Promise<void>;
}

/** A guard that allows everything (services built without billing, e.g. in tests of other modules). */
export const openPlanGuard: PlanGuard = {
  async beforeCreateEventType() {},
  async beforeCreateTeam() {},
  async requireFeature() {},
};

export function createPlanGuard({ settings, clock }: { settings: PlanSettings; clock: Clock }): PlanGuard {
  const planOf = async (db: Knex, userId: string) => (await currentPlanOf(db, settings, userId, clock.now())).plan;
  return {
    async beforeCreateEventType(trx, userId, what) {
      const plan = await planOf(trx, userId);
      if (what.paid) requirePlanFeature(plan, 'payments');
      if (what.team) return requirePlanFeature(plan, 'teams');
      if (plan.limits.eventTypes === null) return;
      // Two creations at once must not both see room for one more.
      await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`yava:plan:${userId}`]);
      const [{ count }] = await trx('event_types').where({ owner_user_id: userId }).whereNull('archived_at').count<Array<{ count: string | number }>>({ count: '*' });
      requireBelowLimit(plan, 'eventTypes', Number(count));
    },
    async beforeCreateTeam(trx, userId) {
      requirePlanFeature(await planOf(trx, userId), 'teams');
    },
    async requireFeature(db, userId, feature) {
      requirePlanFeature(await planOf(db, userId), feature);
    },
  };
}
