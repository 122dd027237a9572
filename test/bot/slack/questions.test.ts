import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { createFixedClock } from '../../../core/clock.js';
import type { RunningServer } from '../../../server/compose.js';
import { resetTestDb } from '../../helpers/db.js';
import { createHost } from '../../helpers/scheduling.js';
import { apiClient, registerUser, startTestServer, verifyEmail } from '../../helpers/server.js';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack.js';
import { SLACK_SECRET, SLACK_TEAM, slackButtonsOf, slackDriver, slackInteraction } from '../../helpers/slack.js';

describe('Slack questions with choices (POST /slack/events)', () => {
  // Tuesday 24 Nov 2026, 10:00 UTC.
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const env = () => ({ SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: slack.apiUrl });
  let server: RunningServer;
  let slack: FakeSlack;
  let driver: ReturnType<typeof slackDriver>;

  before(async () => {
    await resetTestDb();
    slack = await startFakeSlack();
    server = await startTestServer({ clock, env: env() });
    const call = apiClient(server.url);
    await createHost(call, 'ada', { timezone: 'Europe/Paris' });
    for (const [username, name] of [['mchen', 'Maria Chen'], ['mpark', 'Maria Park']]) {
      const s = await registerUser(call, { username, name, timezone: 'Europe/Paris' });
      await call('PUT', '/api/availability/schedule', { token: s.accessToken, body: { timezone: 'Europe/Paris', weekly: [{ day: 'fri', start: '09:00', end: '17:00' }], overrides: [] } });
    }
    await verifyEmail(server, 'ada@example.com');
    slack.addUser({ id: 'UADA', email: 'ada@example.com', tz: 'Europe/Paris', name: 'ada' });
    driver = slackDriver(server, slack, clock);
  });
  after(async () => {
    await server?.close();
    await slack?.close();
  });

  const click = (button: { action_id: string; value: string }) => {
    const payload = {
      type: 'block_actions',
      team: { id: SLACK_TEAM, domain: 'yava' },
      user: { id: 'UADA', username: 'ada', team_id: SLACK_TEAM },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: `trig-${randomUUID()}`,
      container: { type: 'message', message_ts: '1.2', channel_id: 'C1', is_ephemeral: true },
      channel: { id: 'C1', name: 'general' },
      response_url: slack.responseUrl(),
      actions: [{ type: 'button', action_id: button.action_id, block_id: 'meet_answers', value: button.value, text: { type: 'plain_text', text: 'x' }, action_ts: '1.3' }],
    };
    return driver.post(slackInteraction(payload)).then(async (res) => {
      expect(res.status).to.equal(200);
      await driver.settle();
      return slack.callsTo('response_url').at(-1)!.body;
    });
  };

  it('offers a button per person when a name fits several, and a click answers the question, after a restart too', async () => {
    const { last } = await driver.slash('30 min with maria friday 10am');
    expect(last!.text).to.equal('Which maria — Maria Chen or Maria Park?');
    const buttons = slackButtonsOf(last!);
    expect(buttons.map((b: any) => b.text.text)).to.deep.equal(['Maria Chen', 'Maria Park']);
    // The buttons carry all they need: a new server process reads the question from the database.
    await server.close();
    server = await startTestServer({ clock, env: env() });
    driver = slackDriver(server, slack, clock);
    const answered = await click(buttons[1]);
    expect(answered.replace_original).to.equal(true);
    expect(slackButtonsOf(answered).map((b: any) => b.text.text)).to.deep.equal(['Fri 27 Nov, 10:00–10:30']);
    expect(JSON.stringify(answered.blocks)).to.include('Maria Park');
    // The same button again: the question is answered, so it says so and books nothing.
    const stale = await click(buttons[0]);
    expect(stale.text).to.match(/^:warning: That question is no longer open/);
  });

  it('offers the two days of a day said two ways, and keeps the part of the day asked for', async () => {
    const { last } = await driver.slash('30 min with mpark next friday morning');
    expect(last!.text).to.equal('Friday the 27th of November or the 4th of December?');
    const answered = await click(slackButtonsOf(last!)[1]);
    const times = slackButtonsOf(answered).map((b: any) => b.text.text);
    expect(times.length).to.be.greaterThan(1);
    for (const time of times) expect(time).to.match(/^Fri 4 Dec, (09|10|11):/);
  });
});
