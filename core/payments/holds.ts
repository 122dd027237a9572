/**
 * Slot holds of paid bookings. A paid event type's booking is written as pending_payment with
 * its busy ranges active (the exclusion constraint keeps the slot from others) and a payment row
 * whose hold ends PAYMENT_HOLD_MINUTES later. A periodic job ends the holds nobody paid: the
 * booking is canceled, its slot freed and offered again, the payment `expired`.
 */
import type { Knex } from 'knex';
import { lockBookingRow, recordStatus, setBookingHostsActive, updateBookingRow } from '../booking/bookingRepository.js';
import type { EventTypeRow } from '../booking/records.js';
import { MINUTE_MS } from '../time/units.js';
import type { PaymentContext } from './context.js';
import type { PaymentRow } from './records.js';
import type { PaymentProviderName } from './settings.js';

/** The price columns of an event type row (added by the payments migration). */
export interface PricedEventType extends EventTypeRow {
  price_minor?: number | null;
  currency?: string | null;
  payment_provider?: PaymentProviderName | null;
  refund_policy?: unknown;
}

/** Whether booking this event type needs a payment first. */
export function isPaidEventType(eventType: PricedEventType): boolean {
  return Boolean(eventType.payment_provider && eventType.price_minor && eventType.currency);
}

export interface HoldInput {
  bookingId: string;
  eventType: PricedEventType;
  hostIds: string[];
  manageTokens: Record<string, string>;
  promoCode?: string | null;
  now: Date;
}

/**
 * Inside the booking transaction: writes the payment row of a new pending_payment booking.
 * Returns `held` (the booker pays through the provider), or `settled` when a discount leaves
 * nothing to pay: then no provider is asked, the payment is `paid` with amount 0, the paid
 * listeners run (the invoice, with a total of 0) and the booking is `scheduled` at once.
 */
export async function createPaymentHold(ctx: PaymentContext, trx: Knex.Transaction, input: HoldInput): Promise<'held' | 'settled'> {
  const { eventType, now } = input;
  const hostUserId = eventType.owner_user_id ?? input.hostIds[0] ?? null;
  let price = { amountMinor: eventType.price_minor!, discountMinor: 0, promoCode: null as string | null };
  for (const adjust of ctx.extensions.priceAdjusters) {
    const adjusted = await adjust(trx, { bookingId: input.bookingId, eventTypeId: eventType.id, hostUserId, amountMinor: price.amountMinor, currency: eventType.currency!, promoCode: input.promoCode ?? null });
    if (adjusted) price = adjusted;
  }
  const settled = price.amountMinor === 0;
  const [payment]: PaymentRow[] = await trx('payments').insert({
    booking_id: input.bookingId,
    host_user_id: hostUserId,
    event_type_id: eventType.id,
    provider: eventType.payment_provider,
    amount_minor: price.amountMinor,
    discount_minor: price.discountMinor,
    promo_code: price.promoCode,
    currency: eventType.currency,
    status: settled ? 'paid' : 'requires_payment',
    paid_at: settled ? now : null,
    refund_policy: eventType.refund_policy === null || eventType.refund_policy === undefined ? null : JSON.stringify(eventType.refund_policy),
    // Kept sealed until the confirmation e-mail carries them; a settled booking's goes out now.
    sealed_manage_tokens: settled ? null : ctx.box.seal(JSON.stringify(input.manageTokens)),
    hold_expires_at: new Date(now.getTime() + ctx.settings.holdMinutes * MINUTE_MS),
    created_at: now,
    updated_at: now,
  }).returning('*');
  if (!settled) return 'held';
  await updateBookingRow(trx, input.bookingId, { status: 'scheduled', updated_at: now });
  await recordStatus(trx, { bookingId: input.bookingId, from: 'pending_payment', to: 'scheduled', actor: 'system', at: now, reason: 'nothing to pay', details: { promoCode: price.promoCode } });
  for (const listener of ctx.extensions.paidListeners) await listener(trx, payment!);
  return 'settled';
}

