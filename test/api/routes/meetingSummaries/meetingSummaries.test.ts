import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../../fakes/openai.js';
import { getTestDb, resetTestDb } from '../../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, expectProblem } from '../../../helpers/scheduling.js';

const VTT = `WEBVTT

00:00:01.000 --> 00:00:04.000
<v Ann>The launch is blocked by the payment bug in checkout.

00:00:04.000 --> 00:00:08.000
<v Ann>We decided to move the launch to Friday.

00:00:08.000 --> 00:00:12.000
<v Cara>I will fix the payment bug in checkout by Wednesday.
`;

describe('meeting summaries (POST /api/meetings/:id/transcript)', () => {
  let server: RunningServer;
  let call: ApiCall;
  let fake: FakeOpenAi;
  let host: Awaited<ReturnType<typeof createHost>>;
  let meetingId: string;
  let manageToken: string;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const summaryEmails = async () => (await getTestDb()).knex('outbox').where({ channel: 'email' }).whereLike('idempotency_key', 'summary:%').orderBy('idempotency_key').select('idempotency_key', 'payload');

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    fake = await startFakeOpenAi({ kind: 'status', status: 500 });
    server = await startTestServer({ clock, env: { OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_TIMEOUT_MS: '500' } });
    call = apiClient(server.url);
    host = await createHost(call, 'sum-host');
    await createEventType(call, host.token, { slug: 'sync' });
    const booked = await call('POST', '/api/meetings/schedule', { body: { user: 'sum-host', eventType: 'sync', start: '2026-11-26T15:00:00Z', invitee: { name: 'Gail Guest', email: 'gail@example.org', timezone: 'UTC' } } });
    expect(booked.status, booked.text).to.equal(201);
    meetingId = booked.body.id;
    manageToken = booked.body.manageToken;
  });
  after(async () => {
    await server.close();
    await fake.close();
  });

  it('summarises offline when the LLM fails, stores it, and e-mails nobody who did not opt in', async () => {
    const res = await call('POST', `/api/meetings/${meetingId}/transcript`, { token: host.token, body: { text: VTT } });
    expect(res.status, res.text).to.equal(201);
    expect(res.body).to.include({ method: 'extractive', llmFallbackReason: 'http_500', format: 'vtt', version: 1 });
    expect(res.body.decisions).to.deep.equal(['We decided to move the launch to Friday.']);
    expect(res.body.actionItems).to.deep.equal([{ text: 'I will fix the payment bug in checkout by Wednesday.', owner: 'Cara', due: 'by Wednesday' }]);
    expect(await summaryEmails()).to.deep.equal([]);
  });

  it('e-mails the summary (outbox) to an attendee who opted in with the manage token', async () => {
    const optIn = await call('PUT', `/api/meetings/${meetingId}/summary-subscription?token=${manageToken}`, { body: { subscribed: true } });
    expect(optIn.body).to.deep.equal({ wantsSummary: true, email: 'gail@example.org' });
    fake.setBehaviour({ kind: 'tool', arguments: JSON.stringify({ summary: 'Launch moves to Friday because of the payment bug.', decisions: ['Launch on Friday'], actionItems: [{ text: 'Fix the payment bug', owner: 'Cara', due: 'Wednesday' }] }) });
    const res = await call('POST', `/api/meetings/${meetingId}/transcript`, { token: host.token, body: { text: VTT, format: 'vtt' } });
    expect(res.body).to.include({ method: 'llm', llmFallbackReason: null, version: 2, summary: 'Launch moves to Friday because of the payment bug.' });
    const emails = await summaryEmails();
    expect(emails.map((e: { idempotency_key: string }) => e.idempotency_key)).to.deep.equal([`summary:${meetingId}:2:gail@example.org`]);
    const payload = typeof emails[0].payload === 'string' ? JSON.parse(emails[0].payload) : emails[0].payload;
    expect(payload).to.include({ to: 'gail@example.org', subject: 'Summary: sync' });
    expect(payload.text).to.include('Launch on Friday').and.include('Fix the payment bug (Cara, Wednesday)');
  });

  it('shows the summary to hosts and attendees, in the meeting JSON too', async () => {
    const asGuest = await call('GET', `/api/meetings/${meetingId}/summary?token=${manageToken}`);
    expect(asGuest.body).to.include({ method: 'llm', summary: 'Launch moves to Friday because of the payment bug.' });
    const meeting = await call('GET', `/api/meetings/${meetingId}`, { token: host.token });
    expect(meeting.body.summary).to.deep.include({ method: 'llm', decisions: ['Launch on Friday'] });
  });

  it('lets only a host post a transcript, and refuses strangers and empty text', async () => {
    expectProblem(await call('POST', `/api/meetings/${meetingId}/transcript?token=${manageToken}`, { body: { text: VTT } }), 403, 'forbidden');
    const stranger = await createHost(call, 'sum-stranger');
    expectProblem(await call('POST', `/api/meetings/${meetingId}/transcript`, { token: stranger.token, body: { text: VTT } }), 404, 'booking_not_found');
    expectProblem(await call('POST', `/api/meetings/${meetingId}/transcript`, { body: { text: VTT } }), 401, 'unauthorized');
    expectProblem(await call('POST', `/api/meetings/${meetingId}/transcript`, { token: host.token, body: { text: 'WEBVTT\n\n' } }), 400, 'validation_failed');
    expectProblem(await call('PUT', `/api/meetings/${meetingId}/summary-subscription`, { token: host.token, body: { subscribed: true } }), 403, 'forbidden');
  });
});
