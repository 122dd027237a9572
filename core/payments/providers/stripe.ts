/**
 * Stripe through the official `stripe` client: Checkout Sessions in payment mode (booking id in
 * metadata, an idempotency key per booking), their state for the return page, and refunds.
 * STRIPE_API_URL points the client elsewhere (a local fake in tests) via host/port/protocol.
 */
import Stripe from 'stripe';
import { DomainError } from '../../errors.js';
import type { PaymentSettings } from '../settings.js';
import { fromStripeAmount, toStripeAmount } from './stripeAmounts.js';
import { RefundRefusedError, type CheckoutRequest, type CheckoutSession, type CheckoutState, type PaymentProvider, type FoundRefund, type RefundAccepted, type RefundRequest } from './types.js';

/** A Stripe client for the settings (STRIPE_SECRET_KEY, STRIPE_API_URL); no retries, 10 s timeout. */
export function createStripeClient(settings: PaymentSettings['stripe']): Stripe {
  const url = new URL(settings.apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return new Stripe(settings.secretKey ?? '', {
    host: url.hostname,
    port: url.port || (protocol === 'http' ? 80 : 443),
    protocol,
    maxNetworkRetries: 0,
    timeout: 10_000,
  });
}

function upstream(error: unknown): DomainError {
  const message = error instanceof Error ? error.message.split('\n')[0] : 'no answer';
  return new DomainError('upstream_failed', `Stripe did not accept the request: ${message}`);
}

export function createStripeProvider(settings: PaymentSettings['stripe']): PaymentProvider {
  const stripe = createStripeClient(settings);
  return {
    name: 'stripe',
    async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
      const metadata = { bookingId: request.bookingId };
      try {
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'payment',
            client_reference_id: request.bookingId,
            metadata,
            payment_intent_data: { metadata },
            line_items: [{ quantity: 1, price_data: { currency: request.currency.toLowerCase(), unit_amount: toStripeAmount(request.amountMinor, request.currency), product_data: { name: request.title } } }],
            success_url: `${request.returnUrl}${request.returnUrl.includes('?') ? '&' : '?'}session_id={CHECKOUT_SESSION_ID}`,
            cancel_url: request.cancelUrl,
          },
          { idempotencyKey: request.idempotencyKey },
        );
        return { checkoutId: session.id, url: session.url ?? '' };
      } catch (error) {
        throw upstream(error);
      }
    },
    async checkCheckout(checkoutId: string): Promise<CheckoutState> {
      try {
        const session = await stripe.checkout.sessions.retrieve(checkoutId, { expand: ['payment_intent.latest_charge'] });
        return stateOfSession(session);
      } catch (error) {
        throw upstream(error);
      }
    },
    async closeCheckout(checkoutId: string): Promise<void> {
      try {
        await stripe.checkout.sessions.expire(checkoutId);
      } catch (error) {
        // Stripe refuses to expire a session that is no longer open (paid, or expired already): nothing to close.
        if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 400) return;
        throw upstream(error);
      }
    },
    async refund(request: RefundRequest): Promise<RefundAccepted> {
      let refund: Stripe.Refund;
      try {
        refund = await stripe.refunds.create(
          { payment_intent: request.paymentRef, amount: toStripeAmount(request.amountMinor, request.currency), metadata: { refundId: request.refundId } },
          { idempotencyKey: request.idempotencyKey },
        );
      } catch (error) {
        // A request Stripe finds invalid (already refunded, disputed, more than is left) stays so;
        // a network error, a 5xx, a rate limit or a key being changed may pass.
        if (error instanceof Stripe.errors.StripeInvalidRequestError) throw new RefundRefusedError(error.message);
        throw error;
      }
      if (refund.status === 'failed' || refund.status === 'canceled') throw new RefundRefusedError(refundFailureOf(refund));
      // A bank refund, or one waiting for the balance to cover it: its result comes as refund.updated.
      return { refundId: refund.id, pending: refund.status !== 'succeeded' };
    },
    async findRefund(paymentRef: string, refundId: string): Promise<FoundRefund | null> {
      for await (const refund of stripe.refunds.list({ payment_intent: paymentRef, limit: 100 })) {
        if (refund.metadata?.refundId !== refundId) continue;
        if (refund.status === 'succeeded') return { refundId: refund.id, status: 'succeeded' };
        if (refund.status === 'failed' || refund.status === 'canceled') return { refundId: refund.id, status: 'failed', failure: refundFailureOf(refund) };
        return { refundId: refund.id, status: 'pending' };
      }
      return null;
    },
  };
}

/** Why a Stripe refund failed, for the host: `the refund came back failed (expired_or_canceled_card)`. */
export function refundFailureOf(refund: { status: string | null; failure_reason?: string | null }): string {
  return `the refund came back ${refund.status}${refund.failure_reason ? ` (${refund.failure_reason})` : ''}`;
}

/** A Checkout Session (retrieved, or from a webhook) as a CheckoutState. */
export function stateOfSession(session: Stripe.Checkout.Session): CheckoutState {
  const intent = session.payment_intent;
  const intentId = typeof intent === 'string' ? intent : (intent?.id ?? null);
  const charge = intent && typeof intent !== 'string' ? intent.latest_charge : null;
  const receiptUrl = charge && typeof charge !== 'string' ? (charge.receipt_url ?? null) : null;
  const paid = session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
  // In the price's own currency (Adaptive Pricing keeps what the payer saw apart, in presentment_details).
  const charged = paid && session.amount_total !== null && session.currency ? { amount: session.amount_total, currency: session.currency } : null;
  return {
    paid,
    paymentRef: paid ? intentId : null,
    receiptUrl,
    amountMinor: charged ? fromStripeAmount(charged.amount, charged.currency) : null,
    currency: charged ? charged.currency.toUpperCase() : null,
    open: session.status === 'open',
    processing: !paid && session.status === 'complete' && session.payment_status === 'unpaid',
  };
}
