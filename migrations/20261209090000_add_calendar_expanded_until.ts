import type { Knex } from 'knex';

// The end of the window a calendar's recurring events were last expanded over (its last full
// sync). Incremental syncs bring only changed events, so a series that never changes would stop
// being expanded: once the window has moved on a week past this, the next sync is a full one.
// NULL: no full sync recorded yet (the next sync is one).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('connected_calendars', (t) => {
    t.timestamp('expanded_until', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('connected_calendars', (t) => {
    t.dropColumn('expanded_until');
  });
}
