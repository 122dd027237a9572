import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost, expectProblem } from '../../../helpers/scheduling.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';

// Anyone can put anyone in a team (no consent asked, as the API promises); what that gives the
// team's admin is the team's bookings, never a member's own meetings.
describe('a team shows its own bookings, not its members\u2019 personal ones', () => {
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  let server: RunningServer;
  let call: ApiCall;
  let root: Awaited<ReturnType<typeof createHost>>;
  let a: Awaited<ReturnType<typeof createHost>>;
  let b: Awaited<ReturnType<typeof createHost>>;
  const ids: Record<'secret' | 'secretRequest' | 'team' | 'teamRequest', string> = { secret: '', secretRequest: '', team: '', teamRequest: '' };
  const RANGE = 'from=2026-11-24&to=2026-11-30&timezone=UTC';
  const SECRETS = ['Secret Client', 'secret@client.example', 'Secret notes', 'Secret Request'];

  const book = async (owner: { user: string } | { team: string }, eventType: string, start: string, name: string, email: string, notes?: string) => {
    const res = await call('POST', '/api/meetings/schedule', { body: { ...owner, eventType, start, invitee: { name, email, timezone: 'UTC' }, ...(notes ? { notes } : {}) } });
    expect(res.status, res.text).to.equal(201);
    return res.body.id as string;
  };
  const expectNoSecrets = (text: string) => {
    for (const secret of [...SECRETS, ids.secret, ids.secretRequest]) expect(text).to.not.include(secret);
  };

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    root = await createHost(call, 'ts-root');
    a = await createHost(call, 'ts-a');
    b = await createHost(call, 'ts-b');
    await createEventType(call, b.token, { slug: 'consult' });
    await createEventType(call, b.token, { slug: 'vip', requiresApproval: true });
    ids.secret = await book({ user: 'ts-b' }, 'consult', '2026-11-25T10:00:00Z', 'Secret Client', 'secret@client.example', 'Secret notes');
    ids.secretRequest = await book({ user: 'ts-b' }, 'vip', '2026-11-26T10:00:00Z', 'Secret Request', 'request@client.example');
    // A puts B (and the instance admin) in a team without asking: 201, at once.
    const team = await call('POST', '/api/teams', { token: a.token, body: { slug: 'grab', name: 'Grab', members: [{ username: 'ts-b' }] } });
    expect(team.status, team.text).to.equal(201);
    expect((await call('POST', '/api/teams/grab/members', { token: a.token, body: { username: 'ts-root', role: 'guest' } })).status).to.equal(201);
    await createEventType(call, a.token, { slug: 'demo', teamSlug: 'grab', kind: 'collective', hosts: ['ts-b'] });
    await createEventType(call, a.token, { slug: 'demo-req', teamSlug: 'grab', kind: 'collective', hosts: ['ts-b'], requiresApproval: true });
    ids.team = await book({ team: 'grab' }, 'demo', '2026-11-25T13:00:00Z', 'Team Client', 'team@client.example', 'Team notes');
    ids.teamRequest = await book({ team: 'grab' }, 'demo-req', '2026-11-26T13:00:00Z', 'Team Request', 'team-request@client.example');
  });
  after(() => server.close());

  it('the team export lists the team\u2019s bookings only', async () => {
    const res = await call('GET', `/api/exports/meetings.csv?scope=team:grab&${RANGE}`, { token: a.token });
    expect(res.status, res.text).to.equal(200);
    expect(res.headers.get('x-total-count')).to.equal('2');
    expect(res.text).to.include(ids.team).and.to.include('Team Client').and.to.include('Team notes').and.to.include(ids.teamRequest);
    expectNoSecrets(res.text);
    // B's own export still has everything.
    const own = await call('GET', `/api/exports/meetings.csv?scope=me&${RANGE}`, { token: b.token });
    expect(own.headers.get('x-total-count')).to.equal('4');
    expect(own.text).to.include('Secret Client').and.to.include('Secret notes');
  });

  it('team analytics count the team\u2019s bookings only; the member\u2019s own and everyone\u2019s figures keep them', async () => {
    const count = async (token: string, scope: string) => {
      const res = await call('GET', `/api/analytics/bookings?scope=${scope}&${RANGE}`, { token });
      expect(res.status, res.text).to.equal(200);
      return res.body.totals as Record<string, number>;
    };
    expect(await count(a.token, 'team:grab')).to.include({ scheduled: 1, pending: 1 });
    expect(await count(root.token, 'team:grab')).to.include({ scheduled: 1, pending: 1 });
    expect(await count(b.token, 'me')).to.include({ scheduled: 2, pending: 2 });
    expect(await count(root.token, 'all')).to.include({ scheduled: 2, pending: 2 });
    const performance = await call('GET', `/api/analytics/team-performance?scope=team:grab&${RANGE}`, { token: a.token });
    const member = performance.body.members.find((m: { username: string }) => m.username === 'ts-b');
    expect(member).to.include({ meetings: 1, bookedMinutes: 30 });
    const utilisation = await call('GET', `/api/analytics/utilisation?scope=team:grab&${RANGE}`, { token: a.token });
    expect(utilisation.body.byHost.find((h: { username: string }) => h.username === 'ts-b')).to.include({ bookedMinutes: 30 });
  });

  it('team no-shows, revenue and the funnel leave out the member\u2019s own meetings and event types', async () => {
    const db = server.deps.db;
    const [consult, demo] = await Promise.all(['consult', 'demo'].map(async (slug) => (await db('event_types').where({ slug }).first('id')).id as string));
    await db('funnel_events').insert([consult, demo].map((id) => ({ event_type_id: id, day: '2026-11-24', step: 'page_view', visitor_hash: `v-${id}`, at: new Date('2026-11-24T09:00:00Z') })));
    await db('bookings').whereIn('id', [ids.secret, ids.team]).update({ status: 'no_show' });
    const paid = (bookingId: string, amount: number) => ({ booking_id: bookingId, provider: 'stripe', amount_minor: amount, currency: 'EUR', status: 'paid', hold_expires_at: new Date('2026-11-24T09:15:00Z'), paid_at: new Date('2026-11-24T09:00:00Z') });
    await db('payments').insert([paid(ids.secret, 9900), paid(ids.team, 1500)]);
    try {
      const funnel = await call('GET', `/api/analytics/funnel?scope=team:grab&${RANGE}`, { token: a.token });
      expect(funnel.body.eventTypes.map((e: { slug: string }) => e.slug)).to.deep.equal(['demo']);
      const noShows = await call('GET', `/api/analytics/no-shows?scope=team:grab&${RANGE}`, { token: a.token });
      expect(noShows.body).to.include({ meetings: 1, noShows: 1 });
      expect(noShows.body.byInvitee.map((i: { email: string }) => i.email)).to.deep.equal(['team@client.example']);
      const revenue = await call('GET', `/api/analytics/revenue?scope=team:grab&${RANGE}`, { token: a.token });
      expect(revenue.body.currencies.map((c: { currency: string; grossMinor: number }) => [c.currency, c.grossMinor])).to.deep.equal([['EUR', 1500]]);
      expectNoSecrets(JSON.stringify([funnel.body, noShows.body]));
    } finally {
      await db('payments').whereIn('booking_id', [ids.secret, ids.team]).delete();
      await db('bookings').whereIn('id', [ids.secret, ids.team]).update({ status: 'scheduled' });
      await db('funnel_events').whereIn('event_type_id', [consult, demo]).delete();
    }
  });

  it('the team schedule shows the member\u2019s own meetings as busy times only, keeping load and free time', async () => {
    const schedule = async (token: string) => {
      const res = await call('GET', '/api/teams/grab/schedule?from=2026-11-25&to=2026-11-26&timezone=UTC', { token });
      expect(res.status, res.text).to.equal(200);
      return { text: res.text, member: res.body.members.find((m: { username: string }) => m.username === 'ts-b') };
    };
    const { text, member } = await schedule(a.token);
    expectNoSecrets(text);
    expect(member.bookings.map((x: { id: string }) => x.id)).to.deep.equal([ids.team, ids.teamRequest]);
    expect(member.busy).to.deep.equal([
      { start: '2026-11-25T10:00:00.000Z', end: '2026-11-25T10:30:00.000Z' },
      { start: '2026-11-26T10:00:00.000Z', end: '2026-11-26T10:30:00.000Z' },
    ]);
    expect(member.load).to.deep.equal({ meetings: 4, busyMinutes: 120 });
    expect(member.free[0]).to.deep.equal({ start: '2026-11-25T09:00:00.000Z', end: '2026-11-25T10:00:00.000Z' });
    // B sees their own meetings in full; so does an instance admin.
    for (const token of [b.token, root.token]) {
      const full = await schedule(token);
      expect(full.member.bookings.map((x: { id: string }) => x.id)).to.deep.equal([ids.secret, ids.team, ids.secretRequest, ids.teamRequest]);
      expect(full.member.busy).to.deep.equal([]);
    }
  });

  it('a team admin cannot list, decide, assign or open the member\u2019s own requests and meetings', async () => {
    const pending = await call('GET', '/api/requests/pending', { token: a.token });
    expect(pending.body.requests.map((r: { id: string; team: string }) => [r.id, r.team])).to.deep.equal([[ids.teamRequest, 'grab']]);
    expectNoSecrets(pending.text);
    const mine = await call('GET', '/api/requests/pending', { token: b.token });
    expect(mine.body.requests.map((r: { id: string; mine: boolean }) => [r.id, r.mine])).to.deep.equal([[ids.secretRequest, true], [ids.teamRequest, true]]);
    const decided = await call('POST', '/api/requests/pending/decline', { token: a.token, body: { ids: [ids.secretRequest], reason: 'mine now' } });
    // Refused as for any stranger, without a word about the meeting.
    expect(decided.body).to.include({ succeeded: 0, failed: 1 });
    expect(decided.body.results[0].error.code).to.equal('booking_not_found');
    expectProblem(await call('POST', `/api/meetings/${ids.secret}/assign`, { token: a.token, body: { username: 'ts-a', reason: 'I take it' } }), 404, 'booking_not_found');
    expectProblem(await call('GET', `/api/meetings/${ids.secret}`, { token: a.token }), 404, 'booking_not_found');
    expectProblem(await call('POST', `/api/meetings/${ids.secret}/cancel`, { token: a.token, body: { reason: 'no' } }), 404, 'booking_not_found');
    expect((await call('GET', `/api/meetings/${ids.secretRequest}`, { token: b.token })).body.status).to.equal('pending');
    // The team's own request is theirs to decide.
    const approved = await call('POST', '/api/requests/pending/approve', { token: a.token, body: { ids: [ids.teamRequest] } });
    expect(approved.body).to.include({ succeeded: 1, failed: 0 });
  });
});
