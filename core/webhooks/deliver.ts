/**
 * The 'webhook' channel sender the outbox dispatcher calls (outside any transaction).
 * Each attempt signs the stored body afresh (`Yava-Signature: t=<now>,v1=…`) and carries
 * `Yava-Event-Id` (the same on every attempt, so a receiver drops a repeat: the one gap no
 * sender can close — the receiver answered but we crashed before recording it).
 *  - 2xx: delivered.
 *  - 410 Gone: the subscription is deleted, the delivery stops (dead).
 *  - anything else, a timeout or a refused connection: retried with the dispatcher's
 *    exponential backoff until `retryUntil` (24 h by default); the first failure after that
 *    disables the subscription and tells its owner (e-mail and in-app).
 */
import { PermanentDeliveryError, type ChannelSender } from '../notify/dispatcher.js';
import type { SubscriptionRow, WebhookContext } from './context.js';
import { disableSubscription } from './disable.js';
import { WEBHOOK_SCHEMA_VERSION } from './events.js';
import { postWebhook } from './post.js';
import type { WebhookDeliveryPayload } from './record.js';
import { signWebhook } from './signature.js';

function describe(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  return [typeof e?.code === 'string' ? e.code : null, typeof e?.message === 'string' ? e.message : String(error)].filter(Boolean).join(': ');
}

export function createWebhookSender(ctx: WebhookContext): ChannelSender {
  return async (message) => {
    const p = message.payload as WebhookDeliveryPayload;
    const sub = (await ctx.db('webhook_subscriptions').where({ id: p.subscriptionId }).first()) as SubscriptionRow | undefined;
    if (!sub) throw new PermanentDeliveryError('the subscription was deleted');
    if (sub.status !== 'active') throw new PermanentDeliveryError(`the subscription is disabled: ${sub.disabled_reason ?? 'by its owner'}`);
    const now = ctx.clock.now();
    const headers = {
      'Yava-Signature': signWebhook(ctx.box.open(sub.secret_sealed), p.body, Math.floor(now.getTime() / 1000)),
      'Yava-Event-Id': p.eventId,
      'Yava-Event-Type': p.type,
      'Yava-Webhook-Version': WEBHOOK_SCHEMA_VERSION,
    };
    let failure: string;
    try {
      const res = await postWebhook(sub.url, p.body, { headers, timeoutMs: ctx.timeoutMs, policy: ctx.policy });
      if (res.status >= 200 && res.status < 300) {
        const id = res.headers['x-request-id'];
        return { providerId: typeof id === 'string' ? id.slice(0, 200) : null };
      }
      if (res.status === 410) {
        await ctx.db('webhook_subscriptions').where({ id: sub.id }).del();
        throw new PermanentDeliveryError('HTTP 410 Gone: the receiver asked to unsubscribe; subscription removed');
      }
      failure = `HTTP ${res.status}`;
    } catch (error) {
      if (error instanceof PermanentDeliveryError) throw error;
      failure = describe(error);
    }
    if (ctx.clock.now().getTime() >= new Date(p.retryUntil).getTime()) {
      await disableSubscription(ctx, sub, `deliveries failed for ${Math.round(ctx.retryForMs / 3_600_000)} h (last: ${failure})`);
      throw new PermanentDeliveryError(`gave up: ${failure}; subscription disabled`);
    }
    throw new Error(failure);
  };
}
