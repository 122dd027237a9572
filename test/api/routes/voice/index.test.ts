import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { expectProblem, WORK_WEEK } from '../../../helpers/scheduling.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

describe('POST /api/voice (dictated text → a spoken answer)', () => {
  // Tuesday 24 Nov 2026, 08:00 UTC = 09:00 in Paris.
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  const PARIS = 'Europe/Paris';
  let server: RunningServer;
  let call: ApiCall;
  let pat: string;

  async function person(username: string, name: string, timezone = PARIS) {
    const s = await registerUser(call, { username, name, timezone, email: `${username}@example.com` });
    const res = await call('PUT', '/api/availability/schedule', { token: s.accessToken, body: { timezone, weekly: WORK_WEEK, overrides: [] } });
    expect(res.status, res.text).to.equal(200);
    return s;
  }
  const say = (text: string, token = pat) => call('POST', '/api/voice', { token, body: { text } });

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    const ada = await person('ada', 'Ada Lovelace');
    await person('alice', 'Alice');
    await person('bob', 'Bob');
    const created = await call('POST', '/api/tokens', { token: ada.accessToken, body: { name: 'iPhone shortcut', password: ada.password } });
    expect(created.status, created.text).to.equal(201);
    pat = created.body.token;
  });
  after(() => server?.close());

  it('books "put meeting with alice for tomorrow ten am" and answers one sentence in the user\'s zone', async () => {
    const res = await say('put meeting with alice for tomorrow ten am');
    expect(res.status, res.text).to.equal(200);
    expect(res.body.speech).to.equal("You're booked with Alice tomorrow at 10 AM.");
    expect(res.body.meeting).to.include({ start: '2026-11-25T09:00:00.000Z', status: 'scheduled', source: 'voice', durationMinutes: 30 });
    expect(res.body.meeting.hosts.map((h: { username: string }) => h.username).sort()).to.deep.equal(['ada', 'alice']);
    const mine = await server.deps.db('bookings').where({ id: res.body.meeting.id }).first();
    expect(mine, 'the meeting is stored').to.not.equal(undefined);
  });

  it('asks "Who else…" when nobody is named, and the next POST continues the same request', async () => {
    const first = await say('schedule a meeting tomorrow at two thirty pm');
    expect(first.status, first.text).to.equal(200);
    expect(first.body).to.deep.equal({ speech: 'Who else should be in the meeting?', expectsAnswer: true });
    const open = await server.deps.db('meeting_requests').where({ source: 'voice', status: 'question' });
    expect(open).to.have.length(1);
    const answered = await say('bob');
    expect(answered.body.speech).to.equal("You're booked with Bob tomorrow at 2:30 PM.");
    expect(answered.body.meeting).to.include({ start: '2026-11-25T13:30:00.000Z' });
    const request = await server.deps.db('meeting_requests').where({ id: open[0].id }).first();
    expect(request, 'the same request was continued').to.include({ status: 'booked', booking_id: answered.body.meeting.id });
  });

  it('books a free time named off the half-hour grid ("friday at quarter past nine") instead of saying nobody is free', async () => {
    const res = await say('schedule a meeting with bob friday at quarter past nine');
    expect(res.status, res.text).to.equal(200);
    expect(res.body.speech).to.equal("You're booked with Bob on Friday at 9:15 AM.");
    expect(res.body.meeting).to.include({ start: '2026-11-27T08:15:00.000Z' });
  });

  it('reads the free times aloud when the named time is taken, books nothing, and books the one said next', async () => {
    const before = await server.deps.db('bookings').count({ n: '*' }).first();
    const res = await say('meeting with alice tomorrow at ten am');
    expect(res.body.speech).to.equal("You and Alice aren't all free tomorrow at 10 AM. The nearest free times are tomorrow at 10:30 AM, 11 AM or 11:30 AM. Which one should I book?");
    expect(res.body.expectsAnswer).to.equal(true);
    expect(res.body.meeting).to.equal(undefined);
    expect(await server.deps.db('bookings').count({ n: '*' }).first()).to.deep.equal(before);
    const picked = await say('eleven thirty');
    expect(picked.body.speech).to.equal("You're booked with Alice tomorrow at 11:30 AM.");
    expect(picked.body.meeting).to.include({ start: '2026-11-25T10:30:00.000Z' });
  });

  it('speaks a name it does not know, and needs a token and a text', async () => {
    const res = await say('meeting with nobodyhere tomorrow at 3 pm');
    expect(res.status).to.equal(200);
    // Said for the ear: no "(@alice)" that chat's message has.
    expect(res.body.speech).to.equal("I couldn't find anyone called nobodyhere on Yava. Say the meeting again with their full name or username.");
    expectProblem(await call('POST', '/api/voice', { body: { text: 'x' } }), 401, 'unauthorized');
    const bad = await say('');
    expectProblem(bad, 400, 'validation_failed');
    expect(bad.body.errors[0].field).to.equal('text');
  });
});
