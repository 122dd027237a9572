import { expect } from 'chai';
import { createDiscordBot, type DiscordBot } from '../../../bot/discord/bot.js';
import { decodePickId } from '../../../bot/discord/render.js';
import { decodePick } from '../../../bot/slack/views/slotPicker.js';
import { createFixedClock } from '../../../core/clock.js';
import type { StoredRequest } from '../../../core/requests/index.js';
import type { RunningServer } from '../../../server/compose.js';
import { tempConfigHome, yava } from '../../cli/helpers.js';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord.js';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack.js';
import { resetTestDb } from '../../helpers/db.js';
import { DISCORD_APP_ID, discordDriver, discordSlash } from '../../helpers/discord.js';
import { createHost } from '../../helpers/scheduling.js';
import { apiClient, startTestServer, verifyEmail, type ApiCall } from '../../helpers/server.js';
import { SLACK_SECRET, slackButtonsOf, slackDriver } from '../../helpers/slack.js';

/**
 * "One workflow, one place": the CLI (through POST /api/requests), Slack and Discord (in
 * process) read the same request at the same instant into the same proposal.
 */
describe('the same request through the CLI, Slack and Discord', () => {
  // Tuesday 24 Nov 2026, 10:00 UTC; "tomorrow 3pm" in Paris is 14:00 UTC, 09:00 for Alice in New York.
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const ADA_DISCORD = '2200000000000000011';
  let server: RunningServer;
  let call: ApiCall;
  let slack: FakeSlack;
  let discord: FakeDiscord;
  let bot: DiscordBot;
  let ada: { token: string; user: any };
  let home: ReturnType<typeof tempConfigHome>;

  before(async () => {
    await resetTestDb();
    home = tempConfigHome();
    slack = await startFakeSlack();
    discord = await startFakeDiscord();
    server = await startTestServer({
      clock,
      env: { SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: slack.apiUrl, DISCORD_TOKEN: 'discord-test-token', DISCORD_APPLICATION_ID: DISCORD_APP_ID, DISCORD_API_URL: discord.url },
    });
    call = apiClient(server.url);
    ada = await createHost(call, 'ada', { timezone: 'Europe/Paris' });
    await createHost(call, 'alice', { timezone: 'America/New_York' });
    // Slack links ada's account by the email she verified.
    await verifyEmail(server, 'ada@example.com');
    slack.addUser({ id: 'UADA', email: 'ada@example.com', tz: 'Europe/Paris', name: 'ada' });
    bot = createDiscordBot(server.deps);
  });
  after(async () => {
    await bot?.stop();
    await server?.close();
    await slack?.close();
    await discord?.close();
    home?.cleanup();
  });

  const stored = (id: string): Promise<StoredRequest> => server.deps.services.requests.get(id, ada.user.id);
  /** What a proposal is, whichever door it came through. */
  const proposalOf = (r: StoredRequest) => ({ status: r.status, timezone: r.timezone, start: r.intent.start, durationMinutes: r.intent.durationMinutes, proposal: r.proposal });

  it('proposes the same slots for the same people, length, title and search window', async () => {
    const fromSlack = await slackDriver(server, slack, clock).slash('30 min with @alice tomorrow 3pm');
    const slackPicks: Array<{ proposalId: string; start: string }> = slackButtonsOf(fromSlack.last!).map((b: any) => decodePick(b.value)!);

    const discordBot = discordDriver(bot, discord);
    await discordBot.link(call, ADA_DISCORD, ada.token);
    const ask = discordSlash(ADA_DISCORD, 'book', [{ name: 'request', type: 3, value: '30 min with @alice tomorrow 3pm' }]);
    await discordBot.dispatch(ask);
    const discordPicks: Array<{ proposalId: string; start: string }> = discordBot.buttonsOf(discordBot.editOf(ask)).map((b: any) => decodePickId(b.custom_id)!);

    const pat = (await call('POST', '/api/tokens', { token: ada.token, body: { name: 'cli' } })).body.token;
    const cli = await yava(['book', '30 min with alice tomorrow 3pm', '--tz', 'Europe/Paris', '--json'], { env: { XDG_CONFIG_HOME: home.dir, YAVA_SERVER: server.url, YAVA_TOKEN: pat } });
    expect(cli.code, cli.stderr).to.equal(0);
    const cliRequestId = (await server.deps.db('meeting_requests').where({ source: 'api' }).first('id')).id;

    const expected = [{ start: '2026-11-25T14:00:00.000Z', end: '2026-11-25T14:30:00.000Z' }];
    const [viaSlack, viaDiscord, viaCli] = await Promise.all([stored(slackPicks[0]!.proposalId), stored(discordPicks[0]!.proposalId), stored(cliRequestId)]);
    expect(viaSlack.source).to.equal('slack');
    expect(viaDiscord.source).to.equal('discord');
    expect(viaCli.source).to.equal('api');
    expect(viaSlack.proposal!.slots).to.deep.equal(expected);
    expect(viaSlack.proposal!.participants.map((p) => p.username)).to.deep.equal(['alice']);
    // The CLI booked its proposal afterwards; what it was offered is the same as the bots'.
    expect({ ...proposalOf(viaCli), status: 'proposed' }).to.deep.equal(proposalOf(viaSlack));
    expect(proposalOf(viaDiscord)).to.deep.equal(proposalOf(viaSlack));
    expect(slackPicks.map((p) => p.start)).to.deep.equal(expected.map((s) => s.start));
    expect(discordPicks.map((p) => p.start)).to.deep.equal(expected.map((s) => s.start));
    expect(cli.json()).to.include({ start: expected[0]!.start, end: expected[0]!.end, title: viaSlack.proposal!.title });
  });
});
