import type { Knex } from 'knex';

const KINDS_BEFORE = "('confirmation', 'reminder', 'cancellation', 'follow_up', 'weekly_summary')";
const KINDS_AFTER = "('confirmation', 'reminder', 'cancellation', 'follow_up', 'weekly_summary', 'host_invitation')";

// The e-mail asking a user to host someone's event type becomes a kind of notification of its
// own (host_invitation), which a user can turn off or unsubscribe from like the others.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE notification_preferences DROP CONSTRAINT notification_preferences_kind_check');
  await knex.raw(`ALTER TABLE notification_preferences ADD CONSTRAINT notification_preferences_kind_check CHECK (kind IN ${KINDS_AFTER})`);
}

export async function down(knex: Knex): Promise<void> {
  await knex('notification_preferences').where({ kind: 'host_invitation' }).delete();
  await knex('email_unsubscribes').where({ kind: 'host_invitation' }).delete();
  await knex.raw('ALTER TABLE notification_preferences DROP CONSTRAINT notification_preferences_kind_check');
  await knex.raw(`ALTER TABLE notification_preferences ADD CONSTRAINT notification_preferences_kind_check CHECK (kind IN ${KINDS_BEFORE})`);
}
