import type { Knex } from 'knex';

const CHANNELS = "('email', 'sms', 'push', 'chat')";
const KINDS = "('confirmation', 'reminder', 'cancellation', 'follow_up', 'weekly_summary')";

// Reminders and follow-ups per event type, preferences per user × channel × kind, phone
// numbers (SMS), push subscriptions (per device), SMS messages as the provider knows them,
// and one weekly summary per user and week.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('event_type_notifications', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('event_type_id').notNullable().references('id').inTable('event_types').onDelete('CASCADE').index();
    t.text('kind').notNullable();
    t.text('channel').notNullable();
    // Reminders: minutes before the start; follow-ups: minutes after the end.
    t.integer('offset_minutes').notNullable();
    t.text('template').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("kind IN ('reminder', 'follow_up')", [], 'event_type_notifications_kind_check');
    t.check(`channel IN ${CHANNELS}`, [], 'event_type_notifications_channel_check');
    t.check('offset_minutes >= 0 AND offset_minutes <= 525600', [], 'event_type_notifications_offset_check');
  });

  await knex.schema.createTable('notification_preferences', (t) => {
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('channel').notNullable();
    t.text('kind').notNullable();
    t.boolean('enabled').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['user_id', 'channel', 'kind']);
    t.check(`channel IN ${CHANNELS}`, [], 'notification_preferences_channel_check');
    t.check(`kind IN ${KINDS}`, [], 'notification_preferences_kind_check');
  });

  await knex.schema.createTable('notification_settings', (t) => {
    t.uuid('user_id').primary().references('id').inTable('users').onDelete('CASCADE');
    // Quiet hours as local wall-clock minutes of the day in the user's zone; start > end wraps midnight.
    t.integer('quiet_start_minute').nullable();
    t.integer('quiet_end_minute').nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // Guests (no account) who unsubscribed through the link in an e-mail.
  await knex.schema.createTable('email_unsubscribes', (t) => {
    t.text('email').notNullable();
    t.text('kind').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['email', 'kind']);
  });

  await knex.schema.createTable('user_phones', (t) => {
    t.uuid('user_id').primary().references('id').inTable('users').onDelete('CASCADE');
    t.text('phone').notNullable().index();
    t.text('code_hash').nullable();
    t.timestamp('code_expires_at', { useTz: true }).nullable();
    t.integer('code_attempts').notNullable().defaultTo(0);
    t.timestamp('verified_at', { useTz: true }).nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // Numbers that answered STOP (kept by number: Twilio blocks them whoever sends).
  await knex.schema.createTable('sms_opt_outs', (t) => {
    t.text('phone').primary();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('sms_messages', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('idempotency_key').notNullable().unique();
    t.text('to').notNullable();
    t.text('body').notNullable();
    t.text('provider_sid').nullable().unique();
    t.text('status').notNullable();
    t.text('error_code').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('push_subscriptions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.text('endpoint').notNullable().unique();
    t.text('p256dh').notNullable();
    t.text('auth').notNullable();
    t.text('device').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // One row per user and week (the Monday, a local date): the weekly summary goes out once.
  await knex.schema.createTable('weekly_summaries', (t) => {
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.date('week_start').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.primary(['user_id', 'week_start']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['weekly_summaries', 'push_subscriptions', 'sms_messages', 'sms_opt_outs', 'user_phones', 'email_unsubscribes', 'notification_settings', 'notification_preferences', 'event_type_notifications']) {
    await knex.schema.dropTable(table);
  }
}
