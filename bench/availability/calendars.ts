/**
 * Availability with connected calendars: 10 hosts × 2 conflict calendars × 2,000 stored
 * external events (40,000 rows in external_events, as syncs leave them), a 30-day round-robin
 * query through the real HTTP endpoint, against the raw SQL that loads the same busy rows
 * (the loader's own queries). Budget: endpoint p50 ≤ 2 × raw load p50.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { EXTERNAL_EVENTS_BUSY_SQL } from '../../core/calendars/busy.js';
import { createSecretBox } from '../../core/calendars/secretBox.js';
import { seededRandom } from './engine.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
export const CALENDARS_PER_HOST = 2;
export const EVENTS_PER_CALENDAR = 2000;

/** Seeds the connections, calendars and events for `hostIds`; events spread over a year around `now`. */
export async function seedStoredCalendars(db: Knex, hostIds: string[], now: number): Promise<number> {
  const random = seededRandom(20261130);
  const box = createSecretBox(randomBytes(32));
  let total = 0;
  for (const [h, userId] of hostIds.entries()) {
    const [connection] = await db('calendar_connections')
      .insert({ user_id: userId, provider: 'caldav', account: `bench${h}@dav.example`, credentials: box.seal(JSON.stringify({ kind: 'caldav', url: 'https://dav.example', username: 'u', password: 'p' })) })
      .returning('id');
    for (let c = 0; c < CALENDARS_PER_HOST; c++) {
      const [calendar] = await db('connected_calendars')
        .insert({ connection_id: connection.id, user_id: userId, external_id: `/bench${h}/cal${c}/`, name: `Calendar ${c}`, is_primary: c === 0, check_conflicts: true, is_destination: c === 0 })
        .returning('id');
      const rows: Record<string, unknown>[] = [];
      for (let i = 0; i < EVENTS_PER_CALENDAR; i++) {
        const start = now - 120 * DAY + Math.floor(random() * 365 * 96) * 15 * MINUTE;
        const end = start + (1 + Math.floor(random() * 8)) * 15 * MINUTE;
        rows.push({
          calendar_id: calendar.id,
          user_id: userId,
          external_id: `/bench${h}/cal${c}/e${i}.ics`,
          instance_key: `/bench${h}/cal${c}/e${i}.ics`,
          summary: 'Busy',
          busy: `[${new Date(start).toISOString()},${new Date(end).toISOString()})`,
          transparency: random() < 0.1 ? 'transparent' : 'opaque',
          status: 'confirmed',
        });
      }
      await db.batchInsert('external_events', rows as never, 500);
      total += rows.length;
    }
  }
  await db.raw('ANALYZE');
  return total;
}

/** The raw load the loader does for these hosts: booking busy ranges and stored external busy time. */
export async function loadBusyRaw(db: Knex, hostIds: string[], from: string, to: string): Promise<number> {
  const [a, b] = await Promise.all([
    db.raw<{ rows: unknown[] }>(
      `SELECT bh.user_id, extract(epoch FROM lower(bh.busy)) * 1000 AS s, extract(epoch FROM upper(bh.busy)) * 1000 AS e, extract(epoch FROM b.start_at) * 1000 AS start_at, b.event_type_id
         FROM booking_hosts bh JOIN bookings b ON b.id = bh.booking_id
        WHERE bh.active AND bh.user_id = ANY(?::uuid[]) AND bh.busy && tstzrange(?, ?)`,
      [hostIds, from, to],
    ),
    db.raw<{ rows: unknown[] }>(EXTERNAL_EVENTS_BUSY_SQL, [hostIds, from, to]),
  ]);
  return a.rows.length + b.rows.length;
}
