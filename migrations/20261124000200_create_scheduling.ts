import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('teams', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('slug').notNullable().unique();
    t.text('name').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('team_members', (t) => {
    t.uuid('team_id').notNullable().references('id').inTable('teams').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.text('role').notNullable().defaultTo('member');
    t.integer('priority').notNullable().defaultTo(0);
    t.integer('weight').notNullable().defaultTo(100);
    t.primary(['team_id', 'user_id']);
    t.check("role IN ('owner', 'admin', 'member')", [], 'team_members_role_check');
    t.check('weight > 0', [], 'team_members_weight_check');
  });

  await knex.schema.createTable('schedules', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.text('name').notNullable().defaultTo('Working hours');
    t.text('timezone').notNullable();
    t.jsonb('weekly').notNullable().defaultTo('[]');
    t.jsonb('overrides').notNullable().defaultTo('[]');
    t.boolean('is_default').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE UNIQUE INDEX schedules_one_default ON schedules (user_id) WHERE is_default');

  await knex.schema.createTable('event_types', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('owner_user_id').nullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.uuid('team_id').nullable().references('id').inTable('teams').onDelete('CASCADE').index();
    t.text('slug').notNullable();
    t.text('title').notNullable();
    t.text('description').nullable();
    t.text('kind').notNullable().defaultTo('one_on_one');
    t.integer('duration_minutes').notNullable();
    t.integer('buffer_before_minutes').notNullable().defaultTo(0);
    t.integer('buffer_after_minutes').notNullable().defaultTo(0);
    t.integer('minimum_notice_minutes').notNullable().defaultTo(0);
    t.integer('slot_step_minutes').nullable();
    t.integer('max_days_ahead').nullable();
    t.integer('daily_limit').nullable();
    t.boolean('requires_approval').notNullable().defaultTo(false);
    // Whether a request waiting for approval keeps its slot from others.
    t.boolean('pending_holds_slot').notNullable().defaultTo(true);
    t.text('location').nullable();
    t.integer('seats').nullable();
    t.integer('price_minor').nullable();
    t.text('currency').nullable();
    t.boolean('is_public').notNullable().defaultTo(true);
    t.timestamp('archived_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('(owner_user_id IS NULL) <> (team_id IS NULL)', [], 'event_types_owner_check');
    t.check("kind IN ('one_on_one', 'group', 'collective', 'round_robin')", [], 'event_types_kind_check');
    t.check('duration_minutes BETWEEN 1 AND 1440', [], 'event_types_duration_check');
    t.check('buffer_before_minutes >= 0 AND buffer_after_minutes >= 0 AND minimum_notice_minutes >= 0', [], 'event_types_nonnegative_check');
    t.check('slot_step_minutes IS NULL OR slot_step_minutes > 0', [], 'event_types_step_check');
    t.check('max_days_ahead IS NULL OR max_days_ahead > 0', [], 'event_types_horizon_check');
    t.check('daily_limit IS NULL OR daily_limit > 0', [], 'event_types_daily_limit_check');
    t.check('seats IS NULL OR seats > 0', [], 'event_types_seats_check');
    t.check('(price_minor IS NULL) = (currency IS NULL)', [], 'event_types_price_check');
  });
  await knex.raw('CREATE UNIQUE INDEX event_types_user_slug_unique ON event_types (owner_user_id, slug) WHERE archived_at IS NULL AND owner_user_id IS NOT NULL');
  await knex.raw('CREATE UNIQUE INDEX event_types_team_slug_unique ON event_types (team_id, slug) WHERE archived_at IS NULL AND team_id IS NOT NULL');

  await knex.schema.createTable('event_type_hosts', (t) => {
    t.uuid('event_type_id').notNullable().references('id').inTable('event_types').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.primary(['event_type_id', 'user_id']);
  });

  await knex.schema.createTable('bookings', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('event_type_id').nullable().references('id').inTable('event_types').onDelete('SET NULL').index();
    t.text('title').notNullable();
    t.text('notes').nullable();
    t.timestamp('start_at', { useTz: true }).notNullable();
    t.timestamp('end_at', { useTz: true }).notNullable();
    t.text('status').notNullable();
    t.text('ical_uid').notNullable().unique();
    t.integer('sequence').notNullable().defaultTo(0);
    t.text('location').nullable();
    t.text('source').notNullable().defaultTo('api');
    t.uuid('created_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL').index();
    t.text('assignment_reason').nullable();
    t.text('canceled_by').nullable();
    t.text('cancel_reason').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("status IN ('pending', 'scheduled', 'canceled', 'rejected', 'completed', 'no_show')", [], 'bookings_status_check');
    t.check('end_at > start_at', [], 'bookings_time_check');
    t.index(['start_at']);
  });

  // The busy range (meeting widened by its buffers) per host. The exclusion constraint
  // is the final word on double booking, across any number of API processes.
  await knex.schema.createTable('booking_hosts', (t) => {
    t.uuid('booking_id').notNullable().references('id').inTable('bookings').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.specificType('busy', 'tstzrange').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.primary(['booking_id', 'user_id']);
  });
  await knex.raw('ALTER TABLE booking_hosts ADD CONSTRAINT booking_hosts_no_overlap EXCLUDE USING gist (user_id WITH =, busy WITH &&) WHERE (active)');

  await knex.schema.createTable('booking_attendees', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('booking_id').notNullable().references('id').inTable('bookings').onDelete('CASCADE').index();
    t.uuid('user_id').nullable().references('id').inTable('users').onDelete('SET NULL').index();
    t.text('name').notNullable();
    t.text('email').notNullable();
    t.text('timezone').notNullable().defaultTo('UTC');
    t.text('manage_token_hash').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('booking_status_history', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('booking_id').notNullable().references('id').inTable('bookings').onDelete('CASCADE').index();
    t.text('from_status').nullable();
    t.text('to_status').notNullable();
    t.text('actor').notNullable();
    t.text('reason').nullable();
    t.jsonb('details').nullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('idempotency_keys', (t) => {
    t.text('scope').notNullable();
    t.text('key').notNullable();
    t.text('request_hash').notNullable();
    t.integer('response_status').notNullable();
    t.jsonb('response_body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['scope', 'key']);
  });

  await knex.schema.createTable('external_busy', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('source').notNullable();
    t.text('external_id').notNullable();
    t.specificType('busy', 'tstzrange').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['user_id', 'source', 'external_id']);
  });
  await knex.raw('CREATE INDEX external_busy_user_busy ON external_busy USING gist (user_id, busy)');
  await knex.raw('CREATE INDEX booking_hosts_user_busy ON booking_hosts USING gist (user_id, busy) WHERE active');
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['external_busy', 'idempotency_keys', 'booking_status_history', 'booking_attendees', 'booking_hosts', 'bookings', 'event_type_hosts', 'event_types', 'schedules', 'team_members', 'teams']) {
    await knex.schema.dropTable(table);
  }
}
