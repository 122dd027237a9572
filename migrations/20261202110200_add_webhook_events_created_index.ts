import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The retention job deletes events by age (WEBHOOK_EVENTS_RETENTION_DAYS).
  await knex.raw('CREATE INDEX webhook_events_created_at ON webhook_events (created_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX webhook_events_created_at');
}
