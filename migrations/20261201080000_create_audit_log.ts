import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Every admin action: who (the account, and its name at the time), what (an action and its
  // target), when, and from where (client address, user agent, request id).
  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('actor_user_id').nullable().references('id').inTable('users').onDelete('SET NULL').index();
    t.text('actor_label').notNullable();
    t.text('action').notNullable();
    t.text('target_type').notNullable();
    t.text('target_id').nullable();
    t.jsonb('details').notNullable().defaultTo('{}');
    t.text('ip').nullable();
    t.text('user_agent').nullable();
    t.text('request_id').nullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['at', 'id']);
    t.index(['action', 'at']);
    t.index(['target_type', 'target_id']);
  });
  // A suspended account cannot log in and its tokens stop working until an admin restores it.
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('suspended_at', { useTz: true }).nullable();
    t.text('suspended_reason').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('suspended_reason');
    t.dropColumn('suspended_at');
  });
  await knex.schema.dropTable('audit_log');
}
