import type { Knex } from 'knex';

// The last time each user turned down hosting a personal event type themselves (declined its
// invitation, or left it after accepting): for a week after it the owner cannot invite them
// again (core/booking/hostInvitationCooldown.ts), so invitations cannot be repeated into a
// stream of e-mails and notices. A removal by the owner is not recorded. Rows older than the
// cool-down are purged by the server's housekeeping.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('event_type_host_refusals', (t) => {
    t.uuid('event_type_id').notNullable().references('id').inTable('event_types').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.text('reason').notNullable();
    t.timestamp('refused_at', { useTz: true }).notNullable().index();
    // Also the index of the event_type_id foreign key.
    t.primary(['event_type_id', 'user_id']);
    t.check("reason IN ('declined', 'left')", [], 'event_type_host_refusals_reason_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('event_type_host_refusals');
}
