import type { Knex } from 'knex';

// Which sync of a calendar is running, and until when its claim holds (core/calendars/syncClaims.ts):
// a queued sync, the 5-minute job, a manual sync and a settings change each take it first, so two
// syncs never read the provider from the same cursor (the batch committed second was dropped, and
// the change only it saw with it). A row's columns rather than a lock: provider calls run outside
// any transaction. A holder renews it while it runs; one that dies leaves it to run out.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('connected_calendars', (t) => {
    t.text('sync_claimed_by').nullable();
    t.timestamp('sync_claimed_until', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('connected_calendars', (t) => {
    t.dropColumn('sync_claimed_until');
    t.dropColumn('sync_claimed_by');
  });
}
