/**
 * Refunds people ask for: a host refunds any payment of a meeting they host (all that is left,
 * or an amount), and a cancellation refunds what the event type's policy allows.
 */
import type { Knex } from 'knex';
import { requireBookingFor } from '../booking/access.js';
import type { BookingActor } from '../booking/types.js';
import { DomainError } from '../errors.js';
import type { PaymentContext } from './context.js';
import { amountStepOf } from './providers/amountSteps.js';
import { toPaymentDetails, type PaymentDetails } from './paymentStatus.js';
import { lockPaymentOfBooking, refundableMinor } from './records.js';
import { queueRefund, refundDeps } from './refunds.js';
import { parseRefundPolicy, refundByPolicy } from './refundPolicy.js';

/**
 * A host refunds `amount` minor units (default: everything not yet refunded) of a meeting's
 * payment; the provider is called through the outbox. Throws unauthorized, forbidden (not a host),
 * booking_not_found, not_found (no payment), invalid_transition (nothing paid), validation_failed.
 */
export async function refundMeetingPayment(ctx: PaymentContext, idOrPrefix: string, input: { amount?: number }, actor: BookingActor): Promise<PaymentDetails> {
  return ctx.db.transaction(async (trx) => {
    const { booking, label } = await requireBookingFor(trx, idOrPrefix, actor, ['host']);
    const payment = await lockPaymentOfBooking(trx, booking.id);
    if (!payment) throw new DomainError('not_found', 'This meeting has no payment (its event type is free)');
    const left = refundableMinor(payment);
    if (left === 0) throw new DomainError('invalid_transition', `Nothing to refund: the payment is ${payment.status}`, { details: { status: payment.status } });
    await queueRefund(trx, refundDeps(ctx), payment, { amountMinor: input.amount ?? left, reason: 'host', actor: label, now: ctx.clock.now() });
    return toPaymentDetails((await lockPaymentOfBooking(trx, booking.id))!);
  });
}

/**
 * Inside the cancel transaction: an unpaid hold ends (`expired`, its promo use given back); a paid meeting is refunded as
 * its policy says (a host who cancels refunds everything).
 */
export async function refundOnCancel(ctx: PaymentContext, trx: Knex.Transaction, input: { bookingId: string; startMs: number; canceledByHost: boolean; actor: string }): Promise<void> {
  const payment = await lockPaymentOfBooking(trx, input.bookingId);
  if (!payment) return;
  const now = ctx.clock.now();
  if (payment.status === 'requires_payment') {
    await trx('payments').where({ id: payment.id }).update({ status: 'expired', sealed_manage_tokens: null, updated_at: now });
    for (const listener of ctx.extensions.unpaidListeners) await listener(trx, payment);
    return;
  }
  const amount = refundByPolicy({
    policy: parseRefundPolicy(payment.refund_policy),
    refundableMinor: refundableMinor(payment),
    amountStep: amountStepOf(payment.provider, payment.currency),
    startMs: input.startMs,
    nowMs: now.getTime(),
    canceledByHost: input.canceledByHost,
    windowClosed: payment.refund_window_closed_at != null,
  });
  if (amount > 0) await queueRefund(trx, refundDeps(ctx), payment, { amountMinor: amount, reason: 'policy', actor: input.actor, now });
}

/**
 * Inside a move's transaction: an invitee who moves a paid meeting after its full-refund window
 * closed (less than the policy's hours before the start it had) does not open it again by moving
 * the meeting further out; a later cancel by them refunds as it would have before the move. A
 * host's move is not the invitee's choice: the window is judged from its new start again.
 */
export async function keepRefundWindowClosed(ctx: PaymentContext, trx: Knex.Transaction, input: { bookingId: string; previousStartMs: number; actor: string }): Promise<void> {
  const byInvitee = input.actor.startsWith('attendee:');
  const payment = await lockPaymentOfBooking(trx, input.bookingId);
  if (!payment) return;
  const now = ctx.clock.now();
  if (!byInvitee) {
    if (payment.refund_window_closed_at != null) await trx('payments').where({ id: payment.id }).update({ refund_window_closed_at: null, updated_at: now });
    return;
  }
  if (payment.refund_window_closed_at != null) return;
  const policy = parseRefundPolicy(payment.refund_policy);
  if (policy.type === 'full_until' && input.previousStartMs - now.getTime() < policy.hours * 3_600_000) {
    await trx('payments').where({ id: payment.id }).update({ refund_window_closed_at: now, updated_at: now });
  }
}
