/**
 * One verified webhook event, at most once: its id is stored in `payment_webhook_events` before
 * the handlers run, so a repeat (providers retry, and send duplicates) is acknowledged and
 * ignored. A handler that fails removes the id again, so the provider's retry runs it anew.
 */
import type { Knex } from 'knex';
import type { Clock } from '../../clock.js';
import type { ProviderEvent, WebhookRegistry } from './registry.js';

export type WebhookOutcome = 'processed' | 'duplicate' | 'ignored';

/** Records the event id; true when this is its first delivery. */
export async function recordWebhookEvent(db: Knex, event: ProviderEvent, now: Date): Promise<boolean> {
  const rows = await db('payment_webhook_events').insert({ provider: event.provider, event_id: event.id, type: event.type, received_at: now }).onConflict(['provider', 'event_id']).ignore().returning('event_id');
  return rows.length === 1;
}

/** Runs the registered handlers of a verified event once per event id. Rethrows a handler's error. */
export async function dispatchWebhookEvent(deps: { db: Knex; clock: Clock; registry: WebhookRegistry }, event: ProviderEvent): Promise<WebhookOutcome> {
  const handlers = deps.registry.handlersFor(event.provider, event.type);
  if (!(await recordWebhookEvent(deps.db, event, deps.clock.now()))) return 'duplicate';
  if (handlers.length === 0) return 'ignored';
  try {
    for (const handler of handlers) await handler(event);
  } catch (error) {
    await deps.db('payment_webhook_events').where({ provider: event.provider, event_id: event.id }).delete();
    throw error;
  }
  return 'processed';
}
