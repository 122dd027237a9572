import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Messages written in the same transaction as the change that causes them.
  await knex.schema.createTable('outbox', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('channel').notNullable();
    t.text('idempotency_key').notNullable().unique();
    t.jsonb('payload').notNullable();
    t.text('status').notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('max_attempts').notNullable().defaultTo(8);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('locked_until', { useTz: true }).nullable();
    t.text('last_error').nullable();
    t.uuid('booking_id').nullable().references('id').inTable('bookings').onDelete('SET NULL').index();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true }).nullable();
    t.check("status IN ('pending', 'sent', 'dead')", [], 'outbox_status_check');
  });
  await knex.raw("CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending'");

  await knex.schema.createTable('outbox_attempts', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('outbox_id').notNullable().references('id').inTable('outbox').onDelete('CASCADE').index();
    t.integer('attempt').notNullable();
    t.boolean('ok').notNullable();
    t.text('error').nullable();
    t.integer('duration_ms').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // Where mail goes when SMTP_URL is not set, so none is ever silently dropped.
  await knex.schema.createTable('dev_mailbox', (t) => {
    t.bigIncrements('id').primary();
    t.text('message_id').notNullable().unique();
    t.text('to').notNullable();
    t.text('subject').notNullable();
    t.text('text').notNullable();
    t.text('html').nullable();
    t.text('ics').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // Chat accounts (Slack, Discord) linked to Yava users.
  await knex.schema.createTable('chat_accounts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('platform').notNullable();
    t.text('workspace_id').notNullable();
    t.text('external_user_id').notNullable();
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.text('timezone').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['platform', 'workspace_id', 'external_user_id']);
    t.check("platform IN ('slack', 'discord')", [], 'chat_accounts_platform_check');
  });

  await knex.schema.createTable('chat_link_codes', (t) => {
    t.text('code_hash').primary();
    t.text('platform').notNullable();
    t.text('workspace_id').notNullable();
    t.text('external_user_id').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true }).nullable();
  });

  // Deliveries already handled, so a retried chat event never acts twice.
  await knex.schema.createTable('chat_deliveries', (t) => {
    t.text('platform').notNullable();
    t.text('delivery_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['platform', 'delivery_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['chat_deliveries', 'chat_link_codes', 'chat_accounts', 'dev_mailbox', 'outbox_attempts', 'outbox']) {
    await knex.schema.dropTable(table);
  }
}
