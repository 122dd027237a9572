import type { Knex } from 'knex';
import { canonicalTimeZone } from '../core/time/zones.js';

// Zone names have been stored as the tz database spells them since 95f7b37 (canonicalTimeZone in
// core/time/zones.ts), but the ones stored before keep the case they were typed in
// ("europe/berlin", "america/new_york"): the same zone groups as two and shows lower-case. This
// respells them. Only the case changes: an alias stays the alias it is, and a value that no zone
// is spelt like stays as it is. Intl is not available in SQL, so each column's distinct values
// (a few) are respelt here and written back in one UPDATE per column.
const ZONE_COLUMNS = [
  ['users', 'timezone'],
  ['schedules', 'timezone'],
  ['booking_attendees', 'timezone'],
  ['booking_series', 'timezone'],
  ['waitlist_entries', 'timezone'],
  ['meeting_requests', 'timezone'],
  ['chat_accounts', 'timezone'],
  ['connected_calendars', 'timezone'],
] as const;

/** Pairs per UPDATE, well under PostgreSQL's 65535 bind parameters. */
const CHUNK = 1000;

export async function up(knex: Knex): Promise<void> {
  for (const [table, column] of ZONE_COLUMNS) {
    const rows: Array<Record<string, string>> = await knex(table).distinct(column).whereNotNull(column);
    const respelt = rows.map((row) => [row[column]!, canonicalTimeZone(row[column]!)] as const).filter(([stored, canonical]) => canonical !== stored);
    for (let i = 0; i < respelt.length; i += CHUNK) {
      const pairs = respelt.slice(i, i + CHUNK);
      const values = pairs.map(() => '(?::text, ?::text)').join(', ');
      await knex.raw(`UPDATE ?? AS t SET ?? = m.canonical FROM (VALUES ${values}) AS m(stored, canonical) WHERE t.?? = m.stored`, [table, column, ...pairs.flat(), column]);
    }
  }
}

// The spellings typed are not kept, and the canonical one names the same zone: nothing to undo.
export async function down(): Promise<void> {}
