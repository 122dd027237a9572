import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { createFixedClock } from '../../../core/clock.js';
import type { RunningServer } from '../../../server/compose.js';
import { resetTestDb } from '../../helpers/db.js';
import { createHost } from '../../helpers/scheduling.js';
import { apiClient, registerUser, type ApiCall, startTestServer, verifyEmail } from '../../helpers/server.js';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack.js';
import { SLACK_SECRET as SECRET, SLACK_TEAM as TEAM, slackButtonsOf, slackDriver, slackInteraction } from '../../helpers/slack.js';

describe('Slack bot (POST /slack/events)', () => {
  // Tuesday 24 Nov 2026, 10:00 UTC.
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  let server: RunningServer;
  let call: ApiCall;
  let slack: FakeSlack;
  let ada: { token: string; user: any };
  let alice: { token: string; user: any };

  before(async () => {
    await resetTestDb();
    slack = await startFakeSlack();
    server = await startTestServer({ clock, env: { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: slack.apiUrl } });
    call = apiClient(server.url);
    ada = await createHost(call, 'ada', { timezone: 'Europe/Paris' });
    alice = await createHost(call, 'alice', { timezone: 'America/New_York' });
    // Slack links accounts by email only to Yava accounts that verified it.
    await verifyEmail(server, 'ada@example.com');
    await verifyEmail(server, 'alice@example.com');
    slack.addUser({ id: 'UADA', email: 'ada@example.com', tz: 'Europe/Paris', name: 'ada' });
    slack.addUser({ id: 'UALICE', email: 'alice@example.com', tz: 'America/New_York', name: 'alice' });
    slack.addUser({ id: 'UNEW', email: 'someone-else@example.net', tz: 'Asia/Tokyo', name: 'new' });
    ({ settle, post, slashBody, slash } = slackDriver(server, slack, clock));
  });
  after(async () => {
    await server?.close();
    await slack?.close();
  });

  let settle: () => Promise<void>;
  let post: ReturnType<typeof slackDriver>['post'];
  let slashBody: ReturnType<typeof slackDriver>['slashBody'];
  let slash: ReturnType<typeof slackDriver>['slash'];
  const interaction = slackInteraction;
  const buttonsOf = slackButtonsOf;
  const slotPickerText = (message: Record<string, any>) => JSON.stringify(message.blocks ?? []);

  function blockAction(user: string, actionId: string, value: string, responseUrl: string, extra: Record<string, unknown> = {}) {
    return {
      type: 'block_actions',
      team: { id: TEAM, domain: 'yava' },
      user: { id: user, username: user.toLowerCase(), team_id: TEAM },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: `trig-${randomUUID()}`,
      container: { type: 'message', message_ts: '1.2', channel_id: 'C1', is_ephemeral: true },
      channel: { id: 'C1', name: 'general' },
      response_url: responseUrl,
      actions: [{ type: 'button', action_id: actionId, block_id: 'meet_slots', value, text: { type: 'plain_text', text: 'x' }, action_ts: '1.3' }],
      ...extra,
    };
  }

  describe('signatures', () => {
    it('answers a bad signature with 401 and does nothing', async () => {
      const before = slack.calls.length;
      const { body } = slashBody('30 min with <@UALICE> tomorrow afternoon');
      const res = await post(body, { secret: 'wrong-secret' });
      expect(res.status).to.equal(401);
      await settle();
      expect(slack.calls.length).to.equal(before);
      expect(await server.deps.db('chat_deliveries').count({ n: '*' }).first()).to.deep.include({ n: 0 });
    });

    it('answers a stale timestamp (over five minutes) with 401 even when signed right', async () => {
      const before = slack.calls.length;
      const { body } = slashBody('list');
      const res = await post(body, { timestamp: Math.floor(clock.now().getTime() / 1000) - 6 * 60 });
      expect(res.status).to.equal(401);
      expect((await post(body, { signature: 'v0=deadbeef' })).status).to.equal(401);
      expect((await post(body, { signature: '' })).status).to.equal(401);
      await settle();
      expect(slack.calls.length).to.equal(before);
    });

    it('answers the Events API url_verification challenge', async () => {
      const res = await post(JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' }), { contentType: 'application/json' });
      expect(res.status).to.equal(200);
      expect(JSON.parse(res.text)).to.deep.equal({ challenge: 'abc123' });
    });
  });

  describe('/meet', () => {
    let proposalButtons: any[];
    let pickResponseUrl: string;

    it('offers up to five common free times as buttons, in the asker\'s Slack zone, acking at once', async () => {
      const { res, last } = await slash('30 min with <@UALICE> tomorrow afternoon');
      expect(res.text).to.equal('');
      expect(res.ms).to.be.below(3000);
      expect(last, 'an ephemeral answer on response_url').to.exist;
      expect(last!.response_type).to.equal('ephemeral');
      proposalButtons = buttonsOf(last!);
      expect(proposalButtons.length, JSON.stringify(last)).to.be.within(1, 5);
      // Ada is in Paris (UTC+1), Alice in New York (09:00 = 15:00 Paris): the afternoon overlap starts at 15:00 Paris.
      expect(proposalButtons[0].text.text).to.equal('Wed 25 Nov, 15:00–15:30');
      expect(proposalButtons[0].value).to.match(/\|2026-11-25T14:00:00.000Z$/);
      pickResponseUrl = slack.responseUrl();
    });

    it('books a clicked time: the buttons become the booking, both people get a message, the API sees it and an email is queued', async () => {
      const posted = slack.callsTo('chat.postMessage').length;
      const res = await post(interaction(blockAction('UADA', proposalButtons[0].action_id, proposalButtons[0].value, pickResponseUrl)));
      expect(res.status).to.equal(200);
      await settle();
      const answer = slack.callsTo('response_url').at(-1)!.body;
      expect(answer.replace_original).to.equal(true);
      expect(answer.text).to.match(/^Booked: .*Wed 25 Nov, 15:00–15:30/);
      const id = /`([0-9a-f-]{36})`/.exec(answer.text)![1]!;

      const messages = slack.callsTo('chat.postMessage').slice(posted);
      expect(messages.map((m) => m.body.channel).sort()).to.deep.equal(['UADA', 'UALICE']);
      expect(messages.find((m) => m.body.channel === 'UALICE')!.body.text).to.include('Wed 25 Nov, 09:00–09:30');

      const meeting = await call('GET', `/api/meetings/${id}`, { token: alice.token });
      expect(meeting.status, meeting.text).to.equal(200);
      expect(meeting.body.source ?? meeting.body.meeting?.source).to.equal('slack');
      const outbox = await server.deps.db('outbox').where({ booking_id: id });
      expect(outbox.length, 'a confirmation email in the outbox').to.be.greaterThan(0);
    });

    it('books nothing on a second click of the same proposal', async () => {
      const before = await server.deps.db('bookings').count({ n: '*' }).first();
      await post(interaction(blockAction('UADA', proposalButtons[1].action_id, proposalButtons[1].value, slack.responseUrl())));
      await settle();
      expect(slack.callsTo('response_url').at(-1)!.body.text).to.match(/already picked/);
      expect(await server.deps.db('bookings').count({ n: '*' }).first()).to.deep.equal(before);
    });

    it('books once when Slack retries a delivery (X-Slack-Retry-Num)', async () => {
      const { last } = await slash('30 min with <@UALICE> tomorrow afternoon');
      const button = buttonsOf(last!)[0];
      const body = interaction(blockAction('UADA', button.action_id, button.value, slack.responseUrl()));
      const before = Number((await server.deps.db('bookings').count({ n: '*' }).first())!.n);
      const responses = slack.callsTo('response_url').length;
      const first = post(body);
      const retry = post(body, { retryNum: 1 });
      expect((await first).status).to.equal(200);
      expect((await retry).status).to.equal(200);
      await settle();
      expect(Number((await server.deps.db('bookings').count({ n: '*' }).first())!.n)).to.equal(before + 1);
      expect(slack.callsTo('response_url').length).to.equal(responses + 1);
    });

    it('offers fresh times when the picked one was taken meanwhile', async () => {
      const { last } = await slash('30 min with <@UALICE> thursday afternoon');
      const button = buttonsOf(last!)[0];
      const start = button.value.split('|')[1];
      await server.deps.services.booking.scheduleAdHocBooking({ organizerUserId: alice.user.id, usernames: [], start, durationMinutes: 30, title: 'Taken', source: 'api' });
      await post(interaction(blockAction('UADA', button.action_id, button.value, slack.responseUrl())));
      await settle();
      const answer = slack.callsTo('response_url').at(-1)!.body;
      expect(answer.replace_original).to.equal(true);
      expect(answer.text).to.match(/just taken/);
      const fresh = buttonsOf(answer);
      expect(fresh.length).to.be.within(1, 5);
      expect(fresh.map((b: any) => b.value.split('|')[1])).not.to.include(start);
    });

    it('asks one short question when something is missing, then reads the answer with the request', async () => {
      const first = await slash('with <@UALICE>');
      expect(first.last!.text).to.equal('What day and time should I book?');
      expect(buttonsOf(first.last!)).to.have.length(0);
      const second = await slash('friday 45 min');
      const buttons = buttonsOf(second.last!);
      expect(buttons.length, JSON.stringify(second.last)).to.be.greaterThan(0);
      expect(buttons[0].text.text).to.match(/^Fri 27 Nov, 15:00–15:45$/);
    });

    it('reads "with alice" without @ as the username, as the CLI does', async () => {
      const { last } = await slash('30 min with alice friday 4pm');
      expect(buttonsOf(last!).map((b: any) => b.text.text)).to.deep.equal(['Fri 27 Nov, 16:00–16:30']);
    });

    it('asks "Which maria — …?" when a name fits several people; the next /meet answers it', async () => {
      for (const [username, name] of [['mchen', 'Maria Chen'], ['mpark', 'Maria Park']]) {
        const s = await registerUser(call, { username, name, timezone: 'Europe/Paris' });
        await call('PUT', '/api/availability/schedule', { token: s.accessToken, body: { timezone: 'Europe/Paris', weekly: [{ day: 'fri', start: '09:00', end: '17:00' }], overrides: [] } });
      }
      const first = await slash('30 min with maria friday 10am');
      expect(first.last!.text).to.equal('Which maria — Maria Chen or Maria Park?');
      const second = await slash('@mpark');
      expect(buttonsOf(second.last!).map((b: any) => b.text.text)).to.deep.equal(['Fri 27 Nov, 10:00–10:30']);
      expect(slotPickerText(second.last!)).to.include('Maria Park');
    });

    it('asks "Who else should be in the meeting?" for a meeting with only yourself', async () => {
      for (const text of ['30 min with <@UADA> friday 10am', '30 min friday 10am']) {
        const { last } = await slash(text);
        expect(last!.text, text).to.equal('Who else should be in the meeting?');
      }
    });

    it('lists upcoming meetings and cancels one by its short id', async () => {
      const { last } = await slash('list');
      const sections = (last!.blocks as any[]).filter((b) => b.type === 'section' && b.accessory);
      expect(sections.length).to.be.greaterThan(1);
      const id: string = sections[0].accessory.value;
      const canceled = await slash(`cancel ${id.slice(0, 8)}`);
      expect(canceled.last!.text).to.match(/^Canceled: /);
      const meeting = await call('GET', `/api/meetings/${id}`, { token: ada.token });
      expect(meeting.body.status ?? meeting.body.meeting?.status).to.equal('canceled');
    });

    it('answers an error with a short ephemeral message and no stack trace', async () => {
      const { last } = await slash('30 min with @nosuchperson tomorrow afternoon');
      expect(last!.response_type).to.equal('ephemeral');
      expect(last!.text).to.match(/^:warning: /);
      expect(last!.text).not.to.match(/\bat .*\.(ts|js):\d+|stack|select /i);
    });

    it('shows help', async () => {
      const { last } = await slash('help');
      expect(last!.text).to.include('/meet slots');
    });

    it('links a Slack user whose email is unknown with a one-time code redeemed through the API', async () => {
      const { last } = await slash('list', 'UNEW');
      const code = /(yava_link_[\w-]+)/.exec(last!.text)![1]!;
      const bob = await registerUser(call, { username: 'bob', timezone: 'Europe/London' });
      const bad = await call('POST', '/api/chat/link', { token: bob.accessToken, body: { code: 'yava_link_nope' } });
      expect(bad.status).to.equal(401);
      const ok = await call('POST', '/api/chat/link', { token: bob.accessToken, body: { code } });
      expect(ok.status, ok.text).to.equal(200);
      expect((await call('POST', '/api/chat/link', { token: bob.accessToken, body: { code } })).status, 'a code works once').to.equal(401);
      const linked = await slash('link', 'UNEW');
      // The Slack profile zone wins over the account's.
      expect(linked.last!.text).to.include('@bob').and.to.include('Asia/Tokyo');
    });

    it('lists common free times with /meet slots', async () => {
      const { last } = await slash('slots <@UALICE> friday');
      expect(buttonsOf(last!)[0].text.text).to.equal('Fri 27 Nov, 15:00–15:30');
    });
  });

  describe('App Home, shortcut and modal', () => {
    it('publishes the home tab with upcoming meetings and cancel buttons, and redraws it after a cancel', async () => {
      const publishes = slack.callsTo('views.publish').length;
      const event = { token: 'x', team_id: TEAM, api_app_id: 'A1', type: 'event_callback', event_id: `Ev${randomUUID()}`, event_time: 1, authorizations: [{ team_id: TEAM, user_id: 'UBOT', is_bot: true }], event: { type: 'app_home_opened', user: 'UADA', channel: 'D1', tab: 'home', event_ts: '1.1' } };
      const res = await post(JSON.stringify(event), { contentType: 'application/json' });
      expect(res.status).to.equal(200);
      await settle();
      const published = slack.callsTo('views.publish').slice(publishes);
      expect(published).to.have.length(1);
      expect(published[0]!.body.user_id).to.equal('UADA');
      const cancelButtons = (published[0]!.body.view.blocks as any[]).filter((b) => b.accessory?.action_id === 'meet_cancel');
      expect(cancelButtons.length).to.be.greaterThan(0);

      // The same event retried by Slack is not handled again.
      await post(JSON.stringify(event), { contentType: 'application/json', retryNum: 1 });
      await settle();
      expect(slack.callsTo('views.publish').length).to.equal(publishes + 1);

      const id = cancelButtons[0].accessory.value;
      await post(interaction(blockAction('UADA', 'meet_cancel', id, slack.responseUrl(), { container: { type: 'view', view_id: 'V1' }, view: { id: 'V1', type: 'home' } })));
      await settle();
      expect(slack.callsTo('views.publish').length).to.equal(publishes + 2);
      const meeting = await call('GET', `/api/meetings/${id}`, { token: ada.token });
      expect(meeting.body.status ?? meeting.body.meeting?.status).to.equal('canceled');
    });

    it('opens a prefilled modal from the message shortcut and answers its submission with slot buttons', async () => {
      const shortcut = { type: 'message_action', callback_id: 'schedule_from_message', trigger_id: `trig-${randomUUID()}`, team: { id: TEAM, domain: 'yava' }, user: { id: 'UADA', name: 'ada', team_id: TEAM }, channel: { id: 'C9', name: 'general' }, message: { type: 'message', user: 'UALICE', ts: '1.5', text: 'Can we go over the launch plan?' }, message_ts: '1.5', response_url: slack.responseUrl(), token: 'x' };
      await post(interaction(shortcut));
      await settle();
      const opened = slack.callsTo('views.open').at(-1)!.body;
      expect(opened.trigger_id).to.equal(shortcut.trigger_id);
      const input = opened.view.blocks[0].element;
      expect(input.initial_value).to.include('Can we go over the launch plan?');

      const submission = {
        type: 'view_submission',
        team: { id: TEAM, domain: 'yava' },
        user: { id: 'UADA', name: 'ada', team_id: TEAM },
        trigger_id: `trig-${randomUUID()}`,
        api_app_id: 'A1',
        token: 'x',
        view: { ...opened.view, id: 'V2', state: { values: { request: { text: { type: 'plain_text_input', value: 'launch plan 30 min with <@UALICE> friday afternoon' } } } } },
      };
      const res = await post(interaction(submission));
      expect(res.status).to.equal(200);
      await settle();
      const ephemeral = slack.callsTo('chat.postEphemeral').at(-1)!.body;
      expect(ephemeral.channel).to.equal('C9');
      expect(ephemeral.user).to.equal('UADA');
      expect(buttonsOf(ephemeral)[0].text.text).to.equal('Fri 27 Nov, 15:00–15:30');
    });
  });
});
