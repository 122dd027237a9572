import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // A group session is one booking (one busy range per host) with many seats. `seats_taken`
  // counts seated attendees plus seats held for a waitlist offer; the check constraint is the
  // final word on capacity, taken under the session row's lock by `UPDATE … SET seats_taken + 1`.
  await knex.schema.alterTable('bookings', (t) => {
    t.integer('seats_total').nullable();
    t.integer('seats_taken').notNullable().defaultTo(0);
    t.check('seats_total IS NULL OR (seats_taken >= 0 AND seats_taken <= seats_total)', [], 'bookings_seats_capacity_check');
  });
  // At most one open session per event type and start: two first bookers of a slot meet here.
  await knex.raw("CREATE UNIQUE INDEX bookings_one_open_session ON bookings (event_type_id, start_at) WHERE seats_total IS NOT NULL AND status IN ('pending', 'scheduled')");

  // Seats left are part of a slot list: a seat taken or freed bumps the hosts' data versions
  // (see 20261130050100_create_host_data_versions), so a cached list is never stale.
  await knex.raw(`CREATE FUNCTION yava_bump_seat_versions() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO host_data_versions (user_id, version)
    SELECT h.user_id, 1 FROM booking_hosts h WHERE h.booking_id = NEW.id ORDER BY h.user_id
    ON CONFLICT (user_id) DO UPDATE SET version = host_data_versions.version + 1;
    RETURN NULL; END $$`);
  await knex.raw('CREATE TRIGGER bookings_seat_versions AFTER UPDATE OF seats_taken ON bookings FOR EACH ROW WHEN (OLD.seats_taken IS DISTINCT FROM NEW.seats_taken) EXECUTE FUNCTION yava_bump_seat_versions()');

  // Each attendee's own join link (hashed; revocable) and their own cancellation of a seat.
  await knex.schema.alterTable('booking_attendees', (t) => {
    t.text('join_token_hash').nullable().unique();
    t.timestamp('join_revoked_at', { useTz: true }).nullable();
    t.timestamp('canceled_at', { useTz: true }).nullable();
  });

  // People waiting for a full slot or session, first come first served. An offer holds the
  // freed place for one entry at a time; its confirmation flips status under the row lock.
  await knex.schema.createTable('waitlist_entries', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // The order people joined in (first come, first served), exact even within one clock tick.
    t.specificType('seq', 'bigserial').notNullable();
    t.uuid('event_type_id').notNullable().references('id').inTable('event_types').onDelete('CASCADE');
    t.timestamp('start_at', { useTz: true }).notNullable();
    t.text('name').notNullable();
    t.text('email').notNullable();
    t.text('timezone').notNullable();
    t.text('status').notNullable().defaultTo('waiting');
    t.text('offer_token_hash').nullable().unique();
    t.timestamp('offered_at', { useTz: true }).nullable();
    t.timestamp('offer_expires_at', { useTz: true }).nullable();
    // The held booking (one-on-one) or the session (group) the offer is for, then the booking taken.
    t.uuid('booking_id').nullable().references('id').inTable('bookings').onDelete('SET NULL').index();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("status IN ('waiting', 'offered', 'booked', 'expired', 'left')", [], 'waitlist_entries_status_check');
    t.check("status <> 'offered' OR (offer_expires_at IS NOT NULL AND offer_token_hash IS NOT NULL)", [], 'waitlist_entries_offer_check');
    t.index(['event_type_id', 'start_at', 'status', 'seq']);
  });
  await knex.raw("CREATE UNIQUE INDEX waitlist_entries_one_per_person ON waitlist_entries (event_type_id, start_at, lower(email)) WHERE status IN ('waiting', 'offered')");
  await knex.raw("CREATE INDEX waitlist_entries_offers_due ON waitlist_entries (offer_expires_at) WHERE status = 'offered'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('waitlist_entries');
  await knex.schema.alterTable('booking_attendees', (t) => {
    t.dropColumn('join_token_hash');
    t.dropColumn('join_revoked_at');
    t.dropColumn('canceled_at');
  });
  await knex.raw('DROP TRIGGER bookings_seat_versions ON bookings');
  await knex.raw('DROP FUNCTION yava_bump_seat_versions()');
  await knex.raw('DROP INDEX bookings_one_open_session');
  await knex.schema.alterTable('bookings', (t) => {
    t.dropChecks(['bookings_seats_capacity_check']);
    t.dropColumn('seats_total');
    t.dropColumn('seats_taken');
  });
}
