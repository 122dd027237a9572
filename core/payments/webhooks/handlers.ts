/**
 * The payment handlers of provider webhooks: a paid Stripe Checkout Session or a completed
 * PayPal capture confirms its booking (confirmPayment: exactly once); a failed payment ends the
 * hold at once (payment `failed`, slot offered again). Should the same checkout be paid after all,
 * that payment is refunded like any that arrives after its hold ended. A refund the provider took
 * as pending is settled by its result (refundSender.ts).
 */
import type Stripe from 'stripe';
import { confirmPayment } from '../confirmPayment.js';
import type { PaymentContext } from '../context.js';
import { capturedAmount } from '../providers/paypal.js';
import { refundFailureOf, stateOfSession } from '../providers/stripe.js';
import type { CheckoutState } from '../providers/types.js';
import { releaseHold } from '../holds.js';
import { settleRefund } from '../refundSender.js';
import type { ProviderEvent, WebhookRegistry } from './registry.js';

async function onStripeSessionPaid(ctx: PaymentContext, event: ProviderEvent): Promise<void> {
  const session = event.object as unknown as Stripe.Checkout.Session;
  // Subscription-mode sessions belong to billing.
  if (session.mode !== 'payment' || !session.metadata?.bookingId) return;
  let state = stateOfSession(session);
  // The receipt link lives on the charge; the webhook's session does not carry it. A session
  // finished with a bank debit is complete but unpaid: confirmPayment keeps its hold until
  // async_payment_succeeded (or …_failed) comes, days later.
  if (state.paid) state = await ctx.providerOf('stripe').checkCheckout(session.id).then((s) => (s.paid ? s : state), () => state);
  await confirmPayment(ctx, 'stripe', session.id, state, 'webhook');
}

async function onPayPalOrderApproved(ctx: PaymentContext, event: ProviderEvent): Promise<void> {
  const orderId = event.object.id;
  if (typeof orderId !== 'string') return;
  // Captured only while its hold lasts: an order approved after it ended moves no money.
  const payment: { status: string } | undefined = await ctx.db('payments').where({ provider: 'paypal', checkout_id: orderId }).first('status');
  const state = await ctx.providerOf('paypal').checkCheckout(orderId, { capture: payment?.status === 'requires_payment' });
  // A capture PENDING (an eCheck, a review) keeps the hold; its result comes as PAYMENT.CAPTURE.COMPLETED or …DENIED.
  await confirmPayment(ctx, 'paypal', orderId, state, 'webhook');
}

async function onPayPalCaptureCompleted(ctx: PaymentContext, event: ProviderEvent): Promise<void> {
  const capture = event.object as { id?: string; amount?: { value: string; currency_code: string }; supplementary_data?: { related_ids?: { order_id?: string } } };
  const orderId = capture.supplementary_data?.related_ids?.order_id;
  if (!orderId || !capture.id) return;
  await confirmPayment(ctx, 'paypal', orderId, { paid: true, paymentRef: capture.id, receiptUrl: null, ...capturedAmount(capture.amount), open: false }, 'webhook');
}

const PAYMENT_FAILED = 'The payment failed';

/** A booking's payment failed: its hold ends, unless it was paid or ended meanwhile. */
async function failBookingPayment(ctx: PaymentContext, provider: 'stripe' | 'paypal', where: { bookingId?: unknown; checkoutId?: unknown }): Promise<void> {
  const q = ctx.db('payments').where({ provider });
  if (typeof where.bookingId === 'string' && where.bookingId) q.where({ booking_id: where.bookingId });
  else if (typeof where.checkoutId === 'string' && where.checkoutId) q.where({ checkout_id: where.checkoutId });
  else return;
  const row: { booking_id: string } | undefined = await q.first('booking_id');
  if (row && (await releaseHold(ctx, row.booking_id, PAYMENT_FAILED))) ctx.logger?.info({ bookingId: row.booking_id, provider }, 'payment failed: hold released');
}

/**
 * Whether the booking's Stripe Checkout Session is still open. A declined card fails the
 * PaymentIntent, but Checkout lets the payer try another card in the same session: the hold
 * must not end under them (their payment would then only be refunded).
 */
async function isCheckoutOpen(ctx: PaymentContext, bookingId: unknown): Promise<boolean> {
  if (typeof bookingId !== 'string' || !bookingId) return false;
  const row: { checkout_id: string | null } | undefined = await ctx.db('payments').where({ provider: 'stripe', booking_id: bookingId }).first('checkout_id');
  if (!row?.checkout_id) return false;
  const state = await ctx.providerOf('stripe').checkCheckout(row.checkout_id);
  return state.open && !state.paid;
}

