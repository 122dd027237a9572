/**
 * The price of a paid event type: an amount in minor units of an ISO 4217 currency, the
 * provider that takes it, and the refund policy a cancellation follows. Stored on event_types
 * (price_minor, currency, payment_provider, refund_policy).
 */
import { DomainError } from '../errors.js';
import { isCurrencyCode, toDecimalString } from './money.js';
import { amountStepOf, roundToStep } from './providers/amountSteps.js';
import { DEFAULT_REFUND_POLICY, parseRefundPolicy, type RefundPolicy } from './refundPolicy.js';
import { providerLabel, type PaymentProviderName } from './settings.js';

export interface EventTypePrice {
  /** Minor units (cents): 4500 is 45.00 EUR, 5000 is 5000 JPY. */
  amount: number;
  currency: string;
  provider: PaymentProviderName;
  refundPolicy: RefundPolicy;
}

export type EventTypePriceInput = Omit<EventTypePrice, 'refundPolicy'> & { refundPolicy?: RefundPolicy };

const invalid = (field: string, message: string) => new DomainError('validation_failed', `price.${field}: ${message}`, { errors: [{ field: `price.${field}`, message }] });

/** The event_types columns of a price (null: a free event type). Throws validation_failed. */
export function priceColumns(price: EventTypePriceInput | null): Record<string, unknown> {
  if (price === null) return { price_minor: null, currency: null, payment_provider: null, refund_policy: null };
  if (!Number.isInteger(price.amount) || price.amount <= 0) throw invalid('amount', 'expected a whole number of minor units above 0 (e.g. 4500 for 45.00)');
  const currency = price.currency.toUpperCase();
  if (!isCurrencyCode(currency)) throw invalid('currency', 'expected an ISO 4217 currency code such as EUR, USD or JPY');
  const step = amountStepOf(price.provider, currency);
  if (price.amount % step !== 0) {
    const near = Math.max(step, roundToStep(price.amount, step));
    throw invalid('amount', `${providerLabel(price.provider)} charges ${currency} only in steps of ${toDecimalString(step, currency)}: use a multiple of ${step} minor units, e.g. ${near} (${toDecimalString(near, currency)} ${currency})`);
  }
  const policy = parseRefundPolicy(price.refundPolicy ?? DEFAULT_REFUND_POLICY);
  return { price_minor: price.amount, currency, payment_provider: price.provider, refund_policy: JSON.stringify(policy) };
}

/** The price of an event type row, or null when it is free. */
export function priceOfRow(row: { price_minor?: number | null; currency?: string | null; payment_provider?: string | null; refund_policy?: unknown }): EventTypePrice | null {
  if (!row.price_minor || !row.currency || !row.payment_provider) return null;
  return { amount: row.price_minor, currency: row.currency, provider: row.payment_provider as PaymentProviderName, refundPolicy: parseRefundPolicy(row.refund_policy) };
}
