import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Outgoing webhook subscriptions: a user's URL, the event types it wants, its signing secret (sealed).
  await knex.schema.createTable('webhook_subscriptions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.text('url').notNullable();
    t.jsonb('events').notNullable();
    t.text('secret_sealed').notNullable();
    /** 'api' (POST /api/webhooks) or 'rest_hook' (Zapier-style subscribe). */
    t.text('source').notNullable().defaultTo('api');
    t.text('status').notNullable().defaultTo('active');
    t.text('disabled_reason').nullable();
    t.timestamp('disabled_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("status IN ('active', 'disabled')", [], 'webhook_subscriptions_status_check');
    t.check("source IN ('api', 'rest_hook')", [], 'webhook_subscriptions_source_check');
  });

  // Every event that happened, once, as its receivers get it (the REST-hook sample list reads it).
  await knex.schema.createTable('webhook_events', (t) => {
    t.uuid('id').primary();
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('type').notNullable();
    t.jsonb('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id', 'type', 'created_at']);
  });

  // In-app notifications; the bigint id orders them and is the SSE event id (Last-Event-ID).
  await knex.schema.createTable('inapp_notifications', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.text('title').notNullable();
    t.text('body').notNullable().defaultTo('');
    t.uuid('booking_id').nullable().references('id').inTable('bookings').onDelete('SET NULL').index();
    t.text('dedup_key').notNullable().unique();
    t.timestamp('read_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id', 'id']);
  });

  // What the provider called the message (SMTP queue id, Twilio SID, …), recorded with the outcome.
  await knex.schema.alterTable('outbox', (t) => {
    t.text('provider_id').nullable();
  });
  await knex.schema.alterTable('outbox_attempts', (t) => {
    t.text('provider_id').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox_attempts', (t) => t.dropColumn('provider_id'));
  await knex.schema.alterTable('outbox', (t) => t.dropColumn('provider_id'));
  for (const table of ['inapp_notifications', 'webhook_events', 'webhook_subscriptions']) await knex.schema.dropTable(table);
}
