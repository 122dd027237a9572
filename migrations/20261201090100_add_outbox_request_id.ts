import type { Knex } from 'knex';

// The request that queued each outbox message (X-Request-Id), so a delivery in a worker process
// can be traced back to the API request that caused it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.text('request_id').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.dropColumn('request_id');
  });
}
