/**
 * The channels beyond e-mail, built from the configuration: SMS through Twilio
 * (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER) and web push (VAPID_PUBLIC_KEY,
 * VAPID_PRIVATE_KEY, VAPID_SUBJECT) and chat direct messages (SLACK_BOT_TOKEN and/or DISCORD_TOKEN,
 * the bots' own). A channel without its settings has no sender, so nothing
 * is planned on it, and its endpoints answer not_configured naming what to set.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { DomainError } from '../errors.js';
import type { ChannelSender } from './dispatcher.js';
import { createPushChannelSender, createWebPushSender } from './push/webPush.js';
import { addPushSubscription, listPushSubscriptions, removePushSubscription, type PushSubscriptionInput } from './push/subscriptions.js';
import { createSmsSender } from './sms/sender.js';
import { getPhone, removePhone, setPhone, verifyPhone } from './sms/phones.js';
import { createTwilioSmsProvider, type SmsProvider } from './sms/twilioClient.js';
import { handleInboundSms, handleStatusCallback } from './sms/webhooks.js';
import type { ChatPlatform } from '../chat/accounts.js';
import { createChatChannelSender, createDiscordMessenger, createSlackMessenger, type DirectMessenger } from './chat/sender.js';
import type { ReplanNotices } from './reminders/replan.js';

export type ChannelConfig = Pick<Config, 'publicUrl' | 'OUTBOX_MAX_ATTEMPTS'> &
  Partial<Pick<Config, 'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_FROM_NUMBER' | 'TWILIO_API_URL' | 'VAPID_PUBLIC_KEY' | 'VAPID_PRIVATE_KEY' | 'VAPID_SUBJECT' | 'PUSH_ALLOW_PRIVATE_URLS' | 'SLACK_BOT_TOKEN' | 'SLACK_API_URL' | 'DISCORD_TOKEN' | 'DISCORD_API_URL'>>;

export const TWILIO_STATUS_PATH = '/webhooks/twilio/status';
export const TWILIO_INBOUND_PATH = '/webhooks/twilio/inbound';

function twilioFrom(config: ChannelConfig): SmsProvider | null {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM_NUMBER: from } = config;
  return accountSid && authToken && from ? createTwilioSmsProvider({ accountSid, authToken, from, apiUrl: config.TWILIO_API_URL }) : null;
}

/** Direct messages through the bots' tokens: Slack (SLACK_BOT_TOKEN), Discord (DISCORD_TOKEN), either or both. */
function chatMessengersOf(config: ChannelConfig): Partial<Record<ChatPlatform, DirectMessenger>> {
  return {
    ...(config.SLACK_BOT_TOKEN ? { slack: createSlackMessenger({ token: config.SLACK_BOT_TOKEN, apiUrl: config.SLACK_API_URL }) } : {}),
    ...(config.DISCORD_TOKEN ? { discord: createDiscordMessenger({ token: config.DISCORD_TOKEN, apiUrl: config.DISCORD_API_URL }) } : {}),
  };
}

/** `replan` plans a user's reminders again when they become reachable (a number verified, START, a push device). */
export function createNotificationChannels({ db, clock, config, replan }: { db: Knex; clock: Clock; config: ChannelConfig; replan?: ReplanNotices }) {
  const twilio = twilioFrom(config);
  const { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey, VAPID_SUBJECT: subject } = config;
  const pushPolicy = { allowPrivate: config.PUSH_ALLOW_PRIVATE_URLS ?? false };
  const push = publicKey && privateKey && subject ? createWebPushSender({ publicKey, privateKey, subject, policy: pushPolicy }) : null;
  const senders: Record<string, ChannelSender> = {};
  if (twilio) senders.sms = createSmsSender({ db, clock, provider: twilio, statusCallbackUrl: config.publicUrl + TWILIO_STATUS_PATH });
  if (push) senders.push = createPushChannelSender({ db, sender: push });
  const messengers = chatMessengersOf(config);
  if (Object.keys(messengers).length) senders.chat = createChatChannelSender({ db, messengers });
  const requireTwilio = (): SmsProvider => {
    if (!twilio) throw new DomainError('not_configured', 'SMS is not configured: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER');
    return twilio;
  };
  const requirePush = (): string => {
    if (!push || !publicKey) throw new DomainError('not_configured', 'Web push is not configured: set VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT');
    return publicKey;
  };
  const phoneDeps = { db, clock, maxAttempts: config.OUTBOX_MAX_ATTEMPTS, smsConfigured: Boolean(twilio), replan };
  return {
    senders,
    sms: {
      getPhone: (userId: string) => getPhone(db, userId),
      setPhone: (userId: string, phone: string) => setPhone(phoneDeps, userId, phone),
      verifyPhone: (userId: string, code: string) => verifyPhone(phoneDeps, userId, code),
      removePhone: (userId: string) => removePhone(db, userId),
      /** A delivery report; `signature` is X-Twilio-Signature, checked against PUBLIC_URL + the path. */
      statusCallback: (signature: string, params: Record<string, string>) => handleStatusCallback({ db, clock, provider: requireTwilio() }, config.publicUrl + TWILIO_STATUS_PATH, signature, params),
      inbound: (signature: string, params: Record<string, string>) => handleInboundSms({ db, clock, provider: requireTwilio(), replan }, config.publicUrl + TWILIO_INBOUND_PATH, signature, params),
    },
    push: {
      vapidPublicKey: () => requirePush(),
      /** Adds a device; then the user's meetings already booked get their push reminders. */
      subscribe: async (userId: string, input: PushSubscriptionInput) => {
        requirePush();
        // The address check may resolve the name: done before, outside the transaction that plans.
        const subscription = await addPushSubscription(db, clock, userId, input, pushPolicy);
        await db.transaction(async (trx) => replan?.(trx, { userIds: [userId], emails: [] }));
        return subscription;
      },
      list: (userId: string) => listPushSubscriptions(db, userId),
      unsubscribe: (userId: string, id: string) => removePushSubscription(db, userId, id),
    },
  };
}

export type NotificationChannels = ReturnType<typeof createNotificationChannels>;
