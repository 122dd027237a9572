/**
 * The payment of a paid meeting on its dashboard page (/app/meetings/:id): what was paid and how,
 * each refund and how it went (on its way, done, or refused with the provider's reason), and for
 * a host a form that refunds all that is left or an amount typed in the payment's currency.
 */
import { z } from 'zod';
import { DomainError } from '../../../core/errors.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import { formatMoneyWithCode, toDecimalString, typedAmountInMinor } from '../../../core/payments/money.js';
import type { MeetingPaymentDetails, RefundDetails } from '../../../core/payments/paymentStatus.js';
import { providerLabel, type PaymentProviderName } from '../../../core/payments/settings.js';
import type { AppContext } from '../../context.js';
import { instantIn } from './format.js';
import { csrfField, errorSummary, fieldError, invalidAttrs, type FormErrors } from './forms.js';
import type { AppRouteDeps } from './shared.js';

export const refundForm = z.object({ amount: z.string().max(40).optional() }).loose();

const REASONS: Record<string, string> = { policy: 'by the refund policy', host: 'by a host', late_payment: 'paid after the hold ended' };

/** The typed amount in minor units, none (empty: all that is left), or validation_failed naming `amount`. */
export function typedRefund(typed: string | undefined, p: MeetingPaymentDetails): number | undefined {
  if (!typed?.trim()) return undefined;
  const minor = typedAmountInMinor(typed, p.currency);
  if (minor !== null) return minor;
  const message = `give the amount in ${p.currency} with "." for decimals, e.g. ${toDecimalString(p.refundableAmount, p.currency)}, or leave it empty to refund all that is left`;
  throw new DomainError('validation_failed', `amount: ${message}`, { errors: [{ field: 'amount', message }] });
}

function refundLine(r: RefundDetails, p: MeetingPaymentDetails, zone: string): SafeHtml {
  const how = r.status === 'succeeded' ? `refunded ${instantIn(r.completedAt ?? r.createdAt, zone)}` : r.status === 'pending' ? `on its way since ${instantIn(r.createdAt, zone)}` : `failed${r.failure ? `: ${r.failure}` : ''}`;
  return html`<li>${formatMoneyWithCode(r.amount, p.currency)} <span class="muted">${REASONS[r.reason] ?? r.reason}</span>: ${how}</li>`;
}

/** The payment card; the refund form only for a host while something is left to refund. */
export function paymentCard(ctx: AppContext, deps: AppRouteDeps, meetingId: string, p: MeetingPaymentDetails, view: { zone: string; host: boolean; errors?: FormErrors; typed?: string }): SafeHtml {
  const money = (minor: number) => formatMoneyWithCode(minor, p.currency);
  const left = p.refundableAmount;
  const provider = providerLabel(p.provider as PaymentProviderName);
  return html`<section class="card" aria-labelledby="payment-h"><h2 id="payment-h">Payment</h2><dl class="facts">
<dt>Amount</dt><dd>${money(p.amount)} by ${provider} <span class="muted">(${p.status.replace('_', ' ')})</span></dd>
${p.refundedAmount ? html`<dt>Refunded</dt><dd>${money(p.refundedAmount)}</dd>` : ''}
</dl>
${p.refunds.length ? html`<h3>Refunds</h3><ul class="plain">${p.refunds.map((r) => refundLine(r, p, view.zone))}</ul>` : ''}
${
  view.host && left > 0
    ? html`<form method="post" action="/app/meetings/${meetingId}/refund">${csrfField(ctx, deps)}${errorSummary(view.errors, 'Nothing was refunded')}
<div class="field"><label for="amount">Amount to refund in ${p.currency} (empty: all that is left, ${money(left)})</label>
<input id="amount" name="amount" inputmode="decimal" autocomplete="off" value="${view.typed ?? ''}"${invalidAttrs(view.errors, 'amount', 'amount')}>${fieldError(view.errors, 'amount', 'amount')}</div>
<p class="muted">The payer gets it once ${provider} has taken it; if ${provider} refuses it you are told, and can refund again.</p>
<button type="submit" class="danger">Refund</button></form>`
    : ''
}
</section>`;
}
