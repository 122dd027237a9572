import type { Knex } from 'knex';

// Smart times (core/availability/ranking.ts) rank slots by the host's own wishes: hours they like
// to meet in and focus blocks to keep free, each a list of {start, end, days?} in their zone.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.jsonb('preferred_hours').nullable();
    t.jsonb('focus_blocks').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('preferred_hours');
    t.dropColumn('focus_blocks');
  });
}