/** Ends one hold if it is still unpaid and due; true when it did. */
async function expireHold(ctx: PaymentContext, paymentId: string, reason: string, status: 'expired' | 'failed' = 'expired'): Promise<boolean> {
  return ctx.db.transaction(async (trx) => {
    // Booking row first, then payment: the order confirmation and cancel take them in.
    const found: { booking_id: string } | undefined = await trx('payments').where({ id: paymentId }).first('booking_id');
    if (!found) return false;
    const booking = await lockBookingRow(trx, found.booking_id);
    const payment = await trx<PaymentRow>('payments').where({ id: paymentId }).forUpdate().first();
    const now = ctx.clock.now();
    if (!payment || payment.status !== 'requires_payment') return false;
    // The periodic job read the hold as due; a bank payment that started processing since then moved its end.
    if (status === 'expired' && new Date(payment.hold_expires_at).getTime() > now.getTime()) return false;
    await trx('payments').where({ id: paymentId }).update({ status, sealed_manage_tokens: null, updated_at: now });
    for (const listener of ctx.extensions.unpaidListeners) await listener(trx, payment);
    if (!booking || booking.status !== 'pending_payment') return true;
    await setBookingHostsActive(trx, booking.id, false);
    await updateBookingRow(trx, booking.id, { status: 'canceled', canceled_by: 'system', cancel_reason: reason, sequence: booking.sequence + 1, updated_at: now });
    await recordStatus(trx, { bookingId: booking.id, from: 'pending_payment', to: 'canceled', actor: 'system', at: now, reason });
    return true;
  });
}

/**
 * Frees every hold whose time is up and that nobody paid (the periodic job). Returns how many.
 * A payment reported later is refunded (confirmPayment).
 */
export async function expireDueHolds(ctx: PaymentContext, options: { limit?: number } = {}): Promise<number> {
  const due: Array<{ id: string }> = await ctx.db('payments').where({ status: 'requires_payment' }).where('hold_expires_at', '<=', ctx.clock.now()).orderBy('hold_expires_at').limit(options.limit ?? 500).select('id');
  let expired = 0;
  for (const { id } of due) if (await expireHold(ctx, id, 'Payment not received in time')) expired += 1;
  return expired;
}

/**
 * The payer finished the checkout with a payment their bank settles later (a SEPA or ACH debit, a
 * pending PayPal capture): the slot stays held until the provider reports the result (paid:
 * confirmed; failed: released) or, at the latest, until the meeting starts; a hold already longer
 * than that keeps its end. Only a hold not yet ended (payment `requires_payment`, booking
 * `pending_payment`) moves. True when it did.
 */
export async function holdWhileProcessing(ctx: PaymentContext, provider: PaymentProviderName, checkoutId: string): Promise<boolean> {
  const now = ctx.clock.now();
  const { rows } = await ctx.db.raw<{ rows: unknown[] }>(
    `UPDATE payments p
        SET hold_expires_at = greatest(p.hold_expires_at, b.start_at), processing_since = coalesce(p.processing_since, ?), updated_at = ?
       FROM bookings b
      WHERE b.id = p.booking_id AND b.status = 'pending_payment'
        AND p.provider = ? AND p.checkout_id = ? AND p.status = 'requires_payment'
      RETURNING p.id`,
    [now, now, provider, checkoutId],
  );
  return rows.length > 0;
}

/**
 * Ends the hold of a booking at once, its payment `failed`: its checkout could not be opened, or
 * the provider reported the payment failed. True when it did (false: already paid or ended).
 */
export async function releaseHold(ctx: PaymentContext, bookingId: string, reason: string): Promise<boolean> {
  const row: { id: string } | undefined = await ctx.db('payments').where({ booking_id: bookingId }).first('id');
  return row ? expireHold(ctx, row.id, reason, 'failed') : false;
}
