/**
 * The plans, as data: every limit and feature of Free, Pro and Enterprise lives in this one
 * table, and every entry point asks it (through ./planGuard.ts) rather than naming a plan.
 * Pure: no database, no clock, no environment.
 */
import { DomainError } from '../errors.js';

export const PLAN_IDS = ['free', 'pro', 'enterprise'] as const;
export type PlanId = (typeof PLAN_IDS)[number];

/** What a plan may use. */
export interface PlanFeatures {
  /** Paid event types (Stripe, PayPal) and promo codes. */
  payments: boolean;
  /** Reminders by SMS. */
  smsReminders: boolean;
  /** Teams and team event types. */
  teams: boolean;
  /** Single sign-on (the plan is ready for it; no SSO provider ships yet). */
  sso: boolean;
  /** Booking pages and e-mails without Yava's name. */
  whiteLabel: boolean;
}
export type Feature = keyof PlanFeatures;

/** How much a plan may hold; null = unlimited. */
export interface PlanLimits {
  /** Active personal event types. */
  eventTypes: number | null;
}
export type Limit = keyof PlanLimits;

export interface Plan {
  id: PlanId;
  name: string;
  limits: PlanLimits;
  features: PlanFeatures;
}

/** The plans, cheapest first: the order in which an error names "the plan that allows it". */
export const PLANS: Readonly<Record<PlanId, Plan>> = {
  free: {
    id: 'free',
    name: 'Free',
    limits: { eventTypes: 1 },
    features: { payments: false, smsReminders: false, teams: false, sso: false, whiteLabel: false },
  },
  pro: {
    id: 'pro',
    name: 'Pro',
    limits: { eventTypes: null },
    features: { payments: true, smsReminders: true, teams: false, sso: false, whiteLabel: false },
  },
  enterprise: {
    id: 'enterprise',
    name: 'Enterprise',
    limits: { eventTypes: null },
    features: { payments: true, smsReminders: true, teams: true, sso: true, whiteLabel: true },
  },
};

const FEATURE_WORDS: Record<Feature, string> = {
  payments: 'Paid event types and promo codes',
  smsReminders: 'SMS reminders',
  teams: 'Teams',
  sso: 'Single sign-on',
  whiteLabel: 'White-label pages',
};

const LIMIT_WORDS: Record<Limit, [one: string, many: string]> = { eventTypes: ['event type', 'event types'] };

export const isPlanId = (value: unknown): value is PlanId => typeof value === 'string' && (PLAN_IDS as readonly string[]).includes(value);

/** The cheapest plan with `feature`. */
export function planWithFeature(feature: Feature): Plan {
  return PLAN_IDS.map((id) => PLANS[id]).find((p) => p.features[feature])!;
}

/** The cheapest plan that allows more than `count` of `limit` (null when none does). */
export function planAbove(limit: Limit, count: number): Plan | null {
  return PLAN_IDS.map((id) => PLANS[id]).find((p) => p.limits[limit] === null || p.limits[limit]! > count) ?? null;
}

function planRequired(message: string, current: Plan, required: Plan, what: Record<string, unknown>): DomainError {
  return new DomainError('plan_required', `${message} Upgrade with "yava billing upgrade --plan ${required.id}" or POST /api/billing/checkout {"plan":"${required.id}"}.`, {
    details: { plan: required.id, planName: required.name, currentPlan: current.id, ...what },
  });
}

/**
 * Throws plan_required (402) naming the cheapest plan with `feature` when `plan` lacks it.
 *
 * @example requirePlanFeature(PLANS.free, 'payments') // throws: "Paid event types and promo codes need the Pro plan…"
 */
export function requirePlanFeature(plan: Plan, feature: Feature): void {
  if (plan.features[feature]) return;
  const required = planWithFeature(feature);
  throw planRequired(`${FEATURE_WORDS[feature]} need the ${required.name} plan; you are on ${plan.name}.`, plan, required, { feature });
}

/**
 * Throws plan_required when holding `current` of `limit` already uses up `plan`'s allowance
 * (so one more is not allowed), naming the cheapest plan that allows one more.
 */
export function requireBelowLimit(plan: Plan, limit: Limit, current: number): void {
  const max = plan.limits[limit];
  if (max === null || current < max) return;
  const required = planAbove(limit, current) ?? PLANS.enterprise;
  const [one, many] = LIMIT_WORDS[limit];
  throw planRequired(`The ${plan.name} plan allows ${max} ${max === 1 ? one : many}; more need the ${required.name} plan.`, plan, required, { limit, max });
}
