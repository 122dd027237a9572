import type { Knex } from 'knex';

// When an invitee moved a paid meeting after its full-refund window had closed (core/payments/
// refundPayment.ts): the move does not open the window again, so a later cancel by the invitee
// refunds nothing under a "full refund until N hours before" policy.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('payments', (t) => {
    t.timestamp('refund_window_closed_at', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('payments', (t) => {
    t.dropColumn('refund_window_closed_at');
  });
}
