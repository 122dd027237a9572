import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { startFakeDiscord, type FakeDiscord } from '../../../fakes/discord.js';
import { startFakeSlack, type FakeSlack } from '../../../fakes/slack.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer } from '../../../helpers/server.js';

describe("chat reminders: a direct message on the host's linked Slack and Discord accounts", () => {
  let server: RunningServer;
  let slack: FakeSlack;
  let discord: FakeDiscord;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  let host: Awaited<ReturnType<typeof registerUser>>;
  const drain = () => server.deps.services.notify.createDispatcher({ backoffBaseMs: 1000, random: () => 0.5 }).drain();

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    slack = await startFakeSlack();
    discord = await startFakeDiscord();
    server = await startTestServer({ clock, env: { PUBLIC_URL: 'http://yava.test', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: slack.apiUrl, DISCORD_TOKEN: 'discord-test-token', DISCORD_API_URL: discord.url } });
    const call = apiClient(server.url);
    host = await registerUser(call, { name: 'Hela', username: 'hela', timezone: 'Europe/Berlin' });
    const et = await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro', durationMinutes: 30 });
    const res = await call('PUT', `/api/event-types/${et.id}/notifications`, { token: host.accessToken, body: { reminders: [{ minutesBefore: 60, channel: 'chat' }] } });
    expect(res.status, res.text).to.equal(200);
    await server.deps.db('chat_accounts').insert([
      { platform: 'slack', workspace_id: 'T1', external_user_id: 'UHELA', user_id: host.user.id },
      { platform: 'discord', workspace_id: 'discord', external_user_id: '424242', user_id: host.user.id },
    ]);
  });
  after(async () => {
    await server.close();
    await slack.close();
    await discord.close();
  });

  it('plans the chat reminder at its instant and sends it on both platforms with the bots’ tokens, logged as sent', async () => {
    const { booking } = await server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: { name: 'Ivy', email: 'ivy@example.com', timezone: 'UTC' } });
    const rows = await server.deps.db('outbox').where({ booking_id: booking.id, channel: 'chat' });
    expect(rows).to.have.length(1);
    expect(new Date(rows[0].next_attempt_at).toISOString()).to.equal('2026-11-25T08:00:00.000Z');
    await drain();
    expect(slack.callsTo('chat.postMessage')).to.have.length(0);
    clock.set('2026-11-25T08:00:00Z');
    await drain();
    const [post] = slack.callsTo('chat.postMessage');
    expect(post!.body.channel).to.equal('UHELA');
    expect(post!.token).to.equal('xoxb-test');
    expect(post!.body.text).to.contain('Intro').and.contain('in 1 hour');
    expect(discord.find('POST', /\/users\/@me\/channels$/)[0]!.body).to.deep.equal({ recipient_id: '424242' });
    const [dm] = discord.find('POST', /\/channels\/dm424242\/messages$/);
    expect(dm!.body.content).to.equal(post!.body.text);
    // A title holding "@everyone" or a mention pings nobody.
    expect(dm!.body.allowed_mentions).to.deep.equal({ parse: [] });
    const row = await server.deps.db('outbox').where({ id: rows[0].id }).first();
    expect(row.status, String(row.last_error)).to.equal('sent');
    expect(row.provider_id).to.match(/^slack:\S+ discord:\d+$/);
    const log = await server.deps.services.inbox.log({ userId: host.user.id, email: host.email, all: false }, { channel: 'chat' });
    expect(log.messages[0]).to.include({ channel: 'chat', status: 'sent', providerId: row.provider_id, attempts: 1 });
  });

  it('retries only the platform that failed: Slack took it, Discord failed once, the retry sends to Discord alone', async () => {
    const { booking } = await server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start: '2026-11-25T14:00:00Z', invitee: { name: 'Ivy', email: 'ivy@example.com', timezone: 'UTC' } });
    const slackBefore = slack.callsTo('chat.postMessage').length;
    const dms = () => discord.find('POST', /\/channels\/dm424242\/messages$/);
    const discordBefore = dms().length;
    discord.failNext('POST', /\/channels\/dm424242\/messages$/);
    clock.set('2026-11-25T13:00:00Z');
    await drain();
    const row = await server.deps.db('outbox').where({ booking_id: booking.id, channel: 'chat' }).first();
    expect(row.status).to.equal('pending');
    expect(row.attempts).to.equal(1);
    expect(slack.callsTo('chat.postMessage')).to.have.length(slackBefore + 1);
    expect(dms().slice(discordBefore).map((c) => Boolean(c.failed))).to.deep.equal([true]);
    clock.set('2026-11-25T13:05:00Z');
    await drain();
    const after = await server.deps.db('outbox').where({ id: row.id }).first();
    expect(after.status, String(after.last_error)).to.equal('sent');
    expect(slack.callsTo('chat.postMessage')).to.have.length(slackBefore + 1);
    expect(dms().slice(discordBefore).filter((c) => !c.failed)).to.have.length(1);
    expect(after.provider_id).to.match(/^slack:\S+ discord:\d+$/);
  });

  it('fails permanently (dead, not retried) for a user with no linked account left', async () => {
    await server.deps.db('chat_accounts').where({ user_id: host.user.id }).delete();
    const { booking } = await server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start: '2026-11-26T10:00:00Z', invitee: { name: 'Ivy', email: 'ivy@example.com', timezone: 'UTC' } });
    // Unlinked before the booking: nothing is planned on a channel the host cannot be reached on.
    expect(await server.deps.db('outbox').where({ booking_id: booking.id, channel: 'chat' })).to.have.length(0);
    await server.deps.db('chat_accounts').insert({ platform: 'slack', workspace_id: 'T1', external_user_id: 'UHELA', user_id: host.user.id });
    const { booking: later } = await server.deps.services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start: '2026-11-27T10:00:00Z', invitee: { name: 'Ivy', email: 'ivy@example.com', timezone: 'UTC' } });
    await server.deps.db('chat_accounts').where({ user_id: host.user.id }).delete();
    clock.set('2026-11-27T09:00:00Z');
    await drain();
    const row = await server.deps.db('outbox').where({ booking_id: later.id, channel: 'chat' }).first();
    expect(row.status).to.equal('dead');
    expect(row.last_error).to.contain('no linked Slack or Discord account');
  });

  it('a chat account linked after booking gets the chat reminders of the meetings already booked (once, not again on a second link)', async () => {
    const { db, services } = server.deps;
    await db('chat_accounts').where({ user_id: host.user.id }).delete();
    clock.set('2026-11-24T08:00:00Z');
    const { booking } = await services.booking.scheduleBooking({ user: 'hela', eventType: 'intro', start: '2026-11-30T10:00:00Z', invitee: { name: 'Ivy', email: 'ivy@example.com', timezone: 'UTC' } });
    expect(await db('outbox').where({ booking_id: booking.id, channel: 'chat' }), 'unlinked: nothing planned').to.have.length(0);
    const identity = { platform: 'discord' as const, workspaceId: 'discord', externalUserId: '424242' };
    const { code } = await services.chatAccounts.createLinkCode(identity);
    await services.chatAccounts.redeemLinkCode(code, host.user.id);
    const planned = await db('outbox').where({ booking_id: booking.id, channel: 'chat' });
    expect(planned).to.have.length(1);
    expect(new Date(planned[0].next_attempt_at).toISOString()).to.equal('2026-11-30T09:00:00.000Z');
    // The same link again changes nothing: no second reminder.
    const { code: again } = await services.chatAccounts.createLinkCode(identity);
    await services.chatAccounts.redeemLinkCode(again, host.user.id);
    expect(await db('outbox').where({ booking_id: booking.id, channel: 'chat', status: 'pending' })).to.have.length(1);
  });
});
