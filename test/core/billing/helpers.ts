import type { Knex } from 'knex';
import { createFixedClock } from '../../../core/clock.js';
import { createBillingService } from '../../../core/billing/service.js';
import { loadConfig } from '../../../core/config.js';
import { resetTestDb } from '../../helpers/db.js';

/**
 * An empty database with a host (ada) and her paid event type "coaching" (EUR 50.00), a clock
 * fixed at 2026-11-24 10:00Z, and the billing service (Pro by default, so promo codes can be made).
 */
export async function setUpBillingWorld(env: Record<string, string> = {}) {
  const db: Knex = (await resetTestDb()).knex;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const config = loadConfig({ NODE_ENV: 'test', YAVA_DEFAULT_PLAN: 'pro', ...env });
  const billing = createBillingService({ db, clock, config });
  const [ada] = await db('users').insert({ email: 'ada@x.org', username: 'ada', name: 'Ada Lovelace', password_hash: 'x', timezone: 'UTC' }).returning('id');
  const [coaching] = await db('event_types').insert({ owner_user_id: ada.id, slug: 'coaching', title: 'Coaching', duration_minutes: 30, price_minor: 5000, currency: 'EUR', payment_provider: 'stripe' }).returning('id');
  await db('event_type_hosts').insert({ event_type_id: coaching.id, user_id: ada.id });
  return { db, clock, config, billing, adaId: ada.id as string, eventTypeId: coaching.id as string };
}

export type BillingWorld = Awaited<ReturnType<typeof setUpBillingWorld>>;

let seq = 0;
/** A booking of the world's event type with one attendee (no busy range: these tests are about money). */
export async function insertBooking(world: BillingWorld, attendee = { name: 'Bo Buyer', email: 'bo@x.org' }): Promise<string> {
  seq += 1;
  const start = new Date(Date.UTC(2026, 11, 1, 9) + seq * 3_600_000);
  const [row] = await world.db('bookings')
    .insert({ event_type_id: world.eventTypeId, title: 'Coaching', start_at: start, end_at: new Date(start.getTime() + 1_800_000), status: 'pending', ical_uid: `b${seq}-${Date.now()}@test` })
    .returning('id');
  await world.db('booking_hosts').insert({ booking_id: row.id, user_id: world.adaId, busy: world.db.raw('tstzrange(?, ?)', [start, new Date(start.getTime() + 1_800_000)]), active: false });
  await world.db('booking_attendees').insert({ booking_id: row.id, name: attendee.name, email: attendee.email, manage_token_hash: `h${seq}-${Date.now()}` });
  return row.id;
}
