import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The booking page's funnel: one row per visitor, step, event type and day. A visitor is a
  // hash of the address and browser salted with a random value of the day; the salt of a past
  // day is deleted, so no visitor can be followed from one day to the next.
  await knex.schema.createTable('funnel_events', (t) => {
    t.uuid('event_type_id').notNullable().references('id').inTable('event_types').onDelete('CASCADE');
    t.date('day').notNullable();
    t.text('step').notNullable();
    t.text('visitor_hash').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['event_type_id', 'day', 'step', 'visitor_hash']);
    t.check("step IN ('page_view', 'slots_viewed', 'slot_picked', 'booked')", [], 'funnel_events_step_check');
  });
  await knex.raw('CREATE INDEX funnel_events_at ON funnel_events (at, event_type_id)');
  await knex.schema.createTable('funnel_salts', (t) => {
    t.date('day').primary();
    t.text('salt').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('funnel_salts');
  await knex.schema.dropTable('funnel_events');
}
