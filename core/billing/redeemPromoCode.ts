/**
 * Redeeming a promo code for a booking, inside the booking's transaction: the discount is fixed
 * before any payment starts, and the use is counted by the database, so a code limited to N
 * uses is used exactly N times however many bookings race for it.
 */
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';
import { amountStepOf, roundToStep } from '../payments/providers/amountSteps.js';
import type { PaymentProviderName } from '../payments/settings.js';
import type { PromoCodeRow } from './promoCodes.js';

export interface PricedEventType {
  id: string;
  owner_user_id: string | null;
  price_minor: number | null;
  currency: string | null;
  payment_provider: PaymentProviderName | null;
}

export interface PromoDiscount {
  code: string;
  priceMinor: number;
  discountMinor: number;
  /** What the booker pays: price minus discount. */
  amountDueMinor: number;
  currency: string;
}

const rejected = (code: string, why: string) =>
  new DomainError('promo_code_invalid', `Promo code "${code}" ${why}`, { errors: [{ field: 'promoCode', message: why }], details: { promoCode: code } });

/**
 * The discount a code gives on a price: a percentage or an amount, never more than the price,
 * rounded half up to `step` (what the provider charges the currency in: a discount off it would
 * leave an amount the provider refuses, such as 1.125 KWD through Stripe).
 */
export function discountOf(row: Pick<PromoCodeRow, 'percent_off' | 'amount_off_minor'>, priceMinor: number, step = 1): number {
  const raw = row.percent_off !== null ? (priceMinor * row.percent_off) / 100 : (row.amount_off_minor ?? 0);
  return Math.min(priceMinor, roundToStep(Math.round(raw), step));
}

/** Why a code row cannot be used now, or null when it can (apart from its use count). */
function unusableBecause(row: PromoCodeRow, currency: string, now: Date): string | null {
  if (row.disabled_at !== null) return 'is no longer valid';
  if (row.valid_from !== null && now < new Date(row.valid_from)) return `is valid from ${new Date(row.valid_from).toISOString()}`;
  if (row.valid_until !== null && now >= new Date(row.valid_until)) return 'has expired';
  if (row.currency !== null && row.currency !== currency) return `is for prices in ${row.currency}`;
  return null;
}

/** The code row that applies to this event type: one for it, else one for all of its owner's event types. */
async function findApplicableCode(trx: Knex, code: string, eventType: PricedEventType): Promise<PromoCodeRow | undefined> {
  return trx('promo_codes')
    .whereRaw('upper(code) = upper(?)', [code])
    .where((q) => {
      q.where({ event_type_id: eventType.id });
      if (eventType.owner_user_id) q.orWhere((o) => o.whereNull('event_type_id').where({ owner_user_id: eventType.owner_user_id }));
    })
    .orderByRaw('event_type_id IS NULL')
    .first();
}

/**
 * Applies `code` to the booking: checks it, takes one use with a single conditional UPDATE
 * (the row lock makes racing redemptions wait and re-check `uses < max_uses`), and records the
 * redemption (one per booking). Everything rolls back with the booking.
 * Throws validation_failed (free event type), promo_code_invalid (unknown, not yet or no longer
 * valid, other currency), promo_code_used_up, conflict (the booking already has another code;
 * the same code again returns its discount without taking a second use).
 *
 * @example await redeemPromoCode(trx, { code: 'SPRING', eventType, bookingId, now }) // { discountMinor: 1000, amountDueMinor: 4000, … }
 */
export async function redeemPromoCode(trx: Knex.Transaction, input: { code: string; eventTypeId: string; bookingId: string; now: Date }): Promise<PromoDiscount> {
  const { code, bookingId, now } = input;
  const eventType: PricedEventType = await trx('event_types').where({ id: input.eventTypeId }).first('id', 'owner_user_id', 'price_minor', 'currency', 'payment_provider');
  if (!eventType || eventType.price_minor === null || eventType.currency === null || eventType.price_minor <= 0) {
    throw new DomainError('validation_failed', 'This event type is free: a promo code does not apply', { errors: [{ field: 'promoCode', message: 'the event type has no price' }] });
  }
  const row = await findApplicableCode(trx, code, eventType);
  if (!row) throw rejected(code, 'does not exist for this event type');
  const why = unusableBecause(row, eventType.currency, now);
  if (why) throw rejected(code, why);
  const earlier = await trx('promo_redemptions').where({ booking_id: bookingId }).first('promo_code_id');
  if (earlier) {
    // The same code again (a second caller in the same booking flow) gets the same discount, once.
    if (earlier.promo_code_id === row.id) return (await discountOfBooking(trx, bookingId))!;
    throw new DomainError('conflict', 'This booking already has a promo code: one per booking', { errors: [{ field: 'promoCode', message: 'one per booking' }] });
  }
  const taken = await trx('promo_codes')
    .where({ id: row.id })
    .whereNull('disabled_at')
    .where((q) => q.whereNull('max_uses').orWhereRaw('uses < max_uses'))
    .increment('uses', 1)
    .returning('id');
  if (!taken.length) {
    throw new DomainError('promo_code_used_up', `Promo code "${code}" has been used up; book without it or ask the host for another`, { errors: [{ field: 'promoCode', message: 'used up' }], details: { promoCode: code } });
  }
  const discountMinor = discountOf(row, eventType.price_minor, eventType.payment_provider ? amountStepOf(eventType.payment_provider, eventType.currency) : 1);
  await trx('promo_redemptions').insert({ promo_code_id: row.id, booking_id: bookingId, code: row.code, price_minor: eventType.price_minor, discount_minor: discountMinor, currency: eventType.currency, created_at: now });
  return { code: row.code, priceMinor: eventType.price_minor!, discountMinor, amountDueMinor: eventType.price_minor - discountMinor, currency: eventType.currency };
}

/** The discount recorded for a booking, if it used a code. */
export async function discountOfBooking(db: Knex, bookingId: string): Promise<PromoDiscount | null> {
  const row = await db('promo_redemptions').where({ booking_id: bookingId }).first('code', 'price_minor', 'discount_minor', 'currency');
  if (!row) return null;
  return { code: row.code, priceMinor: row.price_minor, discountMinor: row.discount_minor, amountDueMinor: row.price_minor - row.discount_minor, currency: row.currency };
}

/**
 * Gives a booking's use back (its hold expired or it was cancelled before paying), so an
 * unpaid booking never keeps a limited code from others. Does nothing without a redemption.
 */
export async function releasePromoRedemption(trx: Knex.Transaction, bookingId: string): Promise<boolean> {
  const gone: Array<{ promo_code_id: string }> = await trx('promo_redemptions').where({ booking_id: bookingId }).del().returning('promo_code_id');
  if (!gone[0]) return false;
  await trx('promo_codes').where({ id: gone[0].promo_code_id }).where('uses', '>', 0).decrement('uses', 1);
  return true;
}
