import type { Knex } from 'knex';

// The 'chat' channel sends one outbox row to each linked Slack and Discord account. Each account
// that took the message is recorded, so a retry after one platform failed sends only to the
// accounts still owed it (never a second copy to the one that succeeded).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('chat_message_deliveries', (t) => {
    t.uuid('outbox_id').notNullable().references('id').inTable('outbox').onDelete('CASCADE');
    t.text('platform').notNullable();
    t.text('external_user_id').notNullable();
    t.text('provider_id').notNullable();
    t.timestamp('delivered_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // Also the index of the foreign key (outbox_id leads).
    t.primary(['outbox_id', 'platform', 'external_user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('chat_message_deliveries');
}
