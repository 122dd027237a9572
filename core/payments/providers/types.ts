/**
 * The port every payment provider adapter fills (Stripe Checkout, PayPal orders). Adapters make
 * network calls: never call them inside a database transaction.
 */
import type { PaymentProviderName } from '../settings.js';

export interface CheckoutRequest {
  bookingId: string;
  amountMinor: number;
  currency: string;
  title: string;
  /** Where the provider sends the payer back after paying. */
  returnUrl: string;
  /** Where the provider sends the payer who gives up. */
  cancelUrl: string;
  /** The same key for the same booking: a retried request makes no second checkout. */
  idempotencyKey: string;
}

export interface CheckoutSession {
  /** Stripe Checkout Session id, or PayPal order id. */
  checkoutId: string;
  /** The provider's page the payer opens. */
  url: string;
}

/** What the provider says about a checkout now. */
export interface CheckoutState {
  paid: boolean;
  /** Stripe PaymentIntent id or PayPal capture id, once paid. */
  paymentRef: string | null;
  receiptUrl: string | null;
  /** Amount actually paid (minor units), once paid. */
  amountMinor: number | null;
  /** The currency it was paid in (ISO 4217, upper case), once paid. */
  currency: string | null;
  /** Whether the payer can still pay this checkout (Stripe: the session is open, so a declined card may be retried). */
  open: boolean;
  /**
   * The payer finished the checkout with a payment the bank settles later (Stripe: a SEPA, ACH or
   * other bank debit, the session complete but unpaid; PayPal: a capture PENDING). Its result comes
   * by webhook, days later.
   */
  processing?: boolean;
}

/**
 * The provider refused a refund for good: the payment is already refunded there, disputed, too
 * old, or the refund came back failed. Trying again cannot help; the message says why.
 */
export class RefundRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefundRefusedError';
  }
}

/** A refund the provider took: done, or (`pending`) on its way, its result to come by webhook. */
export interface RefundAccepted {
  refundId: string;
  pending: boolean;
}

/** A refund as the provider has it: done, on its way, or failed (with why). */
export interface FoundRefund {
  refundId: string;
  status: 'succeeded' | 'pending' | 'failed';
  failure?: string;
}

export interface RefundRequest {
  paymentRef: string;
  amountMinor: number;
  currency: string;
  idempotencyKey: string;
  /** Yava's id of the refund, kept on the provider's (Stripe metadata.refundId, PayPal custom_id): its result's webhook names it. */
  refundId: string;
}

export interface CheckCheckoutOptions {
  /** PayPal: capture an approved order (default true). False once the hold ended: no money should move. */
  capture?: boolean;
}

export interface PaymentProvider {
  name: PaymentProviderName;
  createCheckout(request: CheckoutRequest): Promise<CheckoutSession>;
  /**
   * The return page's check: whether the checkout is paid. For PayPal this captures an approved
   * order (idempotently), since an approved order is not yet money.
   */
  checkCheckout(checkoutId: string, options?: CheckCheckoutOptions): Promise<CheckoutState>;
  /**
   * Makes an unpaid checkout unpayable once its hold has ended (Stripe: expires the Checkout
   * Session). Resolves too when it is no longer open: one paid meanwhile is refunded as late.
   */
  closeCheckout(checkoutId: string): Promise<void>;
  /**
   * Asks for a refund. Throws {@link RefundRefusedError} when the provider refuses it for good;
   * anything else may pass on a retry.
   */
  refund(request: RefundRequest): Promise<RefundAccepted>;
  /**
   * The provider's refund of `paymentRef` that carries Yava's `refundId`, as it stands, or null
   * when there is none: asked before a refund is given up, since a request whose answer was lost
   * may have been made. Providers that cannot look a refund up leave it out.
   */
  findRefund?(paymentRef: string, refundId: string): Promise<FoundRefund | null>;
}
