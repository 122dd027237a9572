import type { Knex } from 'knex';

/** Per event type conferencing (Google Meet, Zoom, a fixed link), each meeting's conference, and its recordings. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('event_type_conferencing', (t) => {
    t.uuid('event_type_id').primary().references('id').inTable('event_types').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.text('url').nullable();
    t.boolean('auto_recording').notNullable().defaultTo(false);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("kind IN ('google_meet', 'zoom', 'link')", [], 'event_type_conferencing_kind_check');
    t.check("(kind = 'link') = (url IS NOT NULL)", [], 'event_type_conferencing_url_check');
  });

  await knex.schema.createTable('meeting_conferences', (t) => {
    t.uuid('booking_id').primary().references('id').inTable('bookings').onDelete('CASCADE');
    t.text('provider').notNullable();
    t.text('external_id').notNullable();
    t.text('join_url').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['provider', 'external_id']);
  });

  await knex.schema.createTable('meeting_recordings', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('booking_id').notNullable().references('id').inTable('bookings').onDelete('CASCADE').index();
    t.text('provider').notNullable();
    t.text('file_id').notNullable();
    t.text('file_type').nullable();
    t.text('file_extension').nullable();
    t.bigInteger('file_size').nullable();
    t.text('play_url').nullable();
    t.text('download_url').nullable();
    t.text('share_url').nullable();
    // Where the copy in S3-compatible storage lives, once made.
    t.text('storage_key').nullable();
    t.timestamp('stored_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['provider', 'file_id']);
  });

  // Every verified conferencing webhook, stored by its id before it acts: a repeat is a no-op.
  await knex.schema.createTable('conferencing_webhook_events', (t) => {
    t.text('provider').notNullable();
    t.text('event_id').notNullable();
    t.text('type').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['provider', 'event_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('conferencing_webhook_events');
  await knex.schema.dropTable('meeting_recordings');
  await knex.schema.dropTable('meeting_conferences');
  await knex.schema.dropTable('event_type_conferencing');
}
