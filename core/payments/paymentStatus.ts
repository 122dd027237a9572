/** Reading payments: one meeting's payment, and a host's payments by status and time. */
import { refusalWithoutRole, resolveBookingIdFor, resolveRole, type BookingRole } from '../booking/access.js';
import type { BookingActor } from '../booking/types.js';
import { DomainError } from '../errors.js';
import type { PaymentContext } from './context.js';
import { refundableMinor, type PaymentRow, type PaymentStatus, type RefundRow } from './records.js';

export interface PaymentDetails {
  id: string;
  meetingId: string;
  status: PaymentStatus;
  /** What the payer is charged, minor units. */
  amount: number;
  currency: string;
  provider: string;
  receiptUrl: string | null;
  refundedAmount: number;
  /** What a host can still refund: paid and neither refunded nor promised to a refund on its way (0 unless paid). */
  refundableAmount: number;
  discountAmount: number;
  promoCode: string | null;
  /** The provider's checkout page while payment is required (not once a bank payment is processing). */
  checkoutUrl: string | null;
  holdExpiresAt: string | null;
  /** When the payer's bank payment started processing (SEPA/ACH debit, pending capture): the slot is held until it clears or the meeting starts. */
  processingSince: string | null;
  paidAt: string | null;
  createdAt: string;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** One refund of a payment: asked for, on its way (`pending`), taken by the provider, or `failed`. */
export interface RefundDetails {
  id: string;
  amount: number;
  /** `policy` (a cancellation under the refund policy), `host`, `late_payment`. */
  reason: string;
  status: RefundRow['status'];
  /** Why the provider did not take it (a failed refund; hosts only). */
  failure?: string | null;
  createdAt: string;
  completedAt: string | null;
}

/** A meeting's payment with its refunds, oldest first. */
export interface MeetingPaymentDetails extends PaymentDetails {
  refunds: RefundDetails[];
}

export function toPaymentDetails(p: PaymentRow): PaymentDetails {
  return {
    id: p.id,
    meetingId: p.booking_id,
    status: p.status,
    amount: p.amount_minor,
    currency: p.currency,
    provider: p.provider,
    receiptUrl: p.receipt_url,
    refundedAmount: p.refunded_minor,
    refundableAmount: refundableMinor(p),
    discountAmount: p.discount_minor,
    promoCode: p.promo_code,
    checkoutUrl: p.status === 'requires_payment' && !p.processing_since ? p.checkout_url : null,
    holdExpiresAt: p.status === 'requires_payment' ? iso(p.hold_expires_at) : null,
    processingSince: p.status === 'requires_payment' ? iso(p.processing_since ?? null) : null,
    paidAt: iso(p.paid_at),
    createdAt: iso(p.created_at)!,
  };
}

/**
 * The payment of a meeting with its refunds, for a host or an attendee (the provider's reason a
 * refund failed only for hosts). Throws booking_not_found (also for someone else's), ambiguous_id,
 * forbidden (its team's members), not_found.
 */
export async function getMeetingPayment(ctx: PaymentContext, idOrPrefix: string, actor: BookingActor): Promise<MeetingPaymentDetails> {
  if (!actor.userId && !actor.manageToken) throw new DomainError('unauthorized', 'Log in as a host, or use the manage link (?token=…) from your confirmation');
  const id = await resolveBookingIdFor(ctx.db, idOrPrefix, actor);
  const role = await resolveRole(ctx.db, id, actor);
  if (!role) throw await refusalWithoutRole(ctx.db, id, actor, 'You are neither a host of this meeting nor holding its manage token');
  const payment = await paymentOfMeeting(ctx, id, role.role);
  if (!payment) throw new DomainError('not_found', 'This meeting has no payment (its event type is free)');
  return payment;
}

/**
 * The payment of a meeting the caller already may see, as `viewer` sees it (the provider's reason
 * a refund failed only for hosts and admins); null when the meeting is free. For GET /api/meetings/:id.
 */
export async function paymentOfMeeting(ctx: Pick<PaymentContext, 'db'>, bookingId: string, viewer: BookingRole): Promise<MeetingPaymentDetails | null> {
  const payment = await ctx.db<PaymentRow>('payments').where({ booking_id: bookingId }).first();
  if (!payment) return null;
  const refunds = await ctx.db<RefundRow>('payment_refunds').where({ payment_id: payment.id }).orderBy([{ column: 'created_at' }, { column: 'id' }]);
  const host = viewer !== 'attendee';
  return {
    ...toPaymentDetails(payment),
    refunds: refunds.map((r) => ({
      id: r.id,
      amount: r.amount_minor,
      reason: r.reason,
      status: r.status,
      ...(host ? { failure: r.failure ?? null } : {}),
      createdAt: iso(r.created_at)!,
      completedAt: iso(r.completed_at),
    })),
  };
}

export interface ListPaymentsInput {
  status?: PaymentStatus;
  /** ISO instants bounding when the payment was created, [from, to). */
  from?: string;
  to?: string;
  limit?: number;
}

/** Payments of meetings the user hosts, newest first. */
export async function listPayments(ctx: PaymentContext, userId: string, input: ListPaymentsInput = {}): Promise<PaymentDetails[]> {
  const q = ctx.db<PaymentRow>('payments as p')
    .whereIn('p.booking_id', ctx.db('booking_hosts').where({ user_id: userId }).select('booking_id'))
    .orderBy([{ column: 'p.created_at', order: 'desc' }, { column: 'p.id' }])
    .limit(input.limit ?? 500)
    .select('p.*');
  if (input.status) q.where('p.status', input.status);
  if (input.from) q.where('p.created_at', '>=', new Date(input.from));
  if (input.to) q.where('p.created_at', '<', new Date(input.to));
  return (await q).map(toPaymentDetails);
}
