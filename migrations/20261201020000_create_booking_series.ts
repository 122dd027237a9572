import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Recurring bookings: an event type may allow series (weekly, every N weeks, monthly) up to a
  // number of occurrences. A series keeps its RRULE, expanded in the host's zone; each occurrence
  // is an ordinary booking (its own busy range under the exclusion constraint, its own calendar
  // event) pointing at the series, with the start the rule gave it (`recurrence_start`, the
  // iCalendar RECURRENCE-ID).
  await knex.schema.alterTable('event_types', (t) => {
    t.boolean('allows_series').notNullable().defaultTo(false);
    t.integer('series_max_occurrences').notNullable().defaultTo(12);
    t.check('series_max_occurrences BETWEEN 2 AND 104', [], 'event_types_series_max_check');
  });
  await knex.schema.createTable('booking_series', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('event_type_id').nullable().references('id').inTable('event_types').onDelete('SET NULL').index();
    t.text('rrule').notNullable();
    t.text('timezone').notNullable();
    t.timestamp('first_start_at', { useTz: true }).notNullable();
    t.integer('duration_minutes').notNullable();
    t.text('ical_uid').notNullable().unique();
    t.integer('sequence').notNullable().defaultTo(0);
    t.uuid('created_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL').index();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.alterTable('bookings', (t) => {
    t.uuid('series_id').nullable().references('id').inTable('booking_series').onDelete('SET NULL').index();
    t.integer('occurrence_index').nullable();
    t.timestamp('recurrence_start', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bookings', (t) => {
    t.dropColumn('recurrence_start');
    t.dropColumn('occurrence_index');
    t.dropColumn('series_id');
  });
  await knex.schema.dropTable('booking_series');
  await knex.schema.alterTable('event_types', (t) => {
    t.dropChecks(['event_types_series_max_check']);
    t.dropColumn('series_max_occurrences');
    t.dropColumn('allows_series');
  });
}
