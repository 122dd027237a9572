/**
 * A subscription's life after creation: its owner turns it off and on again (a disabled one —
 * by 24 h of failures, or by hand — comes back once the receiver works), and old events are
 * purged from `webhook_events` after the retention period.
 */
import { DomainError } from '../errors.js';
import type { Db, SubscriptionRow, WebhookContext } from './context.js';
import { presentSubscription, type WebhookSubscription } from './subscriptions.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Turns the owner's subscription on (status active, the disabled reason cleared: new events are
 * delivered again; deliveries that went dead while it was off are not replayed) or off (with
 * the reason "disabled by its owner"). Throws not_found.
 */
export async function setSubscriptionActive(ctx: WebhookContext, userId: string, id: string, active: boolean): Promise<WebhookSubscription> {
  const changes = active ? { status: 'active', disabled_reason: null, disabled_at: null } : { status: 'disabled', disabled_reason: 'disabled by its owner', disabled_at: ctx.clock.now() };
  const [row] = UUID.test(id) ? await ctx.db('webhook_subscriptions').where({ id, user_id: userId }).update(changes).returning('*') : [];
  if (!row) throw new DomainError('not_found', `No webhook subscription ${id}: list yours with GET /api/webhooks`);
  return presentSubscription(row as SubscriptionRow);
}

/** Deletes events recorded before `before`, in batches; returns how many. */
export async function purgeWebhookEvents(db: Db, before: Date, batch = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const gone = await db('webhook_events').whereIn('id', db('webhook_events').select('id').where('created_at', '<', before).limit(batch)).delete().returning('id');
    total += gone.length;
    if (gone.length < batch) return total;
  }
}
