import type { Knex } from 'knex';

/** A meeting's transcript and its summary; attendees opt in to receive it by e-mail. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('meeting_summaries', (t) => {
    t.uuid('booking_id').primary().references('id').inTable('bookings').onDelete('CASCADE');
    t.text('format').notNullable();
    t.text('transcript').notNullable();
    t.text('summary').notNullable();
    t.jsonb('highlights').notNullable().defaultTo('[]');
    t.jsonb('decisions').notNullable().defaultTo('[]');
    t.jsonb('action_items').notNullable().defaultTo('[]');
    t.text('method').notNullable();
    t.text('llm_fallback_reason').nullable();
    // Bumped on each new transcript, so its e-mails are new messages, not repeats of the old ones.
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("format IN ('text', 'vtt', 'srt')", [], 'meeting_summaries_format_check');
    t.check("method IN ('llm', 'extractive')", [], 'meeting_summaries_method_check');
  });
  await knex.schema.alterTable('booking_attendees', (t) => {
    t.boolean('wants_summary').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('booking_attendees', (t) => {
    t.dropColumn('wants_summary');
  });
  await knex.schema.dropTable('meeting_summaries');
}
