import type { Knex } from 'knex';

// A calendar connect is finished only in the browser that began it. The API hands out a one-time
// start link (start_token_hash) instead of the provider's address; opening it stores the hash of a
// random key kept in that browser's cookie (browser_hash) and sends the browser on to the provider
// address sealed here. The callback must bring the same cookie. Rows from before have no start
// token: their states expire within ten minutes.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('calendar_oauth_states', (t) => {
    t.text('start_token_hash').nullable().unique();
    t.text('authorize_url').nullable();
    t.text('browser_hash').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('calendar_oauth_states', (t) => {
    t.dropUnique(['start_token_hash']);
    t.dropColumns('start_token_hash', 'authorize_url', 'browser_hash');
  });
}
