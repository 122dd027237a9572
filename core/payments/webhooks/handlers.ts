/**
 * The payment handlers of provider webhooks: a paid Stripe Checkout Session or a completed
 * PayPal capture confirms its booking (confirmPayment: exactly once).
 */
import type Stripe from 'stripe';
import { confirmPayment } from '../confirmPayment.js';
import type { PaymentContext } from '../context.js';
import { stateOfSession } from '../providers/stripe.js';
import { fromDecimalString } from '../money.js';
import type { ProviderEvent, WebhookRegistry } from './registry.js';

async function onStripeSessionPaid(ctx: PaymentContext, event: ProviderEvent): Promise<void> {
  const session = event.object as unknown as Stripe.Checkout.Session;
  // Subscription-mode sessions belong to billing.
  if (session.mode !== 'payment' || !session.metadata?.bookingId) return;
  let state = stateOfSession(session);
  if (!state.paid) return;
  // The receipt link lives on the charge; the webhook's session does not carry it.
  state = await ctx.providerOf('stripe').checkCheckout(session.id).then((s) => (s.paid ? s : state), () => state);
  await confirmPayment(ctx, 'stripe', session.id, state, 'webhook');
}

async function onPayPalOrderApproved(ctx: PaymentContext, event: ProviderEvent): Promise<void> {
  const orderId = event.object.id;
  if (typeof orderId !== 'string') return;
  const state = await ctx.providerOf('paypal').checkCheckout(orderId);
  await confirmPayment(ctx, 'paypal', orderId, state, 'webhook');
}

async function onPayPalCaptureCompleted(ctx: PaymentContext, event: ProviderEvent): Promise<void> {
  const capture = event.object as { id?: string; amount?: { value: string; currency_code: string }; supplementary_data?: { related_ids?: { order_id?: string } } };
  const orderId = capture.supplementary_data?.related_ids?.order_id;
  if (!orderId || !capture.id) return;
  const amountMinor = capture.amount ? fromDecimalString(capture.amount.value, capture.amount.currency_code) : null;
  await confirmPayment(ctx, 'paypal', orderId, { paid: true, paymentRef: capture.id, receiptUrl: null, amountMinor }, 'webhook');
}

/** Registers the payment handlers (booking confirmations) on the registry. */
export function registerPaymentHandlers(ctx: PaymentContext, registry: WebhookRegistry): void {
  registry.on('stripe', 'checkout.session.completed', (e) => onStripeSessionPaid(ctx, e));
  registry.on('stripe', 'checkout.session.async_payment_succeeded', (e) => onStripeSessionPaid(ctx, e));
  registry.on('paypal', 'CHECKOUT.ORDER.APPROVED', (e) => onPayPalOrderApproved(ctx, e));
  registry.on('paypal', 'PAYMENT.CAPTURE.COMPLETED', (e) => onPayPalCaptureCompleted(ctx, e));
}
