/**
 * What outgoing webhooks say about a payment (`payment.succeeded`, `payment.refunded`,
 * `payment.refund_failed`; schema 1,
 * see the README's "Outgoing webhooks"). Pure.
 */
import type { RecordedRefund } from './context.js';
import type { PaymentRow } from './records.js';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/**
 * `data` of a payment event: the payment as it stands (amounts in minor units), and for a
 * refund the refund just made.
 *
 * @example paymentEventData(payment) // { payment: { id, bookingId, status: 'paid', amount: 4500, currency: 'EUR', … }, refund: null }
 */
export function paymentEventData(payment: PaymentRow, refund: RecordedRefund | null = null): Record<string, unknown> {
  return {
    payment: {
      id: payment.id,
      bookingId: payment.booking_id,
      eventTypeId: payment.event_type_id,
      status: payment.status,
      amount: payment.amount_minor,
      currency: payment.currency,
      provider: payment.provider,
      discountAmount: payment.discount_minor,
      promoCode: payment.promo_code,
      refundedAmount: payment.refunded_minor,
      paymentRef: payment.payment_ref,
      paidAt: iso(payment.paid_at),
    },
    refund: refund ? { id: refund.id, amount: refund.amountMinor, reason: refund.reason, ...(refund.failure ? { failure: refund.failure } : {}) } : null,
  };
}
