import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Analytics read a host's meetings in a range: from the host's booking_hosts rows to the
  // bookings, whose start, status and lengths the covering index answers without the table.
  await knex.raw('CREATE INDEX booking_hosts_user_booking ON booking_hosts (user_id, booking_id)');
  await knex.raw('CREATE INDEX bookings_start_covering ON bookings (start_at) INCLUDE (status, end_at, created_at, event_type_id)');
  // Per-invitee figures (and looking a person up) by e-mail, case-insensitively.
  await knex.raw('CREATE INDEX booking_attendees_email_lower ON booking_attendees (lower(email))');
  await knex.raw('CREATE INDEX booking_status_history_to_status ON booking_status_history (to_status, booking_id)');
}

export async function down(knex: Knex): Promise<void> {
  for (const index of ['booking_status_history_to_status', 'booking_attendees_email_lower', 'bookings_start_covering', 'booking_hosts_user_booking']) await knex.raw(`DROP INDEX ${index}`);
}
