import type { Knex } from 'knex';

// A refund the provider refused for good (already refunded at the provider, the charge disputed,
// …) or that never got through is `failed`, with the provider's reason: the money it promised is
// refundable again, and the host is told. A refund the provider took as pending (a bank refund)
// is found by the provider's id when its result comes by webhook.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('payment_refunds', (t) => {
    t.text('failure');
    t.index(['provider_refund_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('payment_refunds', (t) => {
    t.dropIndex(['provider_refund_id']);
    t.dropColumn('failure');
  });
}
