import type { Knex } from 'knex';

// A meeting's version, for optimistic concurrency: the dashboard's offline edits send it back in
// `If-Match` and get 412 when the meeting changed meanwhile. A trigger bumps it on every UPDATE,
// so no code path that changes a booking can forget to. `host_notes` are the hosts' own notes
// (the invitee's stay in `notes`).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bookings', (t) => {
    t.integer('version').notNullable().defaultTo(1);
    t.text('host_notes').nullable();
  });
  await knex.raw('CREATE FUNCTION yava_bump_booking_version() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.version := OLD.version + 1; RETURN NEW; END $$');
  await knex.raw('CREATE TRIGGER bookings_bump_version BEFORE UPDATE ON bookings FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION yava_bump_booking_version()');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS bookings_bump_version ON bookings');
  await knex.raw('DROP FUNCTION IF EXISTS yava_bump_booking_version()');
  await knex.schema.alterTable('bookings', (t) => {
    t.dropColumn('host_notes');
    t.dropColumn('version');
  });
}
