import type { Knex } from 'knex';
import { canonicalTimeZone } from '../core/time/zones.js';

// 20261210093000_respell_time_zones respelt the zones kept in plain columns; this respells, with
// the same canonicalTimeZone and the same rule (only the case changes: an alias stays the alias
// it is, a value no zone is spelt like stays as it is), those kept inside JSON that are read back
// to work out times:
// - meeting_requests.intent.timezone: the zone a request was read in, kept by every later step;
// - meeting_requests.pending.intent.timezone: the zone an answer to the open question is read in;
// - invoices.seller.timezone: the seller's zone at issue, which dates the invoice.
// Left as they are: idempotency_keys.response_body (replays of answers given), webhook_events.body
// and the outbox's webhook payloads (sent and signed as they were recorded), audit_log and
// booking_status_history details (what happened), outbox e-mail, SMS, push and chat payloads (text
// already written, no zone field read back), spam_challenges.input (a booking request as typed,
// whose zone scheduleBooking checks and respells when it is confirmed). Intl is not available in
// SQL, so each path's distinct values (a few) are respelt here and written back in one UPDATE.
const ZONE_PATHS: ReadonlyArray<readonly [table: string, column: string, path: string[]]> = [
  ['meeting_requests', 'intent', ['timezone']],
  ['meeting_requests', 'pending', ['intent', 'timezone']],
  ['invoices', 'seller', ['timezone']],
];

/** Pairs per UPDATE, well under PostgreSQL's 65535 bind parameters. */
const CHUNK = 1000;

export async function up(knex: Knex): Promise<void> {
  for (const [table, column, path] of ZONE_PATHS) {
    const { rows } = await knex.raw<{ rows: Array<{ zone: string }> }>(
      `SELECT DISTINCT ?? #>> ?::text[] AS zone FROM ?? WHERE jsonb_typeof(?? #> ?::text[]) = 'string'`,
      [column, path, table, column, path],
    );
    const respelt = rows.map(({ zone }) => [zone, canonicalTimeZone(zone)] as const).filter(([stored, canonical]) => canonical !== stored);
    for (let i = 0; i < respelt.length; i += CHUNK) {
      const pairs = respelt.slice(i, i + CHUNK);
      const values = pairs.map(() => '(?::text, ?::text)').join(', ');
      await knex.raw(`UPDATE ?? AS t SET ?? = jsonb_set(t.??, ?::text[], to_jsonb(m.canonical)) FROM (VALUES ${values}) AS m(stored, canonical) WHERE t.?? #>> ?::text[] = m.stored`, [
        table,
        column,
        column,
        path,
        ...pairs.flat(),
        column,
        path,
      ]);
    }
  }
}

// The spellings typed are not kept, and the canonical one names the same zone: nothing to undo.
export async function down(): Promise<void> {}
