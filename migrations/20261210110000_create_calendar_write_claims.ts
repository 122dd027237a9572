import type { Knex } from 'knex';

// Who is writing a booking's event to a host's calendar right now. A write takes the row for its
// (booking, host) before it looks for the event and gives it back once the event's id is stored,
// so a second write of the same booking waits and then updates that event instead of creating
// another. A row rather than a lock: the provider calls run outside any transaction. A writer
// that dies leaves its row until `claimed_until`, when the next writer takes it over.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('calendar_write_claims', (t) => {
    t.uuid('booking_id').notNullable().references('id').inTable('bookings').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.text('claimed_by').notNullable();
    t.timestamp('claimed_until', { useTz: true }).notNullable();
    t.primary(['booking_id', 'user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('calendar_write_claims');
}
