import type { Knex } from 'knex';

// A connected calendar's update bumped its owner's host data version (20261130050100) whatever
// it changed, and every sync changes it several times: the claim taken, renewed and given back
// (sync_claimed_*), the new sync token (sync_cursor, ctag), last_synced_at, expanded_until, and
// push-channel renewals. Each threw away the host's cached slots though nothing availability
// reads had moved (it reads check_conflicts, seen_until, user_id and id; the synced events bump
// the version themselves, in the sync's own transaction). Now an update bumps only when a column
// other than that sync bookkeeping changes: listed are the columns known not to feed
// availability, so a column added later bumps until it is shown not to. Inserts and deletes bump
// as before. Rows are compared as sets (old rows not among the new and new not among the old),
// so a statement that changes no such column, however many rows it touches, bumps nobody.
const SYNC_BOOKKEEPING = [
  'sync_claimed_by',
  'sync_claimed_until',
  'sync_cursor',
  'ctag',
  'last_synced_at',
  'expanded_until',
  'channel_id',
  'channel_resource_id',
  'channel_secret_hash',
  'channel_expires_at',
];

const kept = (rows: string) => `SELECT to_jsonb(r) - ARRAY[${SYNC_BOOKKEEPING.map((c) => `'${c}'`).join(', ')}]::text[] AS j FROM ${rows} r`;

// As the other version triggers: bumped in user-id order, rows of a user being deleted skipped.
const BUMP_CHANGED = `
  WITH o AS (${kept('old_rows')}), n AS (${kept('new_rows')}),
       changed AS ((TABLE o EXCEPT ALL TABLE n) UNION ALL (TABLE n EXCEPT ALL TABLE o))
  INSERT INTO host_data_versions (user_id, version)
  SELECT u.id, 1 FROM changed JOIN users u ON u.id = (changed.j ->> 'user_id')::uuid GROUP BY u.id ORDER BY u.id
  ON CONFLICT (user_id) DO UPDATE SET version = host_data_versions.version + 1`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE FUNCTION yava_bump_calendar_versions() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${BUMP_CHANGED}; RETURN NULL; END $$`);
  await knex.raw('DROP TRIGGER connected_calendars_versions_update ON connected_calendars');
  await knex.raw('CREATE TRIGGER connected_calendars_versions_update AFTER UPDATE ON connected_calendars REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION yava_bump_calendar_versions()');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER connected_calendars_versions_update ON connected_calendars');
  await knex.raw('CREATE TRIGGER connected_calendars_versions_update AFTER UPDATE ON connected_calendars REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION yava_bump_versions_both()');
  await knex.raw('DROP FUNCTION yava_bump_calendar_versions()');
}