/** Stripe: an asynchronous payment of a Checkout Session failed (bank debit), or a PaymentIntent of a booking failed for good. */
async function onStripePaymentFailed(ctx: PaymentContext, event: ProviderEvent): Promise<void> {
  const object = event.object as { object?: string; id?: string; mode?: string; metadata?: Record<string, string> | null };
  if (object.object === 'checkout.session' && object.mode !== 'payment') return;
  if (object.object === 'payment_intent' && (await isCheckoutOpen(ctx, object.metadata?.bookingId))) return;
  // Both carry the booking id in their metadata (the session's, and payment_intent_data's); a session also by its id.
  await failBookingPayment(ctx, 'stripe', { bookingId: object.metadata?.bookingId, checkoutId: object.object === 'checkout.session' ? object.id : undefined });
}

/** What a pending capture tells of its order: nothing paid yet, the money on its way. */
const PENDING_CAPTURE: CheckoutState = { paid: false, paymentRef: null, receiptUrl: null, amountMinor: null, currency: null, open: false, processing: true };

/** PayPal: the capture of a booking's order is pending (an eCheck, a review): held until it completes or is denied. */
async function onPayPalCapturePending(ctx: PaymentContext, event: ProviderEvent): Promise<void> {
  const capture = event.object as { supplementary_data?: { related_ids?: { order_id?: string } } };
  const orderId = capture.supplementary_data?.related_ids?.order_id;
  if (orderId) await confirmPayment(ctx, 'paypal', orderId, PENDING_CAPTURE, 'webhook');
}

/** PayPal: the capture of a booking's order was denied. */
async function onPayPalCaptureDenied(ctx: PaymentContext, event: ProviderEvent): Promise<void> {
  const capture = event.object as { supplementary_data?: { related_ids?: { order_id?: string } } };
  await failBookingPayment(ctx, 'paypal', { checkoutId: capture.supplementary_data?.related_ids?.order_id });
}

/** Stripe: the result of a refund reported pending (a bank refund), or a card refund that failed after all. */
async function onStripeRefundUpdated(ctx: PaymentContext, event: ProviderEvent): Promise<void> {
  const refund = event.object as { object?: string; id?: string; status?: string; failure_reason?: string | null; metadata?: Record<string, string> | null };
  if (refund.object !== 'refund' || typeof refund.id !== 'string') return;
  const reported = { providerRefundId: refund.id, refundId: refund.metadata?.refundId };
  if (refund.status === 'succeeded') await settleRefund(ctx, 'stripe', reported, { done: true });
  else if (refund.status === 'failed' || refund.status === 'canceled') await settleRefund(ctx, 'stripe', reported, { done: false, reason: refundFailureOf(refund as { status: string; failure_reason?: string | null }) });
}

/** PayPal: a refund of a capture, reported pending when it was asked for, has its result. */
async function onPayPalCaptureRefunded(ctx: PaymentContext, event: ProviderEvent): Promise<void> {
  const refund = event.object as { id?: string; status?: string; custom_id?: string; status_details?: { reason?: string } };
  if (typeof refund.id !== 'string') return;
  const reported = { providerRefundId: refund.id, refundId: refund.custom_id };
  if (refund.status === 'COMPLETED') await settleRefund(ctx, 'paypal', reported, { done: true });
  else if (refund.status === 'FAILED' || refund.status === 'CANCELLED') {
    const why = refund.status_details?.reason;
    await settleRefund(ctx, 'paypal', reported, { done: false, reason: `the refund came back ${refund.status.toLowerCase()}${why ? ` (${why})` : ''}` });
  }
}

/** Registers the payment handlers (booking confirmations) on the registry. */
export function registerPaymentHandlers(ctx: PaymentContext, registry: WebhookRegistry): void {
  registry.on('stripe', 'checkout.session.completed', (e) => onStripeSessionPaid(ctx, e));
  registry.on('stripe', 'checkout.session.async_payment_succeeded', (e) => onStripeSessionPaid(ctx, e));
  registry.on('paypal', 'CHECKOUT.ORDER.APPROVED', (e) => onPayPalOrderApproved(ctx, e));
  registry.on('paypal', 'PAYMENT.CAPTURE.COMPLETED', (e) => onPayPalCaptureCompleted(ctx, e));
  registry.on('stripe', 'checkout.session.async_payment_failed', (e) => onStripePaymentFailed(ctx, e));
  registry.on('stripe', 'payment_intent.payment_failed', (e) => onStripePaymentFailed(ctx, e));
  registry.on('paypal', 'PAYMENT.CAPTURE.DENIED', (e) => onPayPalCaptureDenied(ctx, e));
  registry.on('paypal', 'PAYMENT.CAPTURE.PENDING', (e) => onPayPalCapturePending(ctx, e));
  for (const type of ['refund.updated', 'refund.failed', 'charge.refund.updated']) registry.on('stripe', type, (e) => onStripeRefundUpdated(ctx, e));
  registry.on('paypal', 'PAYMENT.CAPTURE.REFUNDED', (e) => onPayPalCaptureRefunded(ctx, e));
}
