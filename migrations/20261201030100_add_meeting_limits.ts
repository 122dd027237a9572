import type { Knex } from 'knex';

// Per-host weekly meeting limit (across event types, counted per ISO week in the host's zone),
// and event types that ask for approval only from first-time invitees (issue #12).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.integer('weekly_meeting_limit').nullable();
    t.check('weekly_meeting_limit IS NULL OR weekly_meeting_limit > 0', [], 'users_weekly_limit_check');
  });
  await knex.schema.alterTable('event_types', (t) => {
    t.boolean('approval_for_new_invitees').notNullable().defaultTo(false);
  });
  // Slot lists cached by host data version must change when the weekly limit does.
  await knex.raw(
    'CREATE TRIGGER users_versions_weekly_limit AFTER UPDATE OF weekly_meeting_limit ON users FOR EACH ROW WHEN (OLD.weekly_meeting_limit IS DISTINCT FROM NEW.weekly_meeting_limit) EXECUTE FUNCTION yava_bump_user_version()',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS users_versions_weekly_limit ON users');
  await knex.schema.alterTable('event_types', (t) => t.dropColumn('approval_for_new_invitees'));
  await knex.schema.alterTable('users', (t) => {
    t.dropChecks(['users_weekly_limit_check']);
    t.dropColumn('weekly_meeting_limit');
  });
}
