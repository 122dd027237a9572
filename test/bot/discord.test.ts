import { expect } from 'chai';
import { createFixedClock } from '../../core/clock.js';
import type { RunningServer } from '../../server/compose.js';
import { createDiscordBot, registerDiscordCommands, type DiscordBot } from '../../bot/discord/bot.js';
import { resetTestDb } from '../helpers/db.js';
import { createHost } from '../helpers/scheduling.js';
import { apiClient, type ApiCall, startTestServer } from '../helpers/server.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord.js';

const APP_ID = '1100000000000000001';
const ADA_DISCORD = '2200000000000000001';
const ALICE_DISCORD = '2200000000000000002';
const STRANGER_DISCORD = '2200000000000000003';

let seq = 3300000000000000000n;
const nextId = () => String(++seq);

const discordUser = (id: string) => ({ id, username: `u${id.slice(-2)}`, discriminator: '0', global_name: null, avatar: null });

/** A gateway INTERACTION_CREATE payload for `/meet <sub> …` in a DM. */
function slashPayload(userId: string, sub: string, options: Array<{ name: string; type: number; value: string }> = [], resolvedUsers: string[] = []) {
  return {
    id: nextId(),
    application_id: APP_ID,
    type: 2,
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
function buttonPayload(userId: string, customId: string) {
  return {
    id: nextId(),
    application_id: APP_ID,
    type: 3,
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
    message: { id: nextId(), channel_id: `dm${userId}`, type: 0, content: 'Pick a time', components: [], embeds: [], attachments: [], mentions: [], mention_roles: [], pinned: false, mention_everyone: false, tts: false, timestamp: new Date().toISOString(), edited_timestamp: null, flags: 64, author: discordUser(APP_ID) },
    data: { custom_id: customId, component_type: 2 },
  };
}

describe('Discord bot (/meet)', () => {
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  let server: RunningServer;
  let call: ApiCall;
  let discord: FakeDiscord;
  let bot: DiscordBot;
  let ada: { token: string; user: any };
  let alice: { token: string; user: any };

  before(async () => {
    await resetTestDb();
    discord = await startFakeDiscord();
    server = await startTestServer({ clock, env: { DISCORD_TOKEN: 'discord-test-token', DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: discord.url } });
    call = apiClient(server.url);
    ada = await createHost(call, 'ada', { timezone: 'Europe/Paris' });
    alice = await createHost(call, 'alice', { timezone: 'America/New_York' });
    bot = createDiscordBot(server.deps);
  });
  after(async () => {
    await bot?.stop();
    await server?.close();
    await discord?.close();
  });

  /** Feeds a gateway payload through discord.js (it builds the interaction), then waits for the handler. */
  async function dispatch(payload: Record<string, unknown>) {
    (bot.client as any).actions.InteractionCreate.handle(payload);
    await bot.idle();
  }

  const callbackOf = (payload: { id: string; token: string }) => discord.find('POST', new RegExp(`/interactions/${payload.id}/${payload.token}/callback$`));
  const editOf = (payload: { token: string }) => discord.find('PATCH', new RegExp(`/webhooks/${APP_ID}/${payload.token}/messages/(@|%40)original$`)).at(-1)?.body;
  const buttonsOf = (body: any) => (body?.components ?? []).flatMap((row: any) => row.components ?? []);

  async function link(discordId: string, token: string) {
    const payload = slashPayload(discordId, 'link');
    await dispatch(payload);
    const code = /(yava_link_[\w-]+)/.exec(editOf(payload).content)![1]!;
    const res = await call('POST', '/api/chat/link', { token, body: { code } });
    expect(res.status, res.text).to.equal(200);
  }

  it('registers /meet with its subcommands through the REST API', async () => {
    await registerDiscordCommands({ token: 'discord-test-token', applicationId: APP_ID, apiUrl: discord.url, test: true });
    const put = discord.find('PUT', new RegExp(`/applications/${APP_ID}/commands$`)).at(-1)!;
    expect(put.body[0].name).to.equal('meet');
    expect(put.body[0].options.map((o: any) => o.name)).to.deep.equal(['book', 'slots', 'list', 'cancel', 'link', 'help']);
  });

  it('answers an unlinked user with the link flow, privately', async () => {
    const payload = slashPayload(STRANGER_DISCORD, 'list');
    await dispatch(payload);
    const [callback] = callbackOf(payload);
    expect(callback!.body.type).to.equal(5); // deferred channel message
    expect(callback!.body.data.flags).to.equal(64); // ephemeral
    expect(editOf(payload).content).to.match(/Connect your Yava account first.*yava_link_/);
  });

  it('offers slot buttons, books a click, DMs both people, and the API and outbox see the booking', async () => {
    await link(ADA_DISCORD, ada.token);
    await link(ALICE_DISCORD, alice.token);
    const ask = slashPayload(ADA_DISCORD, 'book', [{ name: 'request', type: 3, value: `30 min with <@${ALICE_DISCORD}> tomorrow afternoon` }]);
    await dispatch(ask);
    const offered = editOf(ask);
    const buttons = buttonsOf(offered);
    expect(buttons.length).to.be.within(1, 5);
    expect(buttons[0].label).to.equal('Wed 25 Nov, 15:00–15:30');

    const click = buttonPayload(ADA_DISCORD, buttons[0].custom_id);
    await dispatch(click);
    expect(callbackOf(click)[0]!.body.type).to.equal(6); // deferred update of the message
    const booked = editOf(click);
    expect(booked.content).to.match(/^Booked: .*Wed 25 Nov, 15:00–15:30/);
    expect(booked.components).to.deep.equal([]);
    const id = /`([0-9a-f-]{36})`/.exec(booked.content)![1]!;

    const dms = discord.find('POST', /^\/api\/v10\/users\/@me\/channels$/).map((c) => c.body.recipient_id);
    expect(dms.sort()).to.deep.equal([ADA_DISCORD, ALICE_DISCORD].sort());
    for (const person of [ADA_DISCORD, ALICE_DISCORD]) {
      expect(discord.find('POST', new RegExp(`/channels/dm${person}/messages$`)), `a DM to ${person}`).to.have.length(1);
    }
    const aliceDm = discord.find('POST', new RegExp(`/channels/dm${ALICE_DISCORD}/messages$`)).at(-1)!;
    expect(aliceDm.body.content).to.include('Wed 25 Nov, 09:00–09:30 (America/New_York)');

    const meeting = await call('GET', `/api/meetings/${id}`, { token: alice.token });
    expect(meeting.status).to.equal(200);
    expect(meeting.body.source ?? meeting.body.meeting?.source).to.equal('discord');
    expect((await server.deps.db('outbox').where({ booking_id: id })).length).to.be.greaterThan(0);

    // The same gateway delivery again books nothing.
    const before = (await server.deps.db('bookings').count({ n: '*' }).first())!.n;
    await dispatch(click);
    expect((await server.deps.db('bookings').count({ n: '*' }).first())!.n).to.equal(before);
  });

  it('offers fresh buttons when the time was taken meanwhile', async () => {
    const ask = slashPayload(ADA_DISCORD, 'slots', [{ name: 'with', type: 6, value: ALICE_DISCORD }, { name: 'when', type: 3, value: 'thursday afternoon' }], [ALICE_DISCORD]);
    await dispatch(ask);
    const first = buttonsOf(editOf(ask))[0];
    expect(first.label).to.equal('Thu 26 Nov, 15:00–15:30');
    await server.deps.services.booking.scheduleAdHocBooking({ organizerUserId: alice.user.id, usernames: [], start: '2026-11-26T14:00:00.000Z', durationMinutes: 30, title: 'Taken', source: 'api' });
    const click = buttonPayload(ADA_DISCORD, first.custom_id);
    await dispatch(click);
    const answer = editOf(click);
    expect(answer.content).to.match(/just taken/);
    expect(buttonsOf(answer).map((b: any) => b.label)).not.to.include('Thu 26 Nov, 15:00–15:30');
  });

  it('lists and cancels meetings, and turns errors into a short private reply', async () => {
    const list = slashPayload(ADA_DISCORD, 'list');
    await dispatch(list);
    const listed = editOf(list);
    expect(listed.content).to.match(/^Upcoming meetings \(Europe\/Paris\)/);
    const cancelButton = buttonsOf(listed)[0];
    const click = buttonPayload(ADA_DISCORD, cancelButton.custom_id);
    await dispatch(click);
    expect(editOf(click).content).to.match(/^Canceled: /);

    const bad = slashPayload(ADA_DISCORD, 'cancel', [{ name: 'id', type: 3, value: 'ffffffff' }]);
    await dispatch(bad);
    expect(editOf(bad).content).to.match(/^⚠️ No upcoming meeting/);
    expect(editOf(bad).content).not.to.match(/\.ts:\d+|stack/);
  });

  it('asks one question when the request lacks something', async () => {
    const ask = slashPayload(ADA_DISCORD, 'book', [{ name: 'request', type: 3, value: `with <@${ALICE_DISCORD}> friday` }]);
    await dispatch(ask);
    expect(editOf(ask).content).to.equal('How long should the meeting be?');
    expect(buttonsOf(editOf(ask))).to.have.length(0);
  });
});
