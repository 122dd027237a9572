/**
 * Opening the provider's checkout for a held booking (outside any transaction), and the return
 * page's check of it.
 */
import { DomainError } from '../errors.js';
import { confirmPayment, type ConfirmOutcome } from './confirmPayment.js';
import type { PaymentContext } from './context.js';
import { releaseHold } from './holds.js';
import { awaitsPayment, type PaymentRow } from './records.js';

/** The return page of a booking: the provider sends the payer back here. */
export function returnUrlOf(publicUrl: string, bookingId: string): string {
  return `${publicUrl}/payments/return?booking=${encodeURIComponent(bookingId)}`;
}

/**
 * The checkout of a pending_payment booking: the one already opened, or a new Stripe Checkout
 * Session / PayPal order (idempotency key per payment, so a retry makes no second one). When
 * the provider cannot be reached the hold ends at once (the slot is offered again) and
 * upstream_failed is thrown: a booking is never kept without a way to pay for it.
 */
export async function openCheckout(ctx: PaymentContext, bookingId: string): Promise<PaymentRow> {
  const payment = await ctx.db<PaymentRow>('payments').where({ booking_id: bookingId }).first();
  if (!payment) throw new DomainError('not_found', 'This meeting has no payment');
  if (payment.checkout_id || payment.status !== 'requires_payment') return payment;
  const title: { title: string } | undefined = await ctx.db('bookings').where({ id: bookingId }).first('title');
  const returnUrl = returnUrlOf(ctx.settings.publicUrl, bookingId);
  try {
    const session = await ctx.providerOf(payment.provider).createCheckout({
      bookingId,
      amountMinor: payment.amount_minor,
      currency: payment.currency,
      title: title?.title ?? 'Meeting',
      returnUrl,
      cancelUrl: `${returnUrl}&canceled=1`,
      idempotencyKey: `checkout:${payment.id}`,
    });
    await ctx.db('payments').where({ id: payment.id }).whereNull('checkout_id').update({ checkout_id: session.checkoutId, checkout_url: session.url, updated_at: ctx.clock.now() });
  } catch (error) {
    await releaseHold(ctx, bookingId, 'The payment provider could not open a checkout');
    throw error instanceof DomainError ? error : new DomainError('upstream_failed', 'The payment provider could not be reached; try again');
  }
  return (await ctx.db<PaymentRow>('payments').where({ id: payment.id }).first())!;
}

/** An unpaid hold's checkout as its payer reads it: what is due, until when, where to pay, in the payer's zone. */
export interface HeldCheckout {
  amount: number;
  currency: string;
  holdExpiresAt: string;
  checkoutUrl: string;
  /** The booker's zone (the first invitee's), for the hold's end. */
  timezone: string;
}

/** The checkout a payer left without paying, while the hold lasts; null once it is paid, ended or was never opened. */
export async function heldCheckoutOf(ctx: PaymentContext, bookingId: string): Promise<HeldCheckout | null> {
  const payment = await ctx.db<PaymentRow>('payments').where({ booking_id: bookingId, status: 'requires_payment' }).whereNotNull('checkout_url').first();
  if (!payment) return null;
  const attendee: { timezone: string | null } | undefined = await ctx.db('booking_attendees').where({ booking_id: bookingId }).orderBy('created_at').first('timezone');
  return { amount: payment.amount_minor, currency: payment.currency, holdExpiresAt: new Date(payment.hold_expires_at).toISOString(), checkoutUrl: payment.checkout_url!, timezone: attendee?.timezone || 'UTC' };
}

/**
 * The return page's check: asks the provider whether the booking's checkout is paid (PayPal:
 * captures the approved order) and confirms it if so — the same confirmation as the webhook, so
 * whichever comes first wins and the other changes nothing.
 */
export async function checkReturn(ctx: PaymentContext, bookingId: string): Promise<ConfirmOutcome> {
  const payment = await ctx.db<PaymentRow>('payments').where({ booking_id: bookingId }).first();
  if (!payment) throw new DomainError('not_found', 'This meeting has no payment');
  if (!awaitsPayment(payment.status)) return 'already_confirmed';
  if (!payment.checkout_id) return 'not_paid';
  // An ended hold's PayPal order is not captured: the payer is not charged for a released slot.
  const state = await ctx.providerOf(payment.provider).checkCheckout(payment.checkout_id, { capture: payment.status === 'requires_payment' });
  return confirmPayment(ctx, payment.provider, payment.checkout_id, state, 'return');
}
