import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { signSlackRequest } from '../../bot/slack/signature.js';
import type { Clock } from '../../core/clock.js';
import type { RunningServer } from '../../server/compose.js';
import type { FakeSlack } from '../fakes/slack.js';

export const SLACK_SECRET = 'slack-signing-secret-for-tests';
export const SLACK_TEAM = 'T1';

export interface SignedPostOptions {
  contentType?: string;
  timestamp?: number;
  secret?: string;
  retryNum?: number;
  signature?: string;
}

/** Buttons in a Block Kit message. */
export const slackButtonsOf = (message: Record<string, any>) => (message.blocks ?? []).filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements);

/** `payload=<urlencoded JSON>`, as Slack sends interactivity. */
export const slackInteraction = (payload: Record<string, unknown>) => 'payload=' + encodeURIComponent(JSON.stringify(payload));

/**
 * Slack as it reaches `POST /slack/events`: requests signed with the signing secret at the
 * server's clock, slash commands whose ephemeral answers land on the fake's response_url.
 */
export function slackDriver(server: RunningServer, slack: FakeSlack, clock: Clock) {
  /** Waits until the work Bolt does after its answer has finished. */
  const settle = () => server.slack!.receiver!.idle();

  async function post(body: string, options: SignedPostOptions = {}) {
    const ts = options.timestamp ?? Math.floor(clock.now().getTime() / 1000);
    const headers: Record<string, string> = {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': options.signature ?? signSlackRequest(options.secret ?? SLACK_SECRET, ts, body),
    };
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    const started = performance.now();
    const res = await fetch(`${server.url}/slack/events`, { method: 'POST', headers, body });
    const text = await res.text();
    return { status: res.status, text, ms: performance.now() - started };
  }

  function slashBody(text: string, user = 'UADA') {
    const responseUrl = slack.responseUrl();
    const body = new URLSearchParams({ token: 'legacy', team_id: SLACK_TEAM, team_domain: 'yava', channel_id: 'C1', channel_name: 'general', user_id: user, user_name: user.toLowerCase(), command: '/meet', text, api_app_id: 'A1', response_url: responseUrl, trigger_id: `trig-${randomUUID()}` }).toString();
    return { body, responseUrl };
  }

  /** `/meet <text>` from `user`; `last` is the last ephemeral answer. */
  async function slash(text: string, user = 'UADA') {
    const { body, responseUrl } = slashBody(text, user);
    const res = await post(body);
    expect(res.status, res.text).to.equal(200);
    await settle();
    const responses = slack.calls.filter((c) => c.method === 'response_url' && `${slack.url}${c.path}` === responseUrl);
    return { res, responses, last: responses.at(-1)?.body };
  }

  return { settle, post, slashBody, slash };
}
