/**
 * Closing the provider checkout of a hold that ended (expired, failed, or canceled before paying),
 * so the payer cannot pay for a slot that was released: a Stripe Checkout Session stays payable
 * for 24 hours otherwise, and a late payment is only refunded (the provider keeps its fee, the
 * payer waits days for the money). Queued in the transaction that ends the hold, sent through the
 * outbox (channel `payment_checkout_close`), retried like every message.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { OutboxMessage } from '../notify/dispatcher.js';
import { enqueueOutboxMessages } from '../notify/outbox.js';
import type { PaymentProvider } from './providers/types.js';
import type { PaymentRow } from './records.js';
import type { PaymentProviderName } from './settings.js';

export const CHECKOUT_CLOSE_CHANNEL = 'payment_checkout_close';

interface CloseCheckoutPayload {
  provider: PaymentProviderName;
  checkoutId: string;
}

/** Inside the transaction that ends an unpaid hold: queues the close of its checkout, if one was opened. */
export async function queueCheckoutClose(trx: Knex.Transaction, deps: { clock: Clock; maxAttempts: number }, payment: PaymentRow): Promise<void> {
  if (!payment.checkout_id) return;
  const payload: CloseCheckoutPayload = { provider: payment.provider, checkoutId: payment.checkout_id };
  await enqueueOutboxMessages(trx, [{ channel: CHECKOUT_CLOSE_CHANNEL, idempotencyKey: `checkout-close:${payment.id}`, payload, bookingId: payment.booking_id }], deps);
}

/** The outbox sender of `payment_checkout_close`. */
export function createCheckoutCloser(deps: { providerOf: (name: PaymentProviderName) => PaymentProvider }) {
  return async (message: OutboxMessage): Promise<void> => {
    const { provider, checkoutId } = message.payload as CloseCheckoutPayload;
    await deps.providerOf(provider).closeCheckout(checkoutId);
  };
}
