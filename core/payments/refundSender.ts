/**
 * The outbox sender of `payment_refund`: asks the provider to refund, and records what came of it.
 *
 * A refund is promised when it is recorded (the payment is `refunded` or `partially_refunded` at
 * once, so nobody refunds the same money twice) and documented only once the provider has taken
 * it: the credit note is issued in the transaction that records the provider's refund done (at
 * once, or, for a refund the provider reports pending, when its webhook says so). A refund
 * the provider refuses for good (already refunded there, disputed, too old), or one still not
 * through after the outbox's last attempt, is `failed` with the reason: the promise is taken
 * back (what it promised is refundable again), no credit note is issued, and the host is told
 * (an in-app notification and an e-mail) to refund it again or settle it at the provider.
 */
import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import { type OutboxMessage, PermanentDeliveryError } from '../notify/dispatcher.js';
import { noticeEmail } from '../notify/email/notice.js';
import { enqueueOutboxMessages } from '../notify/outbox.js';
import type { PaymentContext, RecordedRefund } from './context.js';
import { UUID_RE } from '../booking/records.js';
import { formatMoneyWithCode } from './money.js';
import { RefundRefusedError, type FoundRefund, type RefundAccepted } from './providers/types.js';
import type { PaymentRow, PaymentStatus, RefundRow } from './records.js';
import { providerLabel, type PaymentProviderName } from './settings.js';

const recorded = (refund: RefundRow): RecordedRefund => ({ id: refund.id, amountMinor: refund.amount_minor, reason: refund.reason as RecordedRefund['reason'] });

/** Marks the refund done with the provider's id and runs the refunded listeners (the credit note), once. */
async function recordRefunded(ctx: PaymentContext, refund: RefundRow, providerRefundId: string): Promise<void> {
  await ctx.db.transaction(async (trx) => {
    // The payment first, as every change of a payment locks it.
    const payment = await trx<PaymentRow>('payments').where({ id: refund.payment_id }).forUpdate().first();
    const done = await trx('payment_refunds').where({ id: refund.id, status: 'pending' }).update({ status: 'succeeded', provider_refund_id: providerRefundId, completed_at: ctx.clock.now() }).returning('id');
    if (!payment || !done.length) return;
    for (const listener of ctx.extensions.refundedListeners) await listener(trx, payment, recorded(refund));
  });
}

/** The host's notice of a failed refund: in-app and by e-mail, once per refund. */
async function tellHostRefundFailed(ctx: PaymentContext, trx: Knex.Transaction, payment: PaymentRow, refund: RefundRow, reason: string): Promise<void> {
  if (!payment.host_user_id) return;
  const host = (await trx('users').where({ id: payment.host_user_id }).first('name', 'email', 'timezone')) as { name: string; email: string; timezone: string } | undefined;
  const booking = (await trx('bookings').where({ id: payment.booking_id }).first('title', 'start_at')) as { title: string; start_at: Date } | undefined;
  if (!host) return;
  const title = booking?.title ?? 'Meeting';
  const when = booking ? DateTime.fromJSDate(new Date(booking.start_at), { zone: host.timezone }).toFormat("ccc d LLL yyyy, HH:mm '('ZZZZ')'") : null;
  const provider = providerLabel(payment.provider);
  const amount = formatMoneyWithCode(refund.amount_minor, payment.currency);
  const subject = `Refund failed: ${amount} for "${title}"`;
  const lines = [
    `${provider} did not refund ${amount} of the payment for "${title}"${when ? ` (${when})` : ''}: ${reason}.`,
    `The money is still with you, and Yava counts it as not refunded again. Refund it again from the meeting's page (${ctx.settings.publicUrl}/app/meetings/${payment.booking_id}) or with "yava refund ${payment.booking_id}", or settle it with the payer in your ${provider} account.`,
  ];
  await enqueueOutboxMessages(trx, [{ channel: 'email', idempotencyKey: `email:refund-failed:${refund.id}`, payload: noticeEmail(host, subject, lines), bookingId: payment.booking_id }], { clock: ctx.clock, maxAttempts: ctx.maxAttempts });
  await ctx.inbox?.add(trx, [{ userId: payment.host_user_id, kind: 'payment.refund_failed', title: subject, body: lines.join(' '), bookingId: payment.booking_id, dedupKey: `refund-failed:${refund.id}` }]);
}

/**
 * Marks the refund failed, gives back what it promised and tells the host, once: from `from`, the
 * statuses it may fail from. The sender fails only a pending refund (one a webhook settled while
 * the sender waited on the provider stays as the webhook left it); the provider's own report may
 * also take back one it had reported done (a card closed meanwhile), whose credit note stays issued.
 */
