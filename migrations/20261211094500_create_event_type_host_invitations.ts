import type { Knex } from 'knex';

// Naming another user as a host of a personal event type now asks them first: the invitation
// waits here until they accept (it becomes their event_type_hosts row) or decline (it is
// deleted). Only open invitations are kept. event_type_hosts rows are left exactly as they
// are, so everyone who hosts an event type today stays a host, as if they had accepted: only
// names added from now on wait for an answer.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('event_type_host_invitations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('event_type_id').notNullable().references('id').inTable('event_types').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.timestamp('created_at', { useTz: true }).notNullable();
    // Also the index of the event_type_id foreign key.
    t.unique(['event_type_id', 'user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('event_type_host_invitations');
}
