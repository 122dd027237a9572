/**
 * Whether a payment a provider reports pays what a booking owes. What is owed is the amount its
 * payment row stored when the checkout was opened (the price after any promo discount, in the
 * event type's currency), so a legitimate payment matches it exactly. Pure.
 */
import { formatMoneyWithCode, isCurrencyCode } from './money.js';

export interface Money {
  /** Minor units; null when the provider did not say. */
  amountMinor: number | null;
  /** ISO 4217, any case; null when the provider did not say. */
  currency: string | null;
}

const shown = (amountMinor: number, currency: string) => (isCurrencyCode(currency) ? formatMoneyWithCode(amountMinor, currency) : `${currency} ${amountMinor} (minor units)`);

/**
 * Why `paid` does not pay `due`, for people (logs, the host's notice), or null when it pays it:
 * the same currency and exactly the same amount. A smaller amount, a larger one (refunds are
 * reckoned on the amount due) and one the provider left unsaid all do not.
 *
 * @example paymentMismatchOf({ amountMinor: 4500, currency: 'EUR' }, { amountMinor: 4000, currency: 'eur' }) // 'EUR 40.00 was paid where EUR 45.00 is due'
 */
export function paymentMismatchOf(due: { amountMinor: number; currency: string }, paid: Money): string | null {
  const owed = shown(due.amountMinor, due.currency.toUpperCase());
  if (paid.amountMinor === null || paid.currency === null) return `the provider did not say how much was paid (${owed} is due)`;
  if (paid.currency.toUpperCase() === due.currency.toUpperCase() && paid.amountMinor === due.amountMinor) return null;
  return `${shown(paid.amountMinor, paid.currency.toUpperCase())} was paid where ${owed} is due`;
}
