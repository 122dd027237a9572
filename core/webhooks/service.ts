/** Outgoing webhooks, wired: subscriptions, the REST-hook samples, the 'webhook' channel sender. */
import type { WebhookContext } from './context.js';
import { createWebhookSender } from './deliver.js';
import type { WebhookEventType } from './events.js';
import { recordWebhookEvent, type NewWebhookEvent } from './record.js';
import { listEventSamples } from './samples.js';
import { createSubscription, deleteSubscription, listSubscriptions, parseEventTypes, type CreateSubscriptionInput } from './subscriptions.js';
import type { Db } from './context.js';
import { purgeWebhookEvents, setSubscriptionActive } from './lifecycle.js';

export function createWebhookService(ctx: WebhookContext) {
  return {
    sender: createWebhookSender(ctx),
    createSubscription: (userId: string, input: CreateSubscriptionInput) => createSubscription(ctx, userId, input),
    listSubscriptions: (userId: string) => listSubscriptions(ctx, userId),
    deleteSubscription: (userId: string, id: string) => deleteSubscription(ctx, userId, id),
    /** Re-enables (or disables) the owner's subscription. Throws not_found. */
    setSubscriptionActive: (userId: string, id: string, active: boolean) => setSubscriptionActive(ctx, userId, id, active),
    /** Deletes events older than `days` (the retention job). */
    purgeEvents: (days: number) => purgeWebhookEvents(ctx.db, new Date(ctx.clock.now().getTime() - days * 86_400_000)),
    /** Throws validation_failed for an unknown event type. */
    samples: (userId: string, type: string) => listEventSamples(ctx.db, userId, parseEventTypes([type])[0] as WebhookEventType, ctx.clock.now()),
    /** Records an event inside the caller's transaction (e.g. payment.succeeded). */
    recordEvent: (trx: Db, event: NewWebhookEvent) => recordWebhookEvent(trx, event, { clock: ctx.clock, retryForMs: ctx.retryForMs }),
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
