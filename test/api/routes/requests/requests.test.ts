import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createHost, expectProblem, WORK_WEEK } from '../../../helpers/scheduling.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

describe('POST /api/requests (a sentence → a proposal → a booking)', () => {
  // Tuesday 24 Nov 2026, 10:00 UTC.
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  let server: RunningServer;
  let call: ApiCall;
  let ada: { token: string; user: any };
  let alice: { token: string; user: any };
  const PARIS = 'Europe/Paris';

  async function person(username: string, name: string) {
    const s = await registerUser(call, { username, name, timezone: PARIS });
    await call('PUT', '/api/availability/schedule', { token: s.accessToken, body: { timezone: PARIS, weekly: WORK_WEEK, overrides: [] } });
    return s;
  }

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    ada = await createHost(call, 'ada', { timezone: PARIS });
    alice = await createHost(call, 'alice', { timezone: 'America/New_York' });
    await person('mchen', 'Maria Chen');
    await person('mpark', 'Maria Park');
  });
  after(() => server?.close());

  const ask = (text: string, token = ada.token, extra: Record<string, unknown> = {}) => call('POST', '/api/requests', { token, body: { text, timezone: PARIS, ...extra } });

  it('reads the sentence and proposes the asked time when everyone named is free, in the asker\'s zone', async () => {
    const res = await ask('30 min with alice tomorrow 3pm');
    expect(res.status, res.text).to.equal(201);
    expect(res.body).to.include({ status: 'proposed', question: null, timezone: PARIS, durationMinutes: 30, widened: false, past: false });
    expect(res.body.intent).to.include({ action: 'book', durationMinutes: 30, start: '2026-11-25T15:00:00.000+01:00' });
    expect(res.body.slots).to.deep.equal([{ start: '2026-11-25T14:00:00.000Z', end: '2026-11-25T14:30:00.000Z' }]);
    expect(res.body.with).to.deep.equal([{ username: 'alice', name: alice.user.name }]);
  });

  it('says when the time asked for has already passed (past: true) and proposes the next free times', async () => {
    const res = await ask('30 min with alice yesterday at 3pm');
    expect(res.status, res.text).to.equal(201);
    expect(res.body).to.include({ status: 'proposed', past: true, widened: true });
    expect(res.body.slots.length).to.be.greaterThan(0);
  });

  it('books a proposal once: the meeting as /api/meetings shows it, the same meeting on a retry, a conflict for another time', async () => {
    const proposal = (await ask('30 min with alice tomorrow 4pm')).body;
    const start = proposal.slots[0].start;
    const booked = await call('POST', `/api/requests/${proposal.id}/book`, { token: ada.token, body: { start } });
    expect(booked.status, booked.text).to.equal(201);
    expect(booked.body).to.include({ start, status: 'scheduled', source: 'api', title: proposal.title });
    expect(booked.body.hosts.map((h: any) => h.username).sort()).to.deep.equal(['ada', 'alice']);
    const shown = await call('GET', `/api/meetings/${booked.body.id}`, { token: alice.token });
    // The same presenter as every meeting (GET of one meeting adds the viewer's local times, the
    // host's own notes and the meeting's extras: routing, summary, recordings).
    const oneMeetingOnly = new Set(['local', 'hostNotes', 'routing', 'summary', 'recordings']);
    expect(Object.keys(booked.body).sort()).to.deep.equal(Object.keys(shown.body).filter((k) => !oneMeetingOnly.has(k)).sort());
    const retry = await call('POST', `/api/requests/${proposal.id}/book`, { token: ada.token, body: { start } });
    expect(retry.status).to.equal(200);
    expect(retry.body.id).to.equal(booked.body.id);
    const other = await call('POST', `/api/requests/${proposal.id}/book`, { token: ada.token, body: { start: '2026-11-25T16:00:00Z' } });
    expectProblem(other, 409, 'conflict');
    expect((await call('GET', `/api/requests/${proposal.id}`, { token: ada.token })).body).to.include({ status: 'booked', bookingId: booked.body.id });
  });

  it('answers a time taken meanwhile with 409 slot_unavailable and fresh alternatives, which book', async () => {
    const proposal = (await ask('30 min with alice thursday afternoon')).body;
    expect(proposal.slots.length).to.be.within(2, 5);
    const taken = proposal.slots[0].start;
    await server.deps.services.booking.scheduleAdHocBooking({ organizerUserId: alice.user.id, usernames: [], start: taken, durationMinutes: 30, title: 'Taken', source: 'api' });
    const res = await call('POST', `/api/requests/${proposal.id}/book`, { token: ada.token, body: { start: taken } });
    expectProblem(res, 409, 'slot_unavailable');
    expect(res.body.details.reason, 'core\'s reason is kept').to.equal('taken');
    const alternatives = res.body.details.alternatives as Array<{ start: string }>;
    expect(alternatives.length).to.be.greaterThan(0);
    expect(alternatives.map((s) => s.start)).not.to.include(taken);
    expect((await call('GET', `/api/requests/${proposal.id}`, { token: ada.token })).body.slots).to.deep.equal(alternatives);
    const ok = await call('POST', `/api/requests/${proposal.id}/book`, { token: ada.token, body: { start: alternatives[0]!.start } });
    expect(ok.status, ok.text).to.equal(201);
  });

  it('asks one question when something is missing; the answer continues the same request', async () => {
    const first = await ask('meeting with alice friday 3pm');
    expect(first.status).to.equal(201);
    expect(first.body).to.include({ status: 'question', question: 'How long should the meeting be?' });
    expect(first.body.slots).to.deep.equal([]);
    expectProblem(await call('POST', `/api/requests/${first.body.id}/book`, { token: ada.token, body: { start: '2026-11-27T14:00:00Z' } }), 409, 'invalid_transition');
    const answered = await call('POST', `/api/requests/${first.body.id}/answer`, { token: ada.token, body: { text: '45' } });
    expect(answered.status, answered.text).to.equal(200);
    expect(answered.body).to.include({ id: first.body.id, status: 'proposed', durationMinutes: 45 });
    expect(answered.body.slots[0]).to.deep.equal({ start: '2026-11-27T14:00:00.000Z', end: '2026-11-27T14:45:00.000Z' });
    expectProblem(await call('POST', `/api/requests/${first.body.id}/answer`, { token: ada.token, body: { text: 'again' } }), 409, 'invalid_transition');
  });

  it('asks "Which maria — …?" when a name fits several people, and the answer picks one', async () => {
    const first = await ask('30 min with maria tomorrow 3pm');
    expect(first.body).to.include({ status: 'question', question: 'Which maria — Maria Chen or Maria Park?' });
    const answered = await call('POST', `/api/requests/${first.body.id}/answer`, { token: ada.token, body: { text: 'Park' } });
    expect(answered.body).to.include({ status: 'proposed' });
    expect(answered.body.with).to.deep.equal([{ username: 'mpark', name: 'Maria Park' }]);
    expect(answered.body.slots[0].start).to.equal('2026-11-25T14:00:00.000Z');
  });

  it('asks "Who else should be in the meeting?" for a meeting with only yourself', async () => {
    for (const text of ['30 min with ada tomorrow 3pm', '30 min tomorrow 3pm']) {
      const res = await ask(text);
      expect(res.body, text).to.include({ status: 'question', question: 'Who else should be in the meeting?' });
    }
  });

  it('names unknown people, keeps requests private, and needs a login and a text', async () => {
    expectProblem(await ask('30 min with nobodyhere tomorrow 3pm'), 404, 'user_not_found');
    const proposal = (await ask('30 min with alice tomorrow 11am')).body;
    expectProblem(await call('GET', `/api/requests/${proposal.id}`, { token: alice.token }), 404, 'not_found');
    expectProblem(await call('POST', `/api/requests/${proposal.id}/book`, { token: alice.token, body: { start: proposal.slots[0].start } }), 404, 'not_found');
    expectProblem(await call('POST', '/api/requests', { body: { text: 'x' } }), 401, 'unauthorized');
    const bad = await call('POST', '/api/requests', { token: ada.token, body: { text: '' } });
    expectProblem(bad, 400, 'validation_failed');
    expect(bad.body.errors[0].field).to.equal('text');
  });
});
