/**
 * Selling a plan: a Stripe Checkout Session in subscription mode for the plan's recurring Price
 * (STRIPE_PRICE_PRO, STRIPE_PRICE_ENTERPRISE), carrying the user id (client_reference_id and
 * metadata, also on the subscription) so the webhooks that follow (./subscriptionWebhooks.ts)
 * know whose plan changes. The plan changes only when Stripe says so, never on this call.
 */
import type { Knex } from 'knex';
import type Stripe from 'stripe';
import type { Clock } from '../clock.js';
import { DomainError } from '../errors.js';
import { MINUTE_MS } from '../time/units.js';
import { currentPlanOf, type PlanSettings } from './planGuard.js';
import { PLANS, type PlanId } from './plans.js';
import type { PlanPrices } from './subscriptions.js';

export type SoldPlanId = Exclude<PlanId, 'free'>;

export interface PlanCheckoutDeps {
  db: Knex;
  clock: Clock;
  settings: PlanSettings;
  prices: PlanPrices;
  /** STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, as set (both are needed to sell and to hear back). */
  stripeKeys: { secretKey?: string; webhookSecret?: string };
  /** The `stripe` client (made on first use). */
  stripe: () => Stripe;
  publicUrl: string;
}

export interface PlanCheckout {
  plan: SoldPlanId;
  sessionId: string;
  url: string;
}

/** Statuses in which a subscription still runs (and bills): a second one would charge twice. */
const RUNNING = new Set(['active', 'trialing', 'past_due', 'unpaid', 'incomplete']);

/** Throws not_configured naming every variable selling `plan` still needs. */
function requirePlanForSale(deps: PlanCheckoutDeps, plan: SoldPlanId): string {
  const missing: string[] = [];
  if (!deps.stripeKeys.secretKey) missing.push('STRIPE_SECRET_KEY');
  if (!deps.stripeKeys.webhookSecret) missing.push('STRIPE_WEBHOOK_SECRET');
  if (!deps.prices[plan]) missing.push(plan === 'pro' ? 'STRIPE_PRICE_PRO' : 'STRIPE_PRICE_ENTERPRISE');
  if (missing.length) throw new DomainError('not_configured', `Selling the ${PLANS[plan].name} plan is not configured: set ${missing.join(' and ')}`, { details: { plan, missing } });
  return deps.prices[plan]!;
}

/** Where Stripe sends the buyer back (a small page saying the plan changes once Stripe confirms). */
export function planReturnUrl(publicUrl: string, canceled = false): string {
  return canceled ? `${publicUrl}/billing/return?canceled=1` : `${publicUrl}/billing/return?session_id={CHECKOUT_SESSION_ID}`;
}

/**
 * Opens a Checkout Session selling `plan` to the user. The same user and plan within ten
 * minutes get the same session back (idempotency key), so a double click pays once.
 * Throws not_configured (names the variables), user_not_found, conflict (the user already has a
 * running subscription: it is changed or canceled in Stripe, not bought twice), upstream_failed.
 *
 * @example await openPlanCheckout(deps, userId, 'pro') // { plan: 'pro', sessionId: 'cs_…', url: 'https://checkout.stripe.com/…' }
 */
export async function openPlanCheckout(deps: PlanCheckoutDeps, userId: string, plan: SoldPlanId): Promise<PlanCheckout> {
  const price = requirePlanForSale(deps, plan);
  const user: { email: string } | undefined = await deps.db('users').where({ id: userId }).first('email');
  if (!user) throw new DomainError('user_not_found', 'No such user');
  const now = deps.clock.now();
  const current = await currentPlanOf(deps.db, deps.settings, userId, now);
  const row: { stripe_customer_id: string | null } | undefined = await deps.db('plan_subscriptions').where({ user_id: userId }).first('stripe_customer_id');
  if (RUNNING.has(current.status)) {
    throw new DomainError('conflict', `You already have a ${current.plan.name} subscription (${current.status}); change or cancel it in Stripe's customer portal`, { details: { plan: current.plan.id, status: current.status } });
  }
  const metadata = { userId, plan };
  const customer = row?.stripe_customer_id ? { customer: row.stripe_customer_id } : { customer_email: user.email };
  try {
    const session = await deps.stripe().checkout.sessions.create(
      {
        mode: 'subscription',
        line_items: [{ price, quantity: 1 }],
        client_reference_id: userId,
        metadata,
        subscription_data: { metadata },
        ...customer,
        success_url: planReturnUrl(deps.publicUrl),
        cancel_url: planReturnUrl(deps.publicUrl, true),
      },
      { idempotencyKey: `plan-checkout:${userId}:${plan}:${Math.floor(now.getTime() / (10 * MINUTE_MS))}` },
    );
    return { plan, sessionId: session.id, url: session.url ?? '' };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : 'no answer';
    throw new DomainError('upstream_failed', `Stripe did not open a checkout: ${message}`);
  }
}
