import type { Knex } from 'knex';

// Authorization codes of Yava's own OAuth 2.0 server (account linking for voice assistants).
// Only a hash of each code is kept; a code is single-use, short-lived and bound to the client
// and redirect URI it was issued for. `family_id` names the login its exchange started, so a
// replayed code can end that login (RFC 6749 §4.1.2).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('oauth_codes', (t) => {
    t.text('code_hash').primary();
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('client_id').notNullable();
    t.text('redirect_uri').notNullable();
    t.text('scope').nullable();
    t.text('code_challenge').nullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true }).nullable();
    t.uuid('family_id').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('oauth_codes');
}
