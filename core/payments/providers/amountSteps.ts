/**
 * The amounts a provider can charge or refund in a currency, beyond the currency's own minor
 * digits. Stripe takes the three-decimal currencies (BHD, JOD, KWD, OMR, TND) only with a last
 * digit of 0 (1.230 KWD, not 1.234) and counts LYD in two decimals where Yava has three, and
 * PayPal takes HUF, JPY and TWD only in whole units. A price,
 * a discount or a refund off that step is refused by the provider at checkout or refund time,
 * so it is refused (price, host refund) or rounded (discount, policy refund) before. Pure.
 */
import { minorDigits } from '../money.js';
import type { PaymentProviderName } from '../settings.js';
import { STRIPE_THREE_DECIMAL, stripeDigits } from './stripeAmounts.js';

const PAYPAL_WHOLE = new Set(['HUF', 'JPY', 'TWD']);

/**
 * The smallest step, in minor units, that `provider` charges `currency` in: 1 for most.
 *
 * @example amountStepOf('stripe', 'KWD') // 10
 */
export function amountStepOf(provider: PaymentProviderName, currency: string): number {
  const code = currency.toUpperCase();
  if (provider === 'stripe') return (STRIPE_THREE_DECIMAL.has(code) ? 10 : 1) * 10 ** Math.max(0, minorDigits(code) - stripeDigits(code));
  if (provider === 'paypal' && PAYPAL_WHOLE.has(code)) return 10 ** minorDigits(code);
  return 1;
}

/** `amount` rounded down to a multiple of `step` (policy refunds never give back more than the policy says). */
export function roundDownToStep(amount: number, step: number): number {
  return Math.floor(amount / step) * step;
}

/** `amount` rounded half up to a multiple of `step` (discounts). */
export function roundToStep(amount: number, step: number): number {
  return Math.round(amount / step) * step;
}