async function recordRefundFailed(ctx: PaymentContext, refund: RefundRow, reason: string, from: ReadonlyArray<RefundRow['status']> = ['pending']): Promise<void> {
  await ctx.db.transaction(async (trx) => {
    const payment = await trx<PaymentRow>('payments').where({ id: refund.payment_id }).forUpdate().first();
    const failed = await trx('payment_refunds')
      .where({ id: refund.id })
      .whereIn('status', from)
      .update({ status: 'failed', failure: reason.slice(0, 1000), completed_at: ctx.clock.now() })
      .returning('id');
    if (!payment || !failed.length) return;
    const refunded = Math.max(0, payment.refunded_minor - refund.amount_minor);
    const status: PaymentStatus = refunded === 0 ? 'paid' : 'partially_refunded';
    await trx('payments').where({ id: payment.id }).update({ refunded_minor: refunded, status, updated_at: ctx.clock.now() });
    ctx.logger?.warn({ bookingId: payment.booking_id, refundId: refund.id, provider: payment.provider, reason }, 'refund failed');
    const after: PaymentRow = { ...payment, refunded_minor: refunded, status, updated_at: ctx.clock.now() };
    await tellHostRefundFailed(ctx, trx, after, refund, reason);
    for (const listener of ctx.extensions.refundFailedListeners) await listener(trx, after, { ...recorded(refund), failure: reason });
  });
}

export function createRefundSender(ctx: PaymentContext) {
  return async (message: OutboxMessage): Promise<void> => {
    const { refundId } = message.payload as { refundId: string };
    const refund = await ctx.db<RefundRow>('payment_refunds').where({ id: refundId }).first();
    if (!refund || refund.status !== 'pending') return;
    const payment = await ctx.db<PaymentRow>('payments').where({ id: refund.payment_id }).first();
    let accepted: RefundAccepted;
    try {
      if (!payment?.payment_ref) throw new RefundRefusedError('the payment has no provider reference to refund');
      accepted = await ctx.providerOf(payment.provider).refund({ paymentRef: payment.payment_ref, amountMinor: refund.amount_minor, currency: payment.currency, idempotencyKey: `refund:${refund.id}`, refundId: refund.id });
    } catch (error) {
      const refused = error instanceof RefundRefusedError;
      const lastAttempt = message.attempts + 1 >= message.maxAttempts;
      if (!refused && !lastAttempt) throw error;
      // Before giving it up: an earlier try whose answer was lost (a timeout) may have made it.
      const found = payment?.payment_ref ? await ctx.providerOf(payment.provider).findRefund?.(payment.payment_ref, refund.id).catch(() => null) : null;
      if (found) return recordFound(ctx, refund, found);
      const reason = refused ? error.message : `still not through after ${message.maxAttempts} attempts (last: ${(error as Error)?.message ?? String(error)})`;
      await recordRefundFailed(ctx, refund, reason);
      throw new PermanentDeliveryError(reason);
    }
    await recordFound(ctx, refund, { refundId: accepted.refundId, status: accepted.pending ? 'pending' : 'succeeded' });
  };
}

/** Records the provider's refund as it stands: done (the credit note), failed, or on its way (its id kept, by which its result is found). */
async function recordFound(ctx: PaymentContext, refund: RefundRow, found: FoundRefund): Promise<void> {
  if (found.status === 'succeeded') return recordRefunded(ctx, refund, found.refundId);
  if (found.status === 'failed') return recordRefundFailed(ctx, refund, found.failure ?? 'the refund came back failed');
  await ctx.db('payment_refunds').where({ id: refund.id, status: 'pending' }).update({ provider_refund_id: found.refundId });
}

/** The provider's refund a webhook is about: its id, and Yava's id it carries (metadata, custom_id) when it does. */
export interface ReportedRefund {
  providerRefundId: string;
  refundId?: string | null;
}

/**
 * What the provider reports of a refund it took earlier (a webhook): done, or failed with why.
 * Finds the refund by the provider's id, or by Yava's id the refund carries (the webhook can come
 * before the sender stored the provider's id); a refund not Yava's, or already settled so,
 * changes nothing.
 */
export async function settleRefund(ctx: PaymentContext, provider: PaymentProviderName, reported: ReportedRefund, outcome: { done: true } | { done: false; reason: string }): Promise<void> {
  const ours = reported.refundId && UUID_RE.test(reported.refundId) ? reported.refundId : null;
  const refund: RefundRow | undefined = await ctx
    .db('payment_refunds as r')
    .join('payments as p', 'p.id', 'r.payment_id')
    .where('p.provider', provider)
    .where((q) => {
      q.where('r.provider_refund_id', reported.providerRefundId);
      if (ours) q.orWhere('r.id', ours);
    })
    .first('r.*');
  if (!refund) return;
  const providerRefundId = reported.providerRefundId;
  // Ours by the id it carries, but another refund at the provider than the one the sender stored: not this one's result.
  if (refund.provider_refund_id && refund.provider_refund_id !== providerRefundId) {
    ctx.logger?.warn({ refundId: refund.id, provider, stored: refund.provider_refund_id, reported: providerRefundId }, 'refund result ignored: another provider refund than the one recorded');
    return;
  }
  if (outcome.done) await recordRefunded(ctx, refund, providerRefundId);
  else await recordRefundFailed(ctx, refund, outcome.reason, ['pending', 'succeeded']);
}
