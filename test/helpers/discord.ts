import { expect } from 'chai';
import type { DiscordBot } from '../../bot/discord/bot.js';
import type { FakeDiscord } from '../fakes/discord.js';
import type { ApiCall } from './server.js';

export const DISCORD_APP_ID = '1100000000000000001';

let seq = 3300000000000000000n;
const nextId = () => String(++seq);

const discordUser = (id: string) => ({ id, username: `u${id.slice(-2)}`, discriminator: '0', global_name: null, avatar: null });

/** The parts of every gateway INTERACTION_CREATE payload in a DM with `userId`. */
function interactionBase(userId: string, type: number) {
  return {
    id: nextId(),
    application_id: DISCORD_APP_ID,
    type,
    token: `tok-${nextId()}`,
    version: 1,
    locale: 'en-US',
    app_permissions: '0',
    entitlements: [],
    authorizing_integration_owners: { '1': userId },
    context: 1,
    channel_id: `dm${userId}`,
    channel: { id: `dm${userId}`, type: 1, recipients: [discordUser(userId)] },
    user: discordUser(userId),
  };
}

/** A gateway INTERACTION_CREATE payload for `/meet <sub> …` in a DM. */
export function discordSlash(userId: string, sub: string, options: Array<{ name: string; type: number; value: string }> = [], resolvedUsers: string[] = []) {
  return {
    ...interactionBase(userId, 2),
    data: {
      id: '4400000000000000001',
      name: 'meet',
      type: 1,
      options: [{ name: sub, type: 1, options }],
      ...(resolvedUsers.length ? { resolved: { users: Object.fromEntries(resolvedUsers.map((u) => [u, discordUser(u)])) } } : {}),
    },
  };
}

/** A button click on a message the bot sent. */
export function discordButton(userId: string, customId: string) {
  return {
    ...interactionBase(userId, 3),
    message: { id: nextId(), channel_id: `dm${userId}`, type: 0, content: 'Pick a time', components: [], embeds: [], attachments: [], mentions: [], mention_roles: [], pinned: false, mention_everyone: false, tts: false, timestamp: new Date().toISOString(), edited_timestamp: null, flags: 64, author: discordUser(DISCORD_APP_ID) },
    data: { custom_id: customId, component_type: 2 },
  };
}

/** Discord's gateway driving a bot, with what it sent back read from the fake REST API. */
export function discordDriver(bot: DiscordBot, discord: FakeDiscord) {
  /** Feeds a gateway payload through discord.js (it builds the interaction), then waits for the handler. */
  async function dispatch(payload: Record<string, unknown>) {
    (bot.client as any).actions.InteractionCreate.handle(payload);
    await bot.idle();
  }
  const callbackOf = (payload: { id: string; token: string }) => discord.find('POST', new RegExp(`/interactions/${payload.id}/${payload.token}/callback$`));
  const editOf = (payload: { token: string }) => discord.find('PATCH', new RegExp(`/webhooks/${DISCORD_APP_ID}/${payload.token}/messages/(@|%40)original$`)).at(-1)?.body;
  const buttonsOf = (body: any) => (body?.components ?? []).flatMap((row: any) => row.components ?? []);

  /** `/meet link`, then the code redeemed through the API with `token`. */
  async function link(call: ApiCall, discordId: string, token: string) {
    const payload = discordSlash(discordId, 'link');
    await dispatch(payload);
    const code = /(yava_link_[\w-]+)/.exec(editOf(payload).content)![1]!;
    const res = await call('POST', '/api/chat/link', { token, body: { code } });
    expect(res.status, res.text).to.equal(200);
  }

  return { dispatch, callbackOf, editOf, buttonsOf, link };
}
