import type { Knex } from 'knex';

// A waitlist entry ends as `canceled` when the host cancels the session it waits for: the person
// neither left nor let an offer lapse, and the offer page says so (core/waitlist/followSession.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE waitlist_entries DROP CONSTRAINT waitlist_entries_status_check');
  await knex.raw("ALTER TABLE waitlist_entries ADD CONSTRAINT waitlist_entries_status_check CHECK (status IN ('waiting', 'offered', 'booked', 'expired', 'left', 'canceled'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex('waitlist_entries').where({ status: 'canceled' }).update({ status: 'left' });
  await knex.raw('ALTER TABLE waitlist_entries DROP CONSTRAINT waitlist_entries_status_check');
  await knex.raw("ALTER TABLE waitlist_entries ADD CONSTRAINT waitlist_entries_status_check CHECK (status IN ('waiting', 'offered', 'booked', 'expired', 'left'))");
}
