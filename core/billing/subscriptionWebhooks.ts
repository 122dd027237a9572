/**
 * Billing's Stripe webhook handlers, registered on the payment service's registry (the route
 * has verified the signature and deduplicated the event id before they run):
 * - `checkout.session.completed` in subscription mode: the plan bought through ./planCheckout.ts;
 * - `customer.subscription.*`: plan, status and period changes, and the end of a subscription;
 * - `invoice.paid` / `invoice.payment_failed`: renewals and dunning.
 */
import type { Clock } from '../clock.js';
import type { WebhookRegistry } from '../payments/webhooks/registry.js';
import { applySubscriptionEvent, applySubscriptionInvoiceEvent, createdOfStripeEvent, type SubscriptionEventDeps } from './subscriptions.js';

type Obj = Record<string, unknown>;

/**
 * The subscription a completed subscription-mode Checkout Session started, as far as the
 * session tells it: its id, customer, the metadata we gave it (userId, plan), and `active` once
 * the first invoice is paid (`incomplete` while an asynchronous payment is pending).
 * Null for a payment-mode session (a booking's: core/payments handles those).
 */
export function subscriptionOfSession(session: Obj): Obj | null {
  if (session.mode !== 'subscription' || !session.subscription) return null;
  const paid = session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
  const subscription = typeof session.subscription === 'string' ? { id: session.subscription } : (session.subscription as Obj);
  return { customer: session.customer, metadata: session.metadata ?? {}, ...subscription, status: paid ? 'active' : 'incomplete' };
}

/** Registers the subscription handlers on the Stripe webhook registry. */
export function registerSubscriptionHandlers(registry: WebhookRegistry, deps: SubscriptionEventDeps & { clock: Clock }): void {
  registry.on('stripe', 'checkout.session.completed', async (event) => {
    const subscription = subscriptionOfSession(event.object);
    if (subscription) await applySubscriptionEvent(deps, 'customer.subscription.created', subscription, deps.clock.now(), createdOfStripeEvent(event.raw));
  });
  registry.on('stripe', 'customer.subscription.*', async (event) => {
    await applySubscriptionEvent(deps, event.type, event.object, deps.clock.now(), createdOfStripeEvent(event.raw));
  });
  for (const type of ['invoice.paid', 'invoice.payment_failed'] as const) {
    registry.on('stripe', type, async (event) => {
      await applySubscriptionInvoiceEvent(deps, type, event.object, deps.clock.now());
    });
  }
}
