import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { createSecretBox } from '../../core/calendars/secretBox.js';
import { createFixedClock } from '../../core/clock.js';
import { enqueueOutboxMessages, type EmailPayload, type NewOutboxMessage } from '../../core/notify/outbox.js';
import type { WebhookDeliveryPayload } from '../../core/webhooks/record.js';
import { insertUser } from './meetings.js';
import { TEST_ENCRYPTION_KEY } from './server.js';

/**
 * Seeds due outbox rows straight into the database: `webhooks` deliveries to `receiverUrl`
 * (one subscription) and `emails` e-mails to distinct addresses. Due now by the real clock.
 */
export async function seedDueMessages(db: Knex, options: { webhooks: number; emails: number; receiverUrl: string }): Promise<{ secret: string }> {
  const owner = await insertUser(db);
  const secret = 'dispatch-test-secret-0123456789';
  const [sub] = await db('webhook_subscriptions')
    .insert({ user_id: owner.id, url: options.receiverUrl, events: JSON.stringify(['booking.created']), secret_sealed: createSecretBox(TEST_ENCRYPTION_KEY).seal(secret) })
    .returning('id');
  const now = new Date(Date.now() - 1_000);
  const messages: NewOutboxMessage[] = [];
  for (let i = 0; i < options.webhooks; i += 1) {
    const id = randomUUID();
    const body = JSON.stringify({ id, type: 'booking.created', createdAt: now.toISOString(), data: { n: i } });
    const payload: WebhookDeliveryPayload = { subscriptionId: (sub as { id: string }).id, eventId: id, type: 'booking.created', body, retryUntil: new Date(Date.now() + 86_400_000).toISOString() };
    messages.push({ channel: 'webhook', idempotencyKey: `webhook:${id}:${(sub as { id: string }).id}`, payload });
  }
  for (let i = 0; i < options.emails; i += 1) {
    const payload: EmailPayload = { to: `r${i}@example.com`, toName: `R ${i}`, subject: `Message ${i}`, text: `Hello ${i}`, html: `<p>Hello ${i}</p>`, ics: null, icsMethod: null };
    messages.push({ channel: 'email', idempotencyKey: `email:test:${randomUUID()}`, payload });
  }
  // Interleave the channels so every batch holds both.
  messages.sort(() => Math.random() - 0.5);
  for (let i = 0; i < messages.length; i += 250) await enqueueOutboxMessages(db, messages.slice(i, i + 250), { clock: createFixedClock(now), maxAttempts: 8 });
  return { secret };
}
