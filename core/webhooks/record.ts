/**
 * Recording an event: one `webhook_events` row per (event, user) and one 'webhook' outbox
 * row per subscription that wants it, written with the caller's transaction, so a delivery
 * exists exactly when the change that caused it committed (invariant 3).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { enqueueOutboxMessages } from '../notify/outbox.js';
import type { Db } from './context.js';
import type { WebhookEventBody, WebhookEventType } from './events.js';

/** What a 'webhook' outbox row carries: the body exactly as it will be sent and signed. */
export interface WebhookDeliveryPayload {
  subscriptionId: string;
  eventId: string;
  type: WebhookEventType;
  body: string;
  /** After this instant a failed delivery is not retried: the subscription is disabled. */
  retryUntil: string;
}

/** Deliveries are bounded by time (retryForMs), not by count; this only caps a runaway. */
export const WEBHOOK_MAX_ATTEMPTS = 200;

export interface RecordEventOptions {
  clock: Clock;
  retryForMs: number;
}

export interface NewWebhookEvent {
  /** Whose subscriptions hear of it. */
  userId: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
  /** The booking it is about, for the notification log. */
  bookingId?: string | null;
}

/**
 * Records one event for one user and queues its deliveries. Returns the event body.
 * Other modules announce their events through this (e.g. payment.succeeded, inside the
 * transaction that records the payment).
 */
export async function recordWebhookEvent(trx: Db, event: NewWebhookEvent, options: RecordEventOptions): Promise<WebhookEventBody> {
  const now = options.clock.now();
  const body: WebhookEventBody = { id: randomUUID(), type: event.type, createdAt: now.toISOString(), data: event.data };
  const raw = JSON.stringify(body);
  // The event row and the subscriptions that want it, in one round trip.
  const { rows: subscriptions } = await trx.raw<{ rows: Array<{ id: string }> }>(
    `WITH recorded AS (?)
     SELECT id FROM webhook_subscriptions WHERE user_id = ? AND status = 'active' AND events @> jsonb_build_array(?::text)`,
    [trx('webhook_events').insert({ id: body.id, user_id: event.userId, type: body.type, body: raw, created_at: now }), event.userId, event.type],
  );
  const retryUntil = new Date(now.getTime() + options.retryForMs).toISOString();
  await enqueueOutboxMessages(
    trx,
    subscriptions.map((s) => {
      const payload: WebhookDeliveryPayload = { subscriptionId: s.id, eventId: body.id, type: body.type, body: raw, retryUntil };
      return { channel: 'webhook', idempotencyKey: `webhook:${body.id}:${s.id}`, payload, bookingId: event.bookingId ?? null };
    }),
    { clock: options.clock, maxAttempts: WEBHOOK_MAX_ATTEMPTS },
  );
  return body;
}
