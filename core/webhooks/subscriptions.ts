/**
 * Webhook subscriptions: make (POST /api/webhooks and the REST-hook subscribe), list and
 * delete, always as their owner. The signing secret is sealed at rest and shown only once,
 * in the answer that made the subscription.
 */
import { DomainError } from '../errors.js';
import type { SubscriptionRow, WebhookContext } from './context.js';
import { isWebhookEventType, WEBHOOK_EVENT_TYPES, type WebhookEventType } from './events.js';
import { newWebhookSecret } from './signature.js';
import { validateWebhookUrl } from './urls.js';

export interface WebhookSubscription {
  id: string;
  url: string;
  events: WebhookEventType[];
  source: 'api' | 'rest_hook';
  status: 'active' | 'disabled';
  disabledReason: string | null;
  disabledAt: string | null;
  createdAt: string;
}

export interface CreateSubscriptionInput {
  url: string;
  events: string[];
  secret?: string;
  source?: 'api' | 'rest_hook';
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function presentSubscription(row: SubscriptionRow): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    events: (typeof row.events === 'string' ? JSON.parse(row.events) : row.events) as WebhookEventType[],
    source: row.source,
    status: row.status,
    disabledReason: row.disabled_reason,
    disabledAt: iso(row.disabled_at),
    createdAt: iso(row.created_at)!,
  };
}

/** Event names checked against the list, duplicates dropped. Throws validation_failed. */
export function parseEventTypes(events: string[]): WebhookEventType[] {
  const unknown = events.filter((e) => !isWebhookEventType(e));
  if (unknown.length) {
    const message = `Unknown event ${unknown.map((e) => `"${e}"`).join(', ')}; use ${WEBHOOK_EVENT_TYPES.join(', ')}`;
    throw new DomainError('validation_failed', message, { errors: [{ field: 'events', message }] });
  }
  if (!events.length) throw new DomainError('validation_failed', 'Name at least one event', { errors: [{ field: 'events', message: 'Name at least one event' }] });
  return [...new Set(events)] as WebhookEventType[];
}

/**
 * Subscribes `userId`'s URL to `events`. The URL must pass the SSRF rules (see urls.ts);
 * without a secret one is made. Returns the subscription and its secret (shown once).
 * Throws validation_failed.
 */
export async function createSubscription(ctx: WebhookContext, userId: string, input: CreateSubscriptionInput): Promise<{ subscription: WebhookSubscription; secret: string }> {
  const events = parseEventTypes(input.events);
  const url = await validateWebhookUrl(input.url, ctx.policy);
  const secret = input.secret ?? newWebhookSecret();
  const [row] = await ctx
    .db('webhook_subscriptions')
    .insert({ user_id: userId, url: url.toString(), events: JSON.stringify(events), secret_sealed: ctx.box.seal(secret), source: input.source ?? 'api', created_at: ctx.clock.now() })
    .returning('*');
  return { subscription: presentSubscription(row as SubscriptionRow), secret };
}

export async function listSubscriptions(ctx: WebhookContext, userId: string): Promise<WebhookSubscription[]> {
  const rows = await ctx.db('webhook_subscriptions').where({ user_id: userId }).orderBy('created_at').orderBy('id');
  return (rows as SubscriptionRow[]).map(presentSubscription);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Deletes the owner's subscription (its pending deliveries go dead when their turn comes). Throws not_found. */
export async function deleteSubscription(ctx: WebhookContext, userId: string, id: string): Promise<void> {
  const gone = UUID.test(id) ? await ctx.db('webhook_subscriptions').where({ id, user_id: userId }).del().returning('id') : [];
  if (!gone.length) throw new DomainError('not_found', `No webhook subscription ${id}: list yours with GET /api/webhooks`);
}
