/**
 * Confirming a payment exactly once, whoever reports it first: the verified webhook or the
 * return page's check. The payment row is locked; only the caller that finds it unpaid moves
 * the booking from pending_payment to scheduled and queues the confirmation (one e-mail). A
 * payment that arrives after its hold ended (expired, failed, or its booking was canceled) is refunded in full.
 * A payment that is not exactly what is due (paymentMismatch.ts) confirms nothing and is not
 * refunded by us: the booking stays as it was, and the host is told (in-app) to look at it.
 */
import type { Knex } from 'knex';
import { lockBookingRow, recordStatus, updateBookingRow } from '../booking/bookingRepository.js';
import type { PaymentContext } from './context.js';
import { holdWhileProcessing } from './holds.js';
import { paymentMismatchOf } from './paymentMismatch.js';
import type { CheckoutState } from './providers/types.js';
import { awaitsPayment, lockPaymentByCheckout, type PaymentRow } from './records.js';
import { queueRefund, refundDeps } from './refunds.js';
import { providerLabel, type PaymentProviderName } from './settings.js';

export type ConfirmOutcome = 'confirmed' | 'already_confirmed' | 'refunded_late' | 'unknown_checkout' | 'not_paid' | 'amount_mismatch' | 'processing';

function openTokens(ctx: PaymentContext, payment: PaymentRow): Record<string, string> | undefined {
  if (!payment.sealed_manage_tokens) return undefined;
  try {
    return JSON.parse(ctx.box.open(payment.sealed_manage_tokens)) as Record<string, string>;
  } catch {
    // A key rotated since the booking: the e-mail links to the summary page instead.
    return undefined;
  }
}

async function markPaid(trx: Knex.Transaction, payment: PaymentRow, state: CheckoutState, now: Date): Promise<PaymentRow> {
  const patch = { status: 'paid' as const, payment_ref: state.paymentRef, receipt_url: state.receiptUrl ?? payment.receipt_url, paid_at: now, updated_at: now, sealed_manage_tokens: null };
  await trx('payments').where({ id: payment.id }).update(patch);
  return { ...payment, ...patch };
}

/**
 * Logs a payment that does not pay what is due and tells the host once per provider payment
 * (the notice's dedup key): the money is with them, and only they can refund it or settle the rest.
 */
async function reportMismatch(ctx: PaymentContext, trx: Knex.Transaction, payment: PaymentRow, title: string, state: CheckoutState, mismatch: string, via: 'webhook' | 'return'): Promise<void> {
  const provider = providerLabel(payment.provider);
  ctx.logger?.warn({ bookingId: payment.booking_id, provider: payment.provider, via, paymentRef: state.paymentRef, due: { amount: payment.amount_minor, currency: payment.currency }, paid: { amount: state.amountMinor, currency: state.currency } }, `${provider} payment not accepted: ${mismatch}`);
  if (!ctx.inbox || !payment.host_user_id) return;
  await ctx.inbox.add(trx, [
    {
      userId: payment.host_user_id,
      kind: 'payment.mismatch',
      title: `Payment not accepted: "${title}"`,
      body: `${provider} reported payment ${state.paymentRef}, but ${mismatch}, so it does not confirm the meeting. Look at it in your ${provider} account and refund it there if it should not be kept.`,
      bookingId: payment.booking_id,
      dedupKey: `payment-mismatch:${payment.id}:${state.paymentRef}`,
    },
  ]);
}

/**
 * Confirms the payment of a provider checkout. Idempotent: the second report of the same
 * payment (a repeated webhook, the return page after the webhook) changes nothing. Only the
 * amount and currency the payment row stored when its checkout was opened confirm (promo
 * discounts included); anything else is `amount_mismatch`, reported and logged, and changes nothing.
 * A payment the bank settles later (`state.processing`) confirms nothing yet: its hold is kept
 * until the result arrives or the meeting starts, and the outcome is `processing`.
 *
 * @example confirmPayment(ctx, 'stripe', 'cs_test_123', { paid: true, paymentRef: 'pi_1', receiptUrl: null, amountMinor: 5000, currency: 'EUR', open: false }, 'webhook')
 */
export async function confirmPayment(ctx: PaymentContext, provider: PaymentProviderName, checkoutId: string, state: CheckoutState, via: 'webhook' | 'return'): Promise<ConfirmOutcome> {
  if (!state.paid || !state.paymentRef) {
    // A bank payment that settles later: its slot stays held until the result comes (holds.ts).
    if (!state.processing || !(await holdWhileProcessing(ctx, provider, checkoutId))) return 'not_paid';
    ctx.logger?.info({ provider, checkoutId, via }, 'payment processing: hold kept until it clears');
    return 'processing';
  }
  return ctx.db.transaction(async (trx) => {
    // Booking row first, then payment: the order cancel and expiry take them in, so none deadlock.
    const found: { booking_id: string } | undefined = await trx('payments').where({ provider, checkout_id: checkoutId }).first('booking_id');
    if (!found) return 'unknown_checkout';
    const booking = await lockBookingRow(trx, found.booking_id);
    const payment = (await lockPaymentByCheckout(trx, provider, checkoutId))!;
    if (!awaitsPayment(payment.status)) return 'already_confirmed';
    const mismatch = paymentMismatchOf({ amountMinor: payment.amount_minor, currency: payment.currency }, state);
    if (mismatch) {
      await reportMismatch(ctx, trx, payment, booking?.title ?? 'Meeting', state, mismatch, via);
      return 'amount_mismatch';
    }
    const now = ctx.clock.now();
    const actor = `payment:${provider}`;
    const paid = await markPaid(trx, payment, state, now);
    if (!booking || booking.status !== 'pending_payment') {
      await queueRefund(trx, refundDeps(ctx), paid, { amountMinor: paid.amount_minor, reason: 'late_payment', actor, now });
      ctx.logger?.info({ bookingId: payment.booking_id, provider, via }, 'late payment for an expired hold: refunded');
      return 'refunded_late';
    }
    await updateBookingRow(trx, booking.id, { status: 'scheduled', updated_at: now });
    await recordStatus(trx, { bookingId: booking.id, from: 'pending_payment', to: 'scheduled', actor, at: now, reason: 'payment received', details: { via } });
    for (const listener of ctx.extensions.paidListeners) await listener(trx, paid);
    await ctx.notifier.bookingChanged(trx, { type: 'created', bookingId: booking.id, manageTokens: openTokens(ctx, payment), actor });
    return 'confirmed';
  });
}
