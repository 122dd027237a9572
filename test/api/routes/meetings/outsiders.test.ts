import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { signedInWebClient } from '../../../helpers/browserSession.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost, expectProblem, invitee } from '../../../helpers/scheduling.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

// A meeting id is a bearer of nothing: whoever may not see the meeting hears what a missing id
// gets, so ids cannot be probed. Members of the team that owns it see it on the team's schedule,
// and are told plainly that they may not act on it.
describe('a meeting id asked for by an outsider answers as a missing one (/api/meetings/:id and its actions)', () => {
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  let stranger: Awaited<ReturnType<typeof createHost>>;
  let guest: Awaited<ReturnType<typeof createHost>>;
  let meeting: { id: string; manageToken: string; attendeeId: string };
  let teamMeeting: string;
  let othersToken: string;

  const book = async (body: Record<string, unknown>) => {
    const res = await call('POST', '/api/meetings/schedule', { body: { invitee: invitee(), ...body } });
    expect(res.status, res.text).to.equal(201);
    return res.body;
  };

  /** Each way to name a meeting by id, with a body that passes validation (so access decides). */
  const requests = (id: string, attendeeId = MISSING): Array<[string, string, unknown?]> => [
    ['GET', `/api/meetings/${id}`],
    ['PATCH', `/api/meetings/${id}`, { hostNotes: 'mine now' }],
    ['GET', `/api/meetings/${id}/series`],
    ['POST', `/api/meetings/${id}/reschedule`, { start: '2026-11-26T10:00:00Z' }],
    ['POST', `/api/meetings/${id}/cancel`, {}],
    ['POST', `/api/meetings/${id}/approve`],
    ['POST', `/api/meetings/${id}/decline`, {}],
    ['POST', `/api/meetings/${id}/complete`],
    ['POST', `/api/meetings/${id}/no-show`],
    ['GET', `/api/meetings/${id}/payment`],
    ['POST', `/api/meetings/${id}/refund`, {}],
    ['GET', `/api/meetings/${id}/summary`],
    ['POST', `/api/meetings/${id}/transcript`, { text: 'Ada: hello' }],
    ['PUT', `/api/meetings/${id}/summary-subscription`, { subscribed: true }],
    ['POST', `/api/meetings/${id}/assign`, { username: 'out-stranger', reason: 'mine' }],
    ['POST', `/api/meetings/${id}/attendees/${attendeeId}/revoke-join`],
  ];
  /** The answer without what names this request (its path and id). */
  const answer = (res: { status: number; body: any }) => ({ status: res.status, body: { ...res.body, instance: undefined, requestId: undefined } });

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    host = await createHost(call, 'out-host');
    stranger = await createHost(call, 'out-stranger');
    guest = await createHost(call, 'out-guest');
    await createEventType(call, host.token, { slug: 'intro' });
    const made = await book({ user: 'out-host', eventType: 'intro', start: '2026-11-25T10:00:00Z' });
    meeting = { id: made.id, manageToken: made.manageToken, attendeeId: made.attendees[0].id };
    await createEventType(call, stranger.token, { slug: 'own' });
    othersToken = (await book({ user: 'out-stranger', eventType: 'own', start: '2026-11-25T11:00:00Z', invitee: invitee(2) })).manageToken;
    expect((await call('POST', '/api/teams', { token: host.token, body: { slug: 'out-team', name: 'Out', members: [{ username: 'out-guest', role: 'guest' }] } })).status).to.equal(201);
    await createEventType(call, host.token, { slug: 'team-intro', teamSlug: 'out-team' });
    teamMeeting = (await book({ team: 'out-team', eventType: 'team-intro', start: '2026-11-25T14:00:00Z', invitee: invitee(3) })).id;
  });
  after(() => server?.close());

  it('another account gets for a real id exactly what a missing id gets, on every route, and changes nothing', async () => {
    for (const [method, path, body] of requests(meeting.id, meeting.attendeeId)) {
      const real = await call(method, path, { token: stranger.token, body });
      const missing = await call(method, path.replace(meeting.id, MISSING), { token: stranger.token, body });
      expect(answer(real), `${method} ${path}`).to.deep.equal(answer(missing));
      expect(real.status, `${method} ${path}`).to.equal(404);
    }
    const after = await call('GET', `/api/meetings/${meeting.id}`, { token: host.token });
    expect(after.body).to.include({ status: 'scheduled', start: '2026-11-25T10:00:00.000Z', version: 1 });
    expect(after.body.hostNotes ?? null).to.equal(null);
  });

  it('the manage token of another meeting gets what a missing id gets', async () => {
    for (const [method, path, body] of requests(meeting.id, meeting.attendeeId).filter(([, p]) => !/\/(refund|assign)$/.test(p) && !/^PATCH/.test(p))) {
      const real = await call(method, `${path}?token=${othersToken}`, { body });
      const missing = await call(method, `${path.replace(meeting.id, MISSING)}?token=${othersToken}`, { body });
      expect(answer(real), `${method} ${path}`).to.deep.equal(answer(missing));
    }
    expectProblem(await call('GET', `/api/meetings/${meeting.id}?token=yava_mt_wrongwrongwrong`), 404, 'booking_not_found');
  });

  it('a version the outsider claims (If-Match) tells them nothing either', async () => {
    const real = await call('PATCH', `/api/meetings/${meeting.id}`, { token: stranger.token, body: { hostNotes: 'x' }, headers: { 'if-match': '"7"' } });
    const missing = await call('PATCH', `/api/meetings/${MISSING}`, { token: stranger.token, body: { hostNotes: 'x' }, headers: { 'if-match': '"7"' } });
    expectProblem(real, 404, 'booking_not_found');
    expect(answer(real)).to.deep.equal(answer(missing));
    expect(real.body.details).to.equal(undefined);
  });

  it('a prefix of a real id answers as a prefix of nothing', async () => {
    const real = await call('GET', `/api/meetings/${meeting.id.slice(0, 8)}`, { token: stranger.token });
    const nothing = await call('GET', `/api/meetings/${meeting.id[0] === 'f' ? '0' : 'f'}${meeting.id.slice(1, 8)}`, { token: stranger.token });
    expectProblem(real, 404, 'booking_not_found');
    expect(answer(real)).to.deep.equal(answer(nothing));
  });

  it('the dashboard page of an outsider\u2019s meeting is the page of a missing one', async () => {
    const web = await signedInWebClient(server.url, 'out-stranger@example.com');
    const real = await web.request('GET', `/app/meetings/${meeting.id}`);
    const missing = await web.request('GET', `/app/meetings/${MISSING}`);
    expect(real.status).to.equal(404);
    expect(real.text.replaceAll(meeting.id, MISSING).replace(/csrf-token" content="[^"]+"/, '')).to.equal(missing.text.replace(/csrf-token" content="[^"]+"/, ''));
  });

  it('a member of the team that owns the meeting is told it is not theirs (403), as before', async () => {
    expectProblem(await call('GET', `/api/meetings/${teamMeeting}`, { token: guest.token }), 403, 'forbidden');
    expectProblem(await call('POST', `/api/meetings/${teamMeeting}/cancel`, { token: guest.token, body: {} }), 403, 'forbidden');
    expectProblem(await call('GET', `/api/meetings/${teamMeeting}/payment`, { token: guest.token }), 403, 'forbidden');
    expectProblem(await call('GET', `/api/meetings/${teamMeeting}/summary`, { token: guest.token }), 403, 'forbidden');
    expectProblem(await call('POST', `/api/meetings/${teamMeeting}/assign`, { token: guest.token, body: { username: 'out-host', reason: 'x' } }), 403, 'forbidden');
    // The same member on a meeting of the host's own (not the team's) is an outsider.
    expectProblem(await call('GET', `/api/meetings/${meeting.id}`, { token: guest.token }), 404, 'booking_not_found');
  });
});
