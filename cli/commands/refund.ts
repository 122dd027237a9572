import { Args, Flags } from '@oclif/core';
import { formatMoneyWithCode, fromDecimalString, minorDigits } from '../../core/payments/money.js';
import { amountStepOf } from '../../core/payments/providers/amountSteps.js';
import { providerLabel, type PaymentProviderName } from '../../core/payments/settings.js';
import { ApiCommand } from '../baseCommand.js';
import { usageError } from '../errors.js';
import type { MeetingPayment } from '../views/meetings.js';

/** A payment as GET /api/meetings/:id/payment and POST …/refund answer it (amounts in minor units). */
interface Payment extends MeetingPayment {
  meetingId: string;
  provider: PaymentProviderName;
  refundedAmount: number;
}

/** What `--amount` takes: digits with an optional "." and decimals, as the API's currencies are written in scripts. */
const DECIMAL = /^\d+(\.\d+)?$/;

export default class Refund extends ApiCommand<typeof Refund> {
  static override summary = "Refund a paid meeting's payment, in full or in part (hosts).";
  static override description =
    'Without --amount, refunds everything paid and not yet refunded. The refund counts at once; the payer gets the money once the provider (Stripe or PayPal) has taken it, and if the provider refuses it you get a notification and an e-mail, and can refund again. `yava show <id>` lists the refunds and how each went.';
  static override examples = ['<%= config.bin %> refund 9b2c5f0e', '<%= config.bin %> refund 9b2c5f0e --amount 12.50', '<%= config.bin %> refund 9b2c5f0e --amount 1200 --json   # a JPY payment'];
  static override args = { id: Args.string({ description: 'Meeting id, or its first 8+ characters as `yava meetings` shows.', required: true }) };
  static override flags = {
    amount: Flags.string({
      description: 'How much to refund, in the currency of the payment as people write it, with "." for decimals: 12.50 for EUR 12.50, 1200 for JPY 1,200 ("12,50" and "1,200" are refused). At most what is left to refund. Default: all that is left.',
    }),
  };
  static override fieldNames = { amount: '--amount' };

  async run(): Promise<Payment> {
    const given = this.flags.amount?.trim();
    // The syntax first, before any request: a typo needs no server.
    if (given !== undefined && !DECIMAL.test(given)) throw usageError(`--amount "${given}": give a number with "." for decimals, e.g. 12.50 (no "," and no currency)`);
    const payment = await this.spin('Loading the payment', this.client.get<Payment>(`/api/meetings/${encodeURIComponent(this.args.id)}/payment`));
    const left = refundableMinor(payment);
    const amount = given === undefined ? undefined : amountToRefund(given, payment, left);
    // Nothing left: the API says why (already refunded, not paid yet) with its exit code.
    const refunded = await this.spin('Refunding', this.client.post<Payment>(`/api/meetings/${encodeURIComponent(payment.meetingId)}/refund`, amount === undefined ? {} : { amount }));
    const provider = providerLabel(payment.provider);
    const money = (minor: number) => formatMoneyWithCode(minor, payment.currency);
    this.log(`Refunding ${money(amount ?? left)} of ${money(payment.amount)} paid for this meeting (${provider}).`);
    this.log(`The payer gets it once ${provider} has taken it; if ${provider} refuses it you are told and can refund again.`);
    return refunded;
  }
}

/** What is paid and not yet refunded (and not promised to a pending refund), as core/payments counts it. */
function refundableMinor(p: Payment): number {
  return p.status === 'paid' || p.status === 'partially_refunded' ? p.amount - p.refundedAmount : 0;
}

/**
 * `--amount` in minor units of the payment's currency, refused (exit 2) with what is refundable
 * when it has more decimals than the currency, is 0, is more than is left, or is off the
 * provider's step. With nothing left, the API's own refusal is clearer: the amount goes as given.
 */
function amountToRefund(given: string, p: Payment, left: number): number {
  const money = (minor: number) => formatMoneyWithCode(minor, p.currency);
  const refundable = `${money(left)} of ${money(p.amount)} paid is left to refund`;
  const digits = minorDigits(p.currency);
  if ((given.split('.')[1]?.length ?? 0) > digits) throw usageError(`--amount ${given}: ${p.currency} has ${digits === 0 ? 'no decimals' : `${digits} decimals`}; ${refundable}`);
  const minor = fromDecimalString(given, p.currency);
  if (left === 0) return minor;
  if (minor === 0) throw usageError(`--amount ${given}: give more than 0; ${refundable}`);
  if (minor > left) throw usageError(`--amount ${given}: more than can be refunded; ${refundable}`);
  const step = amountStepOf(p.provider, p.currency);
  if (minor % step !== 0) throw usageError(`--amount ${given}: ${providerLabel(p.provider)} refunds ${p.currency} only in steps of ${money(step)}`);
  return minor;
}
