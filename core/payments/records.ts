/** Rows of `payments` and `payment_refunds`, and the reads every payment use case shares. */
import type { Knex } from 'knex';
import type { PaymentProviderName } from './settings.js';

export type PaymentStatus = 'requires_payment' | 'paid' | 'refunded' | 'partially_refunded' | 'failed' | 'expired';

export interface PaymentRow {
  id: string;
  booking_id: string;
  host_user_id: string | null;
  event_type_id: string | null;
  provider: PaymentProviderName;
  /** What the payer is charged (after any discount), in minor units. */
  amount_minor: number;
  discount_minor: number;
  promo_code: string | null;
  currency: string;
  status: PaymentStatus;
  refunded_minor: number;
  checkout_id: string | null;
  checkout_url: string | null;
  payment_ref: string | null;
  receipt_url: string | null;
  refund_policy: unknown;
  /** Set when the invitee moved the meeting after its full-refund window closed (refundPayment.ts). */
  refund_window_closed_at: Date | string | null;
  sealed_manage_tokens: string | null;
  hold_expires_at: Date;
  /** When the payer's bank payment started processing (holds.ts holdWhileProcessing); null otherwise. */
  processing_since?: Date | string | null;
  paid_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface RefundRow {
  id: string;
  payment_id: string;
  amount_minor: number;
  reason: string;
  actor: string;
  status: 'pending' | 'succeeded' | 'failed';
  provider_refund_id: string | null;
  /** Why the provider did not take it (a failed refund). */
  failure?: string | null;
  created_at: Date;
  completed_at: Date | null;
}

/** The payment of a booking, locked for the rest of the transaction. */
export function lockPaymentOfBooking(trx: Knex, bookingId: string): Promise<PaymentRow | undefined> {
  return trx<PaymentRow>('payments').where({ booking_id: bookingId }).forUpdate().first();
}

/** The payment a provider's checkout belongs to, locked for the rest of the transaction. */
export function lockPaymentByCheckout(trx: Knex, provider: PaymentProviderName, checkoutId: string): Promise<PaymentRow | undefined> {
  return trx<PaymentRow>('payments').where({ provider, checkout_id: checkoutId }).forUpdate().first();
}

/**
 * Whether a report that the checkout was paid still changes something: an unpaid hold is
 * confirmed, and a hold that ended (expired, or its payment reported failed) gets its late
 * payment refunded. Any other status was confirmed already.
 */
export function awaitsPayment(status: PaymentStatus): boolean {
  return status === 'requires_payment' || status === 'expired' || status === 'failed';
}

/** What is paid and not yet refunded. */
export function refundableMinor(payment: Pick<PaymentRow, 'status' | 'amount_minor' | 'refunded_minor'>): number {
  return payment.status === 'paid' || payment.status === 'partially_refunded' ? payment.amount_minor - payment.refunded_minor : 0;
}
