import type { Knex } from 'knex';

// One row per periodic job and period: the worker whose INSERT wins runs that period, so a
// cron-style job fires once per period however many workers share the database.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('job_runs', (t) => {
    t.text('name').notNullable();
    t.timestamp('period_start', { useTz: true }).notNullable();
    t.text('claimed_by').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true }).nullable();
    t.text('error').nullable();
    t.primary(['name', 'period_start']);
    t.index(['period_start']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('job_runs');
}
