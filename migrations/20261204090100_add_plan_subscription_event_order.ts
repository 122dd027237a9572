import type { Knex } from 'knex';

/**
 * Stripe does not deliver webhooks in order: a late `customer.subscription.updated` could undo a
 * newer change, even bring back a deleted subscription. Each plan row keeps the `created` time of
 * the last subscription event applied to it, so an older one is recognised and ignored.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('plan_subscriptions', (t) => {
    t.timestamp('last_event_at', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('plan_subscriptions', (t) => {
    t.dropColumn('last_event_at');
  });
}
