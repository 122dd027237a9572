/**
 * Web push: the PushSender port, its adapter over the `web-push` package (VAPID, aes128gcm
 * encryption), subscriptions per device, and the 'push' outbox sender. A push service that
 * answers 404 or 410 says the subscription is gone: it is removed.
 */
import { createHash } from 'node:crypto';
import webpush from 'web-push';
import type { Knex } from 'knex';
import type { ChannelSender } from '../dispatcher.js';
import type { PushPayload } from '../reminders/types.js';

export interface PushTarget {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** What core needs from web push; resolves with the push service's status, rejects with `statusCode` on an error answer. */
export interface PushSender {
  send(target: PushTarget, payload: string, options: { topic: string; ttlSeconds: number }): Promise<number>;
}

export interface VapidSettings {
  publicKey: string;
  privateKey: string;
  subject: string;
  timeoutMs?: number;
}

export function createWebPushSender(vapid: VapidSettings): PushSender {
  return {
    async send(target, payload, { topic, ttlSeconds }) {
      const result = await webpush.sendNotification(target, payload, {
        vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
        TTL: ttlSeconds,
        topic,
        urgency: 'high',
        timeout: vapid.timeoutMs ?? 10_000,
      });
      return result.statusCode;
    },
  };
}

const statusOf = (error: unknown) => (error as { statusCode?: unknown })?.statusCode;

/**
 * Delivers a 'push' row to every device of the user. The Topic header (from the row's key)
 * makes a push service replace an undelivered copy rather than show it twice on a retry.
 * Fails the attempt only when no device took it and some failed for another reason than 404/410.
 */
export function createPushChannelSender({ db, sender }: { db: Knex; sender: PushSender }): ChannelSender {
  return async (message) => {
    const payload = message.payload as PushPayload;
    const devices: Array<{ id: string; endpoint: string; p256dh: string; auth: string }> = await db('push_subscriptions').where({ user_id: payload.userId });
    const topic = createHash('sha256').update(message.idempotencyKey).digest('base64url').slice(0, 32);
    const body = JSON.stringify({ title: payload.title, body: payload.body, url: payload.url });
    let delivered = 0;
    const errors: unknown[] = [];
    for (const d of devices) {
      try {
        await sender.send({ endpoint: d.endpoint, keys: { p256dh: d.p256dh, auth: d.auth } }, body, { topic, ttlSeconds: 3600 });
        delivered += 1;
      } catch (error) {
        const status = statusOf(error);
        if (status === 404 || status === 410) await db('push_subscriptions').where({ id: d.id }).delete();
        else errors.push(error);
      }
    }
    if (!delivered && errors.length) throw errors[0];
  };
}
