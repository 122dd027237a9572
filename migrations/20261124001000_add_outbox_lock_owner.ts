import type { Knex } from 'knex';

// The dispatcher that holds an outbox row's lease, so a dispatcher whose lease ran out
// (and was taken over) never records or sends that row again.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.text('locked_by').nullable();
  });
  await knex.raw("CREATE INDEX outbox_status_created ON outbox (status, created_at)");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS outbox_status_created');
  await knex.schema.alterTable('outbox', (t) => {
    t.dropColumn('locked_by');
  });
}
