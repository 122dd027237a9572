import type { Knex } from 'knex';

// Conflict repair (core/repair): when a booking becomes conflicted, alternatives are proposed to
// the invitee; one open proposal per booking, accepted at most once (the row is locked and its
// status moves open → accepted in the transaction that moves the booking).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('repair_proposals', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('booking_id').notNullable().references('id').inTable('bookings').onDelete('CASCADE').index();
    t.text('reason').notNullable();
    t.jsonb('alternatives').notNullable();
    t.text('status').notNullable().defaultTo('open');
    t.integer('chosen').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('resolved_at', { useTz: true }).nullable();
    t.check("status IN ('open', 'accepted', 'superseded')", [], 'repair_proposals_status_check');
  });
  await knex.raw("CREATE UNIQUE INDEX repair_proposals_one_open ON repair_proposals (booking_id) WHERE status = 'open'");
  // Round robin: the host may let Yava move a conflicted booking to another free host by itself.
  await knex.schema.alterTable('event_types', (t) => {
    t.text('conflict_repair').notNullable().defaultTo('propose');
    t.check("conflict_repair IN ('propose', 'automatic')", [], 'event_types_conflict_repair_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('event_types', (t) => {
    t.dropChecks(['event_types_conflict_repair_check']);
    t.dropColumn('conflict_repair');
  });
  await knex.schema.dropTable('repair_proposals');
}
