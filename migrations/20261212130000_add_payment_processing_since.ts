import type { Knex } from 'knex';

// When the payer finished the checkout with a payment the bank settles later (a SEPA or ACH debit
// at Stripe, a pending PayPal capture): the hold then lasts until the result arrives or the
// meeting starts, instead of PAYMENT_HOLD_MINUTES (core/payments/holds.ts holdWhileProcessing).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('payments', (t) => {
    t.timestamp('processing_since', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('payments', (t) => {
    t.dropColumn('processing_since');
  });
}
