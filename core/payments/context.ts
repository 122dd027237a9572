/**
 * What every payment use case runs with, and the extension points other modules (billing,
 * outgoing webhooks) use: a price adjuster that runs before the hold is written (promo codes),
 * and listeners that run inside the transaction confirming a payment (invoices, payment.succeeded),
 * ending an unpaid hold (promo uses given back), recording a refund (payment.refunded) or the
 * provider taking it (credit notes).
 */
import type { Knex } from 'knex';
import type { SecretBox } from '../calendars/secretBox.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { InboxWriter } from '../notify/inbox/store.js';
import type { BookingNotifier } from '../notify/types.js';
import type { PaymentProvider } from './providers/types.js';
import type { PaymentRow } from './records.js';
import type { PaymentProviderName, PaymentSettings } from './settings.js';
import type { WebhookRegistry } from './webhooks/registry.js';

export interface PriceQuote {
  bookingId: string;
  eventTypeId: string;
  hostUserId: string | null;
  /** The event type's price, minor units. */
  amountMinor: number;
  currency: string;
  /** What the booker typed, if anything. */
  promoCode: string | null;
}

/** A changed price: what the payer is charged, the discount, and the code that gave it. */
export interface AdjustedPrice {
  amountMinor: number;
  discountMinor: number;
  promoCode: string | null;
}

/** Runs inside the booking transaction, before the payment row exists. Throws to refuse the booking. */
export type PriceAdjuster = (trx: Knex.Transaction, quote: PriceQuote) => Promise<AdjustedPrice | null>;

/** Runs inside the transaction that confirms a payment (status already `paid`). */
export type PaidListener = (trx: Knex.Transaction, payment: PaymentRow) => Promise<void>;

/** Runs inside the transaction that ends an unpaid hold (expired, failed, or the booking canceled before paying). */
export type UnpaidListener = (trx: Knex.Transaction, payment: PaymentRow) => Promise<void>;

/** A refund just recorded (the provider is called later, through the outbox). */
export interface RecordedRefund {
  id: string;
  amountMinor: number;
  reason: 'policy' | 'host' | 'late_payment';
  /** Why the provider did not take it (only for a failed refund). */
  failure?: string;
}

/** Runs inside the transaction that records a refund; `payment` as it is after it. */
export type RefundListener = (trx: Knex.Transaction, payment: PaymentRow, refund: RecordedRefund) => Promise<void>;

export interface PaymentExtensions {
  priceAdjusters: PriceAdjuster[];
  paidListeners: PaidListener[];
  unpaidListeners: UnpaidListener[];
  /** A refund is recorded (promised): the money is not back yet. */
  refundListeners: RefundListener[];
  /** The provider has taken a refund (runs inside the transaction that records that): credit notes. */
  refundedListeners: RefundListener[];
  /** The provider refused a refund, or it never got through: runs inside the transaction that takes it back (payment.refund_failed). */
  refundFailedListeners: RefundListener[];
}

export interface PaymentContext {
  db: Knex;
  clock: Clock;
  settings: PaymentSettings;
  notifier: BookingNotifier;
  /** Seals the invitee's manage tokens until the confirmation e-mail carries them. */
  box: SecretBox;
  logger?: Logger;
  /** In-app notices to hosts (a payment that does not pay what is due); absent: only logged. */
  inbox?: InboxWriter;
  /** Outbox attempts for queued refunds. */
  maxAttempts: number;
  providerOf(name: PaymentProviderName): PaymentProvider;
  registry: WebhookRegistry;
  extensions: PaymentExtensions;
}
