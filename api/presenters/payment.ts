import type { MeetingPaymentDetails, PaymentDetails } from '../../core/payments/paymentStatus.js';

/** A payment as the API shows it: amounts in minor units of `currency`. */
export function presentPayment(p: PaymentDetails) {
  return {
    id: p.id,
    meetingId: p.meetingId,
    status: p.status,
    amount: p.amount,
    currency: p.currency,
    provider: p.provider,
    receiptUrl: p.receiptUrl,
    refundedAmount: p.refundedAmount,
    refundableAmount: p.refundableAmount,
    discountAmount: p.discountAmount,
    promoCode: p.promoCode,
    checkoutUrl: p.checkoutUrl,
    holdExpiresAt: p.holdExpiresAt,
    processingSince: p.processingSince,
    paidAt: p.paidAt,
    createdAt: p.createdAt,
  };
}

/** A meeting's payment with its refunds (GET /api/meetings/:id/payment). */
export function presentMeetingPayment(p: MeetingPaymentDetails) {
  return { ...presentPayment(p), refunds: p.refunds };
}
