import { expect } from 'chai';
import { createFixedClock } from '../../../core/clock.js';
import type { RunningServer } from '../../../server/compose.js';
import { createDiscordBot, registerDiscordCommands, type DiscordBot } from '../../../bot/discord/bot.js';
import { resetTestDb } from '../../helpers/db.js';
import { createHost } from '../../helpers/scheduling.js';
import { apiClient, type ApiCall, startTestServer } from '../../helpers/server.js';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord.js';
import { DISCORD_APP_ID, discordButton, discordDriver, discordSlash } from '../../helpers/discord.js';

const APP_ID = DISCORD_APP_ID;
const ADA_DISCORD = '2200000000000000001';
const ALICE_DISCORD = '2200000000000000002';
const STRANGER_DISCORD = '2200000000000000003';
const slashPayload = discordSlash;
const buttonPayload = discordButton;

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
    driver = discordDriver(bot, discord);
  });
  after(async () => {
    await bot?.stop();
    await server?.close();
    await discord?.close();
  });

  let driver: ReturnType<typeof discordDriver>;
  const dispatch = (payload: Record<string, unknown>) => driver.dispatch(payload);
  const callbackOf = (payload: { id: string; token: string }) => driver.callbackOf(payload);
  const editOf = (payload: { token: string }) => driver.editOf(payload);
  const buttonsOf = (body: any) => driver.buttonsOf(body);
  const link = (discordId: string, token: string) => driver.link(call, discordId, token);

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

  it('keeps /meet list within Discord\'s 2000 characters with 25 meetings of 200-character titles', async () => {
    const days = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];
    const starts = days.flatMap((day) => ['08', '09', '10', '11', '12', '13', '14'].map((hour) => `${day}T${hour}:00:00.000Z`)).slice(0, 25);
    for (const [i, start] of starts.entries()) {
      await server.deps.services.booking.scheduleAdHocBooking({ organizerUserId: ada.user.id, usernames: [], start, durationMinutes: 30, title: `${i} ${'t'.repeat(200)}`.slice(0, 200), source: 'api' });
    }
    const list = slashPayload(ADA_DISCORD, 'list');
    await dispatch(list);
    const edits = discord.find('PATCH', new RegExp(`/webhooks/${APP_ID}/${list.token}/messages/(@|%40)original$`));
    expect(edits.filter((edit) => edit.failed), 'Discord refused an edit').to.deep.equal([]);
    const { content } = editOf(list);
    expect(content.length).to.be.at.most(2000);
    // Titles are the invitees' words: whatever they hold ("@everyone", <@id>), the reply pings nobody.
    expect(edits.at(-1)!.body.allowed_mentions).to.deep.equal({ parse: [] });
    expect(content).to.match(/^Upcoming meetings \(Europe\/Paris\)/);
    expect(content).to.match(/\n…and \d+ more: run `yava meetings` or open \/app$/);
  });

  it('asks one question when the request lacks something', async () => {
    const ask = slashPayload(ADA_DISCORD, 'book', [{ name: 'request', type: 3, value: `with <@${ALICE_DISCORD}> friday` }]);
    await dispatch(ask);
    expect(editOf(ask).content).to.equal('How long should the meeting be?');
    expect(buttonsOf(editOf(ask))).to.have.length(0);
  });

  it('offers a button per day for a day said two ways; a click answers the question', async () => {
    const ask = slashPayload(ADA_DISCORD, 'book', [{ name: 'request', type: 3, value: `30 min with <@${ALICE_DISCORD}> next friday afternoon` }]);
    await dispatch(ask);
    expect(editOf(ask).content).to.equal('Friday the 27th of November or the 4th of December?');
    const days = buttonsOf(editOf(ask));
    expect(days.map((b: any) => b.label)).to.deep.equal(['the 27th of November', 'the 4th of December']);
    const click = buttonPayload(ADA_DISCORD, days[1].custom_id);
    await dispatch(click);
    const times = buttonsOf(editOf(click)).map((b: any) => b.label);
    expect(times[0]).to.equal('Fri 4 Dec, 15:00–15:30');
    // Pressed again once answered: it says so instead of answering twice.
    const again = buttonPayload(ADA_DISCORD, days[0].custom_id);
    await dispatch(again);
    expect(editOf(again).content).to.match(/^⚠️ That question is no longer open/);
  });

  it('asks "Who else should be in the meeting?" for a meeting with only yourself, and reads "with alice" without @', async () => {
    const alone = slashPayload(ADA_DISCORD, 'book', [{ name: 'request', type: 3, value: `30 min with <@${ADA_DISCORD}> friday 10am` }]);
    await dispatch(alone);
    expect(editOf(alone).content).to.equal('Who else should be in the meeting?');
    const plain = slashPayload(ADA_DISCORD, 'book', [{ name: 'request', type: 3, value: '30 min with alice friday 4pm' }]);
    await dispatch(plain);
    expect(buttonsOf(editOf(plain)).map((b: any) => b.label)).to.deep.equal(['Fri 27 Nov, 16:00–16:30']);
  });
});
