import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Handled pushes are forgotten by age (core/calendars/pushes.ts, purgePushDeliveries): one row per push.
  await knex.raw('CREATE INDEX calendar_push_deliveries_created_at ON calendar_push_deliveries (created_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX calendar_push_deliveries_created_at');
}
