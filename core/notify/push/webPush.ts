/**
 * Web push: the PushSender port, its adapter over the `web-push` package (VAPID, aes128gcm
 * encryption), subscriptions per device, and the 'push' outbox sender. A push service that
 * answers 404 or 410 says the subscription is gone: it is removed.
 */
import { createHash } from 'node:crypto';
import https from 'node:https';
import webpush from 'web-push';
import type { Knex } from 'knex';
import { isPrivateAddressRefusal } from '../../net/guardedFetch.js';
import { guardedLookup, literalPrivateAddress, type UrlPolicy } from '../../webhooks/urls.js';
import { type ChannelSender, PermanentDeliveryError } from '../dispatcher.js';
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
  /** PUSH_ALLOW_PRIVATE_URLS: whether an endpoint may be on this machine or the private network. */
  policy: UrlPolicy;
}

export function createWebPushSender(vapid: VapidSettings): PushSender {
  // Every connection's addresses are checked as it opens (a name re-pointed after subscribing, too).
  const agent = new https.Agent({ lookup: guardedLookup(vapid.policy) as never });
  return {
    async send(target, payload, { topic, ttlSeconds }) {
      const refused = literalPrivateAddress(new URL(target.endpoint), vapid.policy);
      if (refused) throw refused;
      const result = await webpush.sendNotification(target, payload, {
        vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
        TTL: ttlSeconds,
        topic,
        urgency: 'high',
        timeout: vapid.timeoutMs ?? 10_000,
        agent,
      });
      return result.statusCode;
    },
  };
}

const statusOf = (error: unknown) => (error as { statusCode?: unknown })?.statusCode;

/**
 * Delivers a 'push' row to every device of the user. The Topic header (from the row's key)
 * makes a push service replace an undelivered copy rather than show it twice on a retry.
 * Fails the attempt only when no device took it and some failed for another reason than 404/410;
 * when no device is left at all (each gone, or none), the message is dead at once, saying so:
 * the log must not show as sent a reminder nobody can receive, and a retry cannot help.
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
        // Gone (404, 410), or an address Yava does not reach: the subscription is of no use.
        if (status === 404 || status === 410 || isPrivateAddressRefusal(error)) await db('push_subscriptions').where({ id: d.id }).delete();
        else errors.push(error);
      }
    }
    if (!delivered && errors.length) throw errors[0];
    if (!delivered) throw new PermanentDeliveryError(devices.length ? 'no device takes push notifications any more (each subscription is gone or refused)' : 'no device takes push notifications (none is subscribed)');
  };
}
