/**
 * Refunds: recorded with the change that causes them and sent through the outbox (channel
 * `payment_refund`), so a refund is never lost and never sent twice (the refund id is the
 * provider's idempotency key). refundSender.ts sends them and records what came of each.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { DomainError } from '../errors.js';
import { enqueueOutboxMessages } from '../notify/outbox.js';
import type { RefundListener } from './context.js';
import { formatMoneyWithCode } from './money.js';
import { amountStepOf } from './providers/amountSteps.js';
import { refundableMinor, type PaymentRow, type PaymentStatus } from './records.js';
import { providerLabel } from './settings.js';

export const REFUND_CHANNEL = 'payment_refund';

export interface QueueRefundInput {
  amountMinor: number;
  reason: 'policy' | 'host' | 'late_payment';
  actor: string;
  now: Date;
}

/**
 * Records a refund of `amountMinor` of a paid payment (locked by the caller), moves the payment
 * to refunded or partially_refunded, and queues the provider call in the same transaction.
 * Throws validation_failed for an amount that is not positive, more than is refundable, or off
 * the step the provider refunds the currency in (Stripe: KWD in tens of fils).
 */
export async function queueRefund(trx: Knex.Transaction, deps: { clock: Clock; maxAttempts: number; listeners?: RefundListener[] }, payment: PaymentRow, input: QueueRefundInput): Promise<PaymentStatus> {
  const left = refundableMinor(payment);
  if (!Number.isInteger(input.amountMinor) || input.amountMinor <= 0 || input.amountMinor > left) {
    throw new DomainError('validation_failed', `A refund must be a whole number of minor units from 1 to ${left} (what is paid and not yet refunded)`, { errors: [{ field: 'amount', message: `give more than 0 and at most ${formatMoneyWithCode(left, payment.currency)} (${left} minor units), what is paid and not yet refunded` }] });
  }
  const step = amountStepOf(payment.provider, payment.currency);
  if (input.amountMinor % step !== 0) {
    const message = `${providerLabel(payment.provider)} refunds ${payment.currency} in steps of ${step} minor units: give a multiple of ${step}`;
    throw new DomainError('validation_failed', `amount: ${message}`, { errors: [{ field: 'amount', message }] });
  }
  const [refund]: Array<{ id: string }> = await trx('payment_refunds')
    .insert({ payment_id: payment.id, amount_minor: input.amountMinor, reason: input.reason, actor: input.actor, status: 'pending', created_at: input.now })
    .returning('id');
  const refunded = payment.refunded_minor + input.amountMinor;
  const status: PaymentStatus = refunded === payment.amount_minor ? 'refunded' : 'partially_refunded';
  await trx('payments').where({ id: payment.id }).update({ refunded_minor: refunded, status, updated_at: input.now });
  await enqueueOutboxMessages(trx, [{ channel: REFUND_CHANNEL, idempotencyKey: `refund:${refund!.id}`, payload: { refundId: refund!.id }, bookingId: payment.booking_id }], deps);
  const after = { ...payment, refunded_minor: refunded, status, updated_at: input.now };
  for (const listener of deps.listeners ?? []) await listener(trx, after, { id: refund!.id, amountMinor: input.amountMinor, reason: input.reason });
  return status;
}

/** What queueRefund needs from the payment context (the refund listeners included). */
export function refundDeps(ctx: { clock: Clock; maxAttempts: number; extensions: { refundListeners: RefundListener[] } }) {
  return { clock: ctx.clock, maxAttempts: ctx.maxAttempts, listeners: ctx.extensions.refundListeners };
}
