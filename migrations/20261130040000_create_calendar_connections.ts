import type { Knex } from 'knex';

// Connected calendars (Google, Microsoft, CalDAV), the calendars each connection lists, the
// external events synced from them (the store availability reads), and the links between our
// bookings and the events we wrote for them.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('calendar_connections', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.text('provider').notNullable();
    t.text('account').notNullable();
    t.text('status').notNullable().defaultTo('active');
    // AES-256-GCM sealed JSON: OAuth tokens, or the CalDAV URL, username and app password.
    t.text('credentials').notNullable();
    t.timestamp('token_expires_at', { useTz: true }).nullable();
    t.timestamp('last_synced_at', { useTz: true }).nullable();
    t.text('last_error').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['user_id', 'provider', 'account']);
    t.check("provider IN ('google', 'microsoft', 'caldav')", [], 'calendar_connections_provider_check');
    t.check("status IN ('active', 'needs_reconnect')", [], 'calendar_connections_status_check');
  });

  await knex.schema.createTable('connected_calendars', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('connection_id').notNullable().references('id').inTable('calendar_connections').onDelete('CASCADE').index();
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.text('external_id').notNullable();
    t.text('name').notNullable();
    t.text('timezone').nullable();
    t.boolean('is_primary').notNullable().defaultTo(false);
    t.boolean('check_conflicts').notNullable().defaultTo(false);
    t.boolean('is_destination').notNullable().defaultTo(false);
    // Google syncToken, Graph deltaLink, or the CalDAV sync-token; null means a full sync is due.
    t.text('sync_cursor').nullable();
    t.text('ctag').nullable();
    // Push channel (Google events.watch) or subscription (Graph); the secret is stored hashed.
    t.text('channel_id').nullable().unique();
    t.text('channel_resource_id').nullable();
    t.text('channel_secret_hash').nullable();
    t.timestamp('channel_expires_at', { useTz: true }).nullable();
    t.timestamp('last_synced_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['connection_id', 'external_id']);
  });
  // One destination per user: bookings are written to exactly one calendar unless an event type overrides it.
  await knex.raw('CREATE UNIQUE INDEX connected_calendars_one_destination ON connected_calendars (user_id) WHERE is_destination');
  await knex.raw('CREATE INDEX connected_calendars_channel_expiry ON connected_calendars (channel_expires_at) WHERE channel_id IS NOT NULL');

  await knex.schema.alterTable('event_types', (t) => {
    t.uuid('destination_calendar_id').nullable().references('id').inTable('connected_calendars').onDelete('SET NULL').index();
  });

  // One row per occurrence (recurrences expanded over the horizon in the event's zone).
  await knex.schema.createTable('external_events', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('calendar_id').notNullable().references('id').inTable('connected_calendars').onDelete('CASCADE').index();
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.text('external_id').notNullable();
    t.text('instance_key').notNullable();
    t.text('ical_uid').nullable();
    // Set when the event is one Yava wrote for a booking (its iCalUID is the booking's).
    t.uuid('booking_id').nullable().references('id').inTable('bookings').onDelete('SET NULL').index();
    t.text('summary').nullable();
    t.specificType('busy', 'tstzrange').notNullable();
    t.text('transparency').notNullable().defaultTo('opaque');
    t.text('status').notNullable().defaultTo('confirmed');
    t.boolean('is_recurring').notNullable().defaultTo(false);
    t.text('etag').nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['calendar_id', 'instance_key']);
    t.check("transparency IN ('opaque', 'transparent')", [], 'external_events_transparency_check');
    // A canceled occurrence of a series stays as a row that blocks nothing, so the series' expansion skips it.
    t.check("status IN ('confirmed', 'tentative', 'cancelled')", [], 'external_events_status_check');
  });
  await knex.raw("CREATE INDEX external_events_user_busy ON external_events USING gist (user_id, busy) WHERE transparency = 'opaque' AND status <> 'cancelled' AND booking_id IS NULL");
  await knex.raw('CREATE INDEX external_events_calendar_external ON external_events (calendar_id, external_id)');

  // The event Yava wrote for a booking on a host's destination calendar.
  await knex.schema.createTable('calendar_event_links', (t) => {
    t.uuid('booking_id').notNullable().references('id').inTable('bookings').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.uuid('calendar_id').notNullable().references('id').inTable('connected_calendars').onDelete('CASCADE').index();
    t.text('external_id').nullable();
    t.text('etag').nullable();
    t.integer('sequence').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['booking_id', 'user_id']);
  });

  // OAuth authorization requests: one-time `state`, bound to the user who started it, with the PKCE verifier.
  await knex.schema.createTable('calendar_oauth_states', (t) => {
    t.text('state_hash').primary();
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.text('provider').notNullable();
    t.text('code_verifier').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true }).nullable();
    t.uuid('connection_id').nullable().references('id').inTable('calendar_connections').onDelete('SET NULL').index();
    t.text('error').nullable();
  });

  // Pushes already handled (Google message numbers, Graph notifications), so a redelivery never acts twice.
  await knex.schema.createTable('calendar_push_deliveries', (t) => {
    t.text('provider').notNullable();
    t.text('delivery_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['provider', 'delivery_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['calendar_push_deliveries', 'calendar_oauth_states', 'calendar_event_links', 'external_events']) await knex.schema.dropTable(table);
  await knex.schema.alterTable('event_types', (t) => {
    t.dropColumn('destination_calendar_id');
  });
  for (const table of ['connected_calendars', 'calendar_connections']) await knex.schema.dropTable(table);
}
