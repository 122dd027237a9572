import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // What a chat user was offered (slot buttons) or asked (a clarifying question), so a click
  // or an answer can continue the conversation in any bot process.
  await knex.schema.createTable('chat_proposals', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('platform').notNullable();
    t.text('workspace_id').notNullable();
    t.text('external_user_id').notNullable();
    t.uuid('organizer_user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.text('kind').notNullable();
    t.jsonb('request').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("kind IN ('slots', 'question')", [], 'chat_proposals_kind_check');
    t.index(['platform', 'workspace_id', 'external_user_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('chat_proposals');
}
