import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Access tokens carry the generation they were issued in; "log out everywhere" and a
  // password reset bump it, so every access token issued before stops working at once.
  await knex.schema.alterTable('users', (t) => {
    t.integer('session_generation').notNullable().defaultTo(0);
  });
  // When the password behind a session was last typed: carried through refresh rotation,
  // so a refreshed access token is not "fresh" for sensitive actions (creating a personal access token).
  await knex.schema.alterTable('refresh_tokens', (t) => {
    t.timestamp('authenticated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('refresh_tokens', (t) => {
    t.dropColumn('authenticated_at');
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('session_generation');
  });
}
