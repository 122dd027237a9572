/**
 * Stripe Billing's subscription events applied to our plan rows: which plan a user pays for,
 * and whether their renewal failed (dunning). Events arrive verified and deduplicated by id
 * (core/payments' webhook route); each handler is idempotent anyway (an upsert of what the
 * event says), so a replay changes nothing. Stripe does not deliver in order: see applySubscriptionEvent.
 */
import type { Knex } from 'knex';
import type { Logger } from '../logger.js';
import { isPlanId, type PlanId } from './plans.js';

/** The Stripe Price id of each plan that is sold (STRIPE_PRICE_PRO, STRIPE_PRICE_ENTERPRISE). */
export type PlanPrices = Partial<Record<Exclude<PlanId, 'free'>, string>>;

type Obj = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
/** Stripe sends ids, or expanded objects with an id. */
const idOf = (v: unknown): string | null => str(v) ?? str(obj(v).id);

/** The plan a subscription pays for: by its first item's price, else by the plan in its metadata. */
export function planOfStripeSubscription(subscription: Obj, prices: PlanPrices): PlanId | null {
  const items = obj(subscription.items).data;
  const priceId = Array.isArray(items) ? idOf(obj(items[0]).price) : null;
  for (const [plan, price] of Object.entries(prices)) if (price && price === priceId) return plan as PlanId;
  const fromMetadata = obj(subscription.metadata).plan;
  return isPlanId(fromMetadata) ? fromMetadata : null;
}

/** current_period_end (seconds) on the subscription, or on its first item (newer API versions). */
function periodEnd(subscription: Obj): Date | null {
  const items = obj(subscription.items).data;
  const seconds = subscription.current_period_end ?? (Array.isArray(items) ? obj(items[0]).current_period_end : undefined);
  return typeof seconds === 'number' ? new Date(seconds * 1000) : null;
}

/** The user a subscription belongs to: the userId we put in its metadata at checkout, else whoever has its customer or id. */
async function userOfSubscription(db: Knex, subscription: Obj): Promise<string | null> {
  const fromMetadata = str(obj(subscription.metadata).userId);
  if (fromMetadata && (await db('users').where({ id: fromMetadata }).first('id'))) return fromMetadata;
  const row = await db('plan_subscriptions')
    .where({ stripe_subscription_id: idOf(subscription.id) ?? '' })
    .orWhere({ stripe_customer_id: idOf(subscription.customer) ?? '' })
    .first('user_id');
  return row?.user_id ?? null;
}

export interface SubscriptionEventDeps {
  db: Knex;
  prices: PlanPrices;
  logger?: Logger;
}

/** When Stripe created an event (its `created`, in seconds), or null when it does not say. */
export function createdOfStripeEvent(raw: Obj): Date | null {
  return typeof raw.created === 'number' ? new Date(raw.created * 1000) : null;
}

/**
 * `customer.subscription.created|updated|deleted`: records the plan, status, customer and
 * period end. A first move to past_due/unpaid starts the grace period; back to active ends it.
 * Stripe delivers out of order, so `eventAt` (the event's `created`) orders them: an event older
 * than the last one applied to the user's row is ignored, a deleted (canceled) subscription stays
 * deleted whatever arrives for it later, and deleting a subscription that is no longer the user's
 * current one changes nothing. The checks and the write are one statement (ON CONFLICT … WHERE),
 * so parallel deliveries cannot interleave.
 * Returns false (and logs) for a subscription we cannot place (no user, unknown price) or an event ignored.
 */
export async function applySubscriptionEvent(deps: SubscriptionEventDeps, type: string, subscription: Obj, now: Date, eventAt: Date | null = null): Promise<boolean> {
  const userId = await userOfSubscription(deps.db, subscription);
  const plan = planOfStripeSubscription(subscription, deps.prices);
  const subscriptionId = idOf(subscription.id);
  if (!userId || !plan) {
    deps.logger?.warn({ subscription: subscriptionId, type }, 'Stripe subscription for an unknown user or price: ignored');
    return false;
  }
  const status = type === 'customer.subscription.deleted' ? 'canceled' : (str(subscription.status) ?? 'incomplete');
  const failing = status === 'past_due' || status === 'unpaid';
  const { db } = deps;
  const applied = await db('plan_subscriptions')
    .insert({ user_id: userId, plan, status, stripe_customer_id: idOf(subscription.customer), stripe_subscription_id: subscriptionId, current_period_end: periodEnd(subscription), past_due_since: failing ? now : null, last_event_at: eventAt, updated_at: now })
    .onConflict('user_id')
    .merge({
      plan,
      status,
      stripe_customer_id: idOf(subscription.customer),
      stripe_subscription_id: subscriptionId,
      // A completed Checkout Session knows no period end: keep the one a subscription event gave.
      current_period_end: periodEnd(subscription) ?? db.raw('plan_subscriptions.current_period_end'),
      past_due_since: failing ? db.raw('coalesce(plan_subscriptions.past_due_since, ?)', [now]) : null,
      last_event_at: db.raw('greatest(plan_subscriptions.last_event_at, excluded.last_event_at)'),
      updated_at: now,
    })
    .where((w) => {
      w.whereNot((q) => q.where('plan_subscriptions.stripe_subscription_id', subscriptionId ?? '').where('plan_subscriptions.status', 'canceled'));
      if (eventAt) w.where((q) => q.whereNull('plan_subscriptions.last_event_at').orWhere('plan_subscriptions.last_event_at', '<=', eventAt));
      if (status === 'canceled') w.where((q) => q.whereNull('plan_subscriptions.stripe_subscription_id').orWhere('plan_subscriptions.stripe_subscription_id', subscriptionId ?? ''));
    })
    .returning('user_id');
  if (applied.length === 0) deps.logger?.info({ subscription: subscriptionId, type }, 'Stripe subscription event older than the last applied, or for a deleted subscription: ignored');
  return applied.length > 0;
}

/** The subscription an invoice bills: `subscription` (older API versions) or `parent.subscription_details.subscription`. */
function subscriptionOfInvoice(invoice: Obj): string | null {
  return idOf(invoice.subscription) ?? idOf(obj(obj(obj(invoice.parent).subscription_details)).subscription);
}

/**
 * `invoice.paid` ends a grace period (the renewal went through); `invoice.payment_failed`
 * starts one (the plan lasts BILLING_GRACE_DAYS while Stripe retries). Invoices of no
 * subscription of ours, and late invoices of a deleted (canceled) subscription, are ignored
 * (false): a subscription Stripe deleted never comes back through its invoices.
 */
export async function applySubscriptionInvoiceEvent(deps: SubscriptionEventDeps, type: 'invoice.paid' | 'invoice.payment_failed', invoice: Obj, now: Date): Promise<boolean> {
  const subscriptionId = subscriptionOfInvoice(invoice);
  if (!subscriptionId) return false;
  const q = deps.db('plan_subscriptions').where({ stripe_subscription_id: subscriptionId }).whereNot({ status: 'canceled' });
  const changed =
    type === 'invoice.paid'
      ? await q.update({ status: 'active', past_due_since: null, updated_at: now }).returning('user_id')
      : await q.update({ status: 'past_due', past_due_since: deps.db.raw('coalesce(past_due_since, ?)', [now]), updated_at: now }).returning('user_id');
  return changed.length > 0;
}
