/**
 * The 'chat' channel: a direct message on each Slack and Discord account the user linked,
 * through the official clients the bots use (@slack/web-api's WebClient, discord.js's REST),
 * with the bots' tokens (SLACK_BOT_TOKEN, DISCORD_TOKEN) and base URLs (SLACK_API_URL,
 * DISCORD_API_URL). The dispatcher retries; the clients do not (retries would hide a failure
 * from the outbox for up to half an hour with Slack's defaults).
 */
import { WebClient } from '@slack/web-api';
import type { Knex } from 'knex';
import type { ChatPlatform } from '../../chat/accounts.js';
import { type ChannelSender, PermanentDeliveryError } from '../dispatcher.js';
import type { ChatPayload } from '../reminders/types.js';

/** Sends one direct message; resolves with the platform's message id. */
export type DirectMessenger = (externalUserId: string, text: string) => Promise<string>;

const TIMEOUT_MS = 10_000;

/** Slack: chat.postMessage to the user's id opens (or reuses) the DM with the bot. */
export function createSlackMessenger({ token, apiUrl }: { token: string; apiUrl?: string }): DirectMessenger {
  const client = new WebClient(token, { ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}), retryConfig: { retries: 0 }, timeout: TIMEOUT_MS });
  return async (user, text) => {
    const res = await client.chat.postMessage({ channel: user, text, unfurl_links: false });
    return `slack:${res.ts ?? ''}`;
  };
}

/** Discord: open the DM channel with the user, then post to it (2,000 characters at most, pinging nobody a title names). */
export function createDiscordMessenger({ token, apiUrl }: { token: string; apiUrl?: string }): DirectMessenger {
  // discord.js is large: loaded on the first message, not when the server starts.
  const rest = import('discord.js').then(({ REST, Routes }) => ({ client: new REST({ ...(apiUrl ? { api: `${apiUrl.replace(/\/+$/, '')}/api` } : {}), retries: 0, timeout: TIMEOUT_MS }).setToken(token), Routes }));
  return async (user, text) => {
    const { client, Routes } = await rest;
    const channel = (await client.post(Routes.userChannels(), { body: { recipient_id: user } })) as { id: string };
    const message = (await client.post(Routes.channelMessages(channel.id), { body: { content: text.slice(0, 2000), allowed_mentions: { parse: [] } } })) as { id: string };
    return `discord:${message.id}`;
  };
}

/**
 * Delivers a 'chat' row to every linked account on a configured platform. Each account that took
 * it is recorded (chat_message_deliveries), so when one platform fails the attempt fails and the retry
 * sends only to the accounts still owed the message: never a second copy to the one that took
 * it. A user with no such account any more is a permanent failure.
 */
export function createChatChannelSender({ db, messengers }: { db: Knex; messengers: Partial<Record<ChatPlatform, DirectMessenger>> }): ChannelSender {
  return async (message) => {
    const payload = message.payload as ChatPayload;
    const platforms = Object.keys(messengers) as ChatPlatform[];
    const accounts: Array<{ platform: ChatPlatform; external_user_id: string }> = await db('chat_accounts').where({ user_id: payload.userId }).whereIn('platform', platforms).orderBy('created_at');
    if (!accounts.length) throw new PermanentDeliveryError('no linked Slack or Discord account');
    const delivered: Array<{ platform: string; external_user_id: string; provider_id: string }> = await db('chat_message_deliveries').where({ outbox_id: message.id }).select('platform', 'external_user_id', 'provider_id');
    const keyOf = (a: { platform: string; external_user_id: string }) => `${a.platform}:${a.external_user_id}`;
    const ids = new Map(delivered.map((d) => [keyOf(d), d.provider_id]));
    const errors: unknown[] = [];
    for (const a of accounts) {
      if (ids.has(keyOf(a))) continue;
      try {
        const providerId = await messengers[a.platform]!(a.external_user_id, payload.text);
        ids.set(keyOf(a), providerId);
        await db('chat_message_deliveries').insert({ outbox_id: message.id, platform: a.platform, external_user_id: a.external_user_id, provider_id: providerId }).onConflict(['outbox_id', 'platform', 'external_user_id']).ignore();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length) throw errors[0];
    return { providerId: accounts.flatMap((a) => ids.get(keyOf(a)) ?? []).join(' ') };
  };
}
