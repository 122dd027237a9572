import type { Knex } from 'knex';

// A version per host that changes whenever anything their availability is computed from
// changes: booking busy ranges, schedules, external busy blocks, synced calendar events and
// the calendars they come from, their zone, daily limit or username (slot lists name their
// hosts). Statement triggers bump it inside the transaction that makes the change, so a cache
// keyed by the versions never serves a result from before a committed change. Rows are bumped
// in user-id order, as booking transactions take their per-host locks, so they cannot deadlock;
// rows of a user being deleted (cascades) are skipped.
const bump = (rows: string) => `
  INSERT INTO host_data_versions (user_id, version)
  SELECT u.id, 1 FROM (${rows}) changed JOIN users u ON u.id = changed.user_id GROUP BY u.id ORDER BY u.id
  ON CONFLICT (user_id) DO UPDATE SET version = host_data_versions.version + 1`;

const FUNCTIONS: Record<string, string> = {
  yava_bump_versions_new: bump('SELECT user_id FROM new_rows'),
  yava_bump_versions_old: bump('SELECT user_id FROM old_rows'),
  yava_bump_versions_both: bump('SELECT user_id FROM old_rows UNION SELECT user_id FROM new_rows'),
};

const TABLES = ['booking_hosts', 'schedules', 'external_busy', 'external_events', 'connected_calendars'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('host_data_versions', (t) => {
    // The primary key is the index the foreign key needs.
    t.uuid('user_id').primary().references('id').inTable('users').onDelete('CASCADE');
    t.bigInteger('version').notNullable().defaultTo(0);
  });
  for (const [name, sql] of Object.entries(FUNCTIONS)) {
    await knex.raw(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${sql}; RETURN NULL; END $$`);
  }
  for (const table of TABLES) {
    await knex.raw(`CREATE TRIGGER ${table}_versions_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION yava_bump_versions_new()`);
    await knex.raw(`CREATE TRIGGER ${table}_versions_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION yava_bump_versions_both()`);
    await knex.raw(`CREATE TRIGGER ${table}_versions_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION yava_bump_versions_old()`);
  }
  await knex.raw(`CREATE FUNCTION yava_bump_user_version() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO host_data_versions (user_id, version) VALUES (NEW.id, 1) ON CONFLICT (user_id) DO UPDATE SET version = host_data_versions.version + 1;
    RETURN NULL; END $$`);
  await knex.raw(
    'CREATE TRIGGER users_versions_update AFTER UPDATE OF timezone, daily_meeting_limit, username ON users FOR EACH ROW WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone OR OLD.daily_meeting_limit IS DISTINCT FROM NEW.daily_meeting_limit OR OLD.username IS DISTINCT FROM NEW.username) EXECUTE FUNCTION yava_bump_user_version()',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS users_versions_update ON users');
  for (const table of TABLES) {
    for (const op of ['insert', 'update', 'delete']) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_versions_${op} ON ${table}`);
  }
  for (const name of [...Object.keys(FUNCTIONS), 'yava_bump_user_version']) await knex.raw(`DROP FUNCTION IF EXISTS ${name}()`);
  await knex.schema.dropTable('host_data_versions');
}
