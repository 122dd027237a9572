/**
 * The REST-hook "perform list": the newest events of a type as receivers got them, so a
 * tool like Zapier can show real fields while a user sets up a Zap; a made-up example
 * (marked `"sample": true` in data) when there is none yet.
 */
import type { Db } from './context.js';
import type { WebhookEventBody, WebhookEventType } from './events.js';

const EXAMPLE_BOOKING = {
  id: '00000000-0000-4000-8000-000000000000',
  status: 'scheduled',
  title: 'Intro call',
  start: '2026-12-01T09:00:00.000Z',
  end: '2026-12-01T09:30:00.000Z',
  location: null,
  kind: 'one_on_one',
  eventTypeId: null,
  icalUid: 'example@yava',
  sequence: 0,
  hosts: [{ id: '00000000-0000-4000-8000-000000000001', name: 'Hana Host', email: 'hana@example.com', timezone: 'Europe/Berlin' }],
  attendees: [{ id: '00000000-0000-4000-8000-000000000002', name: 'Ivy Invitee', email: 'ivy@example.com', timezone: 'America/New_York' }],
};

export function exampleEvent(type: WebhookEventType, now: Date): WebhookEventBody {
  const data = type.startsWith('booking.')
    ? { booking: EXAMPLE_BOOKING, previous: null, reason: null, actor: 'ivy@example.com', sample: true }
    : { payment: { id: 'example', amount: 5000, currency: 'EUR', bookingId: EXAMPLE_BOOKING.id }, sample: true };
  return { id: '00000000-0000-4000-8000-00000000000e', type, createdAt: now.toISOString(), data };
}

export async function listEventSamples(db: Db, userId: string, type: WebhookEventType, now: Date, limit = 3): Promise<WebhookEventBody[]> {
  const rows = (await db('webhook_events').where({ user_id: userId, type }).orderBy('created_at', 'desc').limit(limit).select('body')) as Array<{ body: unknown }>;
  if (!rows.length) return [exampleEvent(type, now)];
  return rows.map((r) => (typeof r.body === 'string' ? JSON.parse(r.body) : r.body) as WebhookEventBody);
}
