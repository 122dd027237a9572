/**
 * Disabling a subscription whose receiver kept failing, and telling its owner: an in-app
 * notification and an e-mail (through the outbox), in the transaction that disables it,
 * so the owner hears of it once however many deliveries give up at the same time.
 */
import { escapeHtml } from '../notify/html.js';
import { enqueueOutboxMessages, type EmailPayload } from '../notify/outbox.js';
import type { SubscriptionRow, WebhookContext } from './context.js';

export async function disableSubscription(ctx: WebhookContext, sub: SubscriptionRow, reason: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    const changed = await trx('webhook_subscriptions').where({ id: sub.id, status: 'active' }).update({ status: 'disabled', disabled_reason: reason, disabled_at: now }).returning('id');
    if (!changed.length) return;
    const owner = (await trx('users').where({ id: sub.user_id }).first('name', 'email')) as { name: string; email: string } | undefined;
    if (!owner) return;
    const title = `Webhook disabled: ${sub.url}`;
    const text = `Hello ${owner.name},\n\nWe stopped sending events to ${sub.url} because ${reason}.\nNo further events go there until you turn it on again once the receiver works: PATCH /api/webhooks/${sub.id} with {"active": true}.\n\nSubscription: ${sub.id}\n`;
    const html = `<p>Hello ${escapeHtml(owner.name)},</p><p>We stopped sending events to <code>${escapeHtml(sub.url)}</code> because ${escapeHtml(reason)}.</p><p>No further events go there until you turn it on again once the receiver works (<code>PATCH /api/webhooks/${escapeHtml(sub.id)}</code> with <code>{"active": true}</code>).</p><p>Subscription: <code>${escapeHtml(sub.id)}</code></p>`;
    const email: EmailPayload = { to: owner.email, toName: owner.name, subject: title, text, html, ics: null, icsMethod: null };
    await enqueueOutboxMessages(trx, [{ channel: 'email', idempotencyKey: `email:webhook-disabled:${sub.id}:${now.getTime()}`, payload: email }], { clock: ctx.clock, maxAttempts: ctx.maxAttempts });
    await ctx.inbox.add(trx, [{ userId: sub.user_id, kind: 'webhook.disabled', title, body: `Deliveries stopped because ${reason}.`, dedupKey: `webhook-disabled:${sub.id}:${now.getTime()}` }]);
  });
}
