import type { Knex } from 'knex';

// The order messages were queued in, for webhook deliveries that must reach a receiver in the
// order of a booking's changes (core/notify/dispatcher.ts): created_at ties within a
// millisecond and the id is random. Changes of one booking take its row lock, so their rows get
// increasing numbers in the order they commit.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE outbox ADD COLUMN seq bigserial');
  await knex.raw("CREATE INDEX outbox_pending_webhooks ON outbox (booking_id, seq) WHERE status = 'pending' AND channel = 'webhook'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX outbox_pending_webhooks');
  await knex.raw('ALTER TABLE outbox DROP COLUMN seq');
}
