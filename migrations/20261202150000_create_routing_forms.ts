import type { Knex } from 'knex';

/** Routing forms (questions, ordered rules, a fallback) on a host's booking link, and their responses. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('routing_forms', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('owner_user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.text('slug').notNullable();
    t.text('title').notNullable();
    t.jsonb('questions').notNullable();
    t.jsonb('rules').notNullable().defaultTo('[]');
    // Always present: where a respondent goes when no rule matches.
    t.jsonb('fallback').notNullable();
    t.jsonb('scoring').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['owner_user_id', 'slug']);
  });

  await knex.schema.createTable('routing_responses', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('form_id').notNullable().references('id').inTable('routing_forms').onDelete('CASCADE').index();
    t.jsonb('answers').notNullable();
    t.text('email').nullable();
    t.jsonb('route').notNullable();
    t.integer('rule_index').nullable();
    t.text('reason').notNullable();
    t.jsonb('scoring').nullable();
    t.uuid('event_type_id').nullable().references('id').inTable('event_types').onDelete('SET NULL').index();
    // Set when the respondent books the event type they were routed to.
    t.uuid('booking_id').nullable().references('id').inTable('bookings').onDelete('SET NULL').index();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('routing_responses');
  await knex.schema.dropTable('routing_forms');
}
