/**
 * Stripe's units for amounts, which are not always the currency's ISO minor units that Yava
 * keeps (core/payments/money.ts, from Intl). Stripe counts every currency in two decimals except
 * its zero-decimal list (JPY, KRW, …) and its three-decimal one (KWD, …): so 15000 HUF, which
 * has no minor unit in Yava, is 1500000 to Stripe (ISK, IDR, COP, PKR and others likewise), and
 * Stripe charged a hundredth of the price when sent Yava's number. Pure.
 */
import { minorDigits } from '../money.js';

// https://docs.stripe.com/currencies#zero-decimal and #three-decimal
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
export const STRIPE_THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** How many decimals Stripe's amounts have in `currency`: 0, 2 or 3. */
export function stripeDigits(currency: string): number {
  const code = currency.toUpperCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  return STRIPE_THREE_DECIMAL.has(code) ? 3 : 2;
}

/**
 * Yava's minor units as Stripe's amount.
 *
 * @example toStripeAmount(15000, 'HUF') // 1500000; toStripeAmount(4500, 'EUR') // 4500
 */
export function toStripeAmount(amountMinor: number, currency: string): number {
  const shift = stripeDigits(currency) - minorDigits(currency.toUpperCase());
  return shift >= 0 ? amountMinor * 10 ** shift : Math.round(amountMinor / 10 ** -shift);
}

/** Stripe's amount as Yava's minor units (the inverse of toStripeAmount). */
export function fromStripeAmount(amount: number, currency: string): number {
  const shift = stripeDigits(currency) - minorDigits(currency.toUpperCase());
  return shift >= 0 ? Math.round(amount / 10 ** shift) : amount * 10 ** -shift;
}
