import type { Knex } from 'knex';

// How far ahead a synced calendar's events are known, when its provider reads only a bounded range
// (Outlook's calendar view). Availability treats the time after it as busy for the calendar's
// owner: an event out there is unseen, and offering that time could double-book it. NULL: no limit.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('connected_calendars', (t) => {
    t.timestamp('seen_until', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('connected_calendars', (t) => {
    t.dropColumn('seen_until');
  });
}
