import { Args, Flags } from '@oclif/core';
import { formatMoneyWithCode, minorDigits, TYPED_AMOUNT, toDecimalString, typedAmountInMinor } from '../../core/payments/money.js';
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
    const given = this.flags.amount;
    // The syntax first, before any request: a typo needs no server.
    if (given !== undefined && !TYPED_AMOUNT.test(given.trim())) throw usageError(`--amount "${given}": give a number with "." for decimals, e.g. 12.50 (no "," and no currency)`);
    const payment = await this.spin('Loading the payment', this.client.get<Payment>(`/api/meetings/${encodeURIComponent(this.args.id)}/payment`));
    const amount = given === undefined ? undefined : typedAmountInMinor(given, payment.currency);
    if (amount === null) throw usageError(`--amount ${given}: ${payment.currency} has ${minorDigits(payment.currency) || 'no'} decimals, e.g. ${toDecimalString(1250, payment.currency)}`);
    // What may be refunded (what is left, the provider's step) is the API's to say: its refusal names --amount.
    const refunded = await this.spin('Refunding', this.client.post<Payment>(`/api/meetings/${encodeURIComponent(payment.meetingId)}/refund`, amount === undefined ? {} : { amount }));
    const provider = providerLabel(payment.provider);
    const money = (minor: number) => formatMoneyWithCode(minor, payment.currency);
    this.log(`Refunding ${money(refunded.refundedAmount - payment.refundedAmount)} of ${money(payment.amount)} paid for this meeting (${provider}).`);
    this.log(`The payer gets it once ${provider} has taken it; if ${provider} refuses it you are told and can refund again.`);
    return refunded;
  }
}
