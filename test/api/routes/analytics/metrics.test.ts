import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { seedAnalytics } from '../../../helpers/analyticsDataset.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

// Every expected figure below was worked out by hand from test/helpers/analyticsDataset.ts.
describe('GET /api/analytics/<metric>', () => {
  let server: RunningServer;
  let call: ApiCall;
  const tokens: Record<string, string> = {};
  const RANGE = 'from=2026-10-19&to=2026-11-01';
  const get = async (who: string, path: string) => {
    const res = await call('GET', path, { token: tokens[who] });
    expect(res.status, res.text).to.equal(200);
    return res.body;
  };

  before(async function () {
    this.timeout(400_000);
    await resetTestDb();
    server = await startTestServer({ clock: createFixedClock('2026-11-02T12:00:00Z') });
    call = apiClient(server.url);
    for (const name of ['root', 'ada', 'ben', 'olga']) tokens[name] = (await registerUser(call, { username: name })).accessToken;
    const id = async (username: string) => (await server.deps.db('users').where({ username }).first('id')).id as string;
    await seedAnalytics(server.deps.db, { ada: await id('ada'), ben: await id('ben') });
  });
  after(() => server.close());

  it('bookings: every status per week in the reader\u2019s zone (a meeting late on the DST Sunday stays in its Berlin week)', async () => {
    // The team's own bookings: ben's ad hoc B10 is his, not the team's.
    const body = await get('ada', `/api/analytics/bookings?scope=team:sales&${RANGE}&timezone=Europe/Berlin&groupBy=week`);
    expect(body).to.include({ metric: 'bookings', scope: 'team:sales', from: '2026-10-19', to: '2026-11-01', timezone: 'Europe/Berlin', groupBy: 'week', total: 10 });
    expect(body.totals).to.deep.equal({ pending: 0, scheduled: 1, completed: 5, no_show: 2, canceled: 1, rejected: 1 });
    expect(body.series).to.deep.equal([
      { period: '2026-10-19', total: 5, pending: 0, scheduled: 0, completed: 3, no_show: 1, canceled: 0, rejected: 1 },
      { period: '2026-10-26', total: 5, pending: 0, scheduled: 1, completed: 2, no_show: 1, canceled: 1, rejected: 0 },
    ]);
  });

  it('bookings by day differ by zone: Sunday 23:30 in Berlin is Monday in Tokyo', async () => {
    const berlin = await get('ada', `/api/analytics/bookings?scope=me&${RANGE}&timezone=Europe/Berlin`);
    const tokyo = await get('ada', `/api/analytics/bookings?scope=me&${RANGE}&timezone=Asia/Tokyo`);
    const day = (body: { series: Array<{ period: string; total: number }> }, d: string) => body.series.find((p) => p.period === d)!.total;
    expect(berlin.series).to.have.length(14);
    expect([day(berlin, '2026-10-25'), day(berlin, '2026-10-26')]).to.deep.equal([1, 1]);
    expect([day(tokyo, '2026-10-25'), day(tokyo, '2026-10-26')]).to.deep.equal([0, 2]);
    expect(berlin.total).to.equal(7);
    const month = await get('ada', `/api/analytics/bookings?scope=team:sales&${RANGE}&timezone=Europe/Berlin&groupBy=month`);
    expect(month.series.map((p: { period: string; total: number }) => [p.period, p.total])).to.deep.equal([['2026-10-01', 10], ['2026-11-01', 0]]);
  });

  it('cancellations: who canceled and how long before the start', async () => {
    const body = await get('ada', `/api/analytics/cancellations?scope=team:sales&${RANGE}&timezone=Europe/Berlin&groupBy=week`);
    expect(body).to.include({ total: 1 });
    expect(body.byWho).to.deep.equal({ host: 0, attendee: 1, admin: 0 });
    expect(body.leadTimeHours).to.deep.equal({ median: 12, average: 12, withinDay: 1 });
    expect(body.series).to.deep.equal([{ period: '2026-10-19', count: 0 }, { period: '2026-10-26', count: 1 }]);
    // Ben's own cancellation (B10, ad hoc, one hour before) is in his figures.
    const ben = await get('ben', `/api/analytics/cancellations?scope=me&${RANGE}&timezone=Europe/Berlin&groupBy=week`);
    expect(ben).to.include({ total: 1 });
    expect(ben.byWho).to.deep.equal({ host: 1, attendee: 0, admin: 0 });
    expect(ben.leadTimeHours).to.deep.equal({ median: 1, average: 1, withinDay: 1 });
  });

  it('reschedules: how many and by whom', async () => {
    const body = await get('ada', `/api/analytics/reschedules?scope=me&${RANGE}&timezone=Europe/Berlin&groupBy=week`);
    expect(body).to.include({ total: 1, meetingsMoved: 1 });
    expect(body.byWho).to.deep.equal({ host: 1, attendee: 0, admin: 0 });
    expect(body.series).to.deep.equal([{ period: '2026-10-19', count: 0 }, { period: '2026-10-26', count: 1 }]);
  });

  it('no-shows per host and per invitee email (case folded)', async () => {
    const body = await get('ben', `/api/analytics/no-shows?scope=team:sales&${RANGE}&timezone=Europe/Berlin`);
    expect(body).to.include({ meetings: 7, noShows: 2, rate: 0.2857 });
    expect(body.byHost).to.deep.equal([
      { username: 'ada', meetings: 5, noShows: 1, rate: 0.2 },
      { username: 'ben', meetings: 2, noShows: 1, rate: 0.5 },
    ]);
    expect(body.byInvitee).to.deep.equal([{ email: 'ann@x.org', meetings: 3, noShows: 2, rate: 0.6667 }]);
  });

  it('utilisation: offered hours from the schedule (a 25-hour DST Sunday, an override) against booked, by week', async () => {
    const body = await get('ada', `/api/analytics/utilisation?scope=me&${RANGE}&timezone=Europe/Berlin`);
    expect(body).to.include({ offeredMinutes: 7440, bookedMinutes: 210, rate: 0.0282 });
    expect(body.weekly).to.deep.equal([
      { period: '2026-10-19', offeredMinutes: 3900, bookedMinutes: 120, rate: 0.0308 },
      { period: '2026-10-26', offeredMinutes: 3540, bookedMinutes: 90, rate: 0.0254 },
    ]);
  });

  it('busiest hours: a weekday \u00d7 hour matrix that differs by zone', async () => {
    const berlin = await get('ada', `/api/analytics/busiest-hours?scope=team:sales&${RANGE}&timezone=Europe/Berlin`);
    const cells = (m: number[][]) => m.flatMap((row, d) => row.flatMap((n, h) => (n ? [`${d}/${h}=${n}`] : [])));
    expect(cells(berlin.matrix)).to.deep.equal(['0/10=2', '0/16=1', '1/10=1', '2/15=1', '3/11=1', '4/10=1', '6/23=1']);
    expect(berlin.busiest).to.deep.equal({ weekday: 0, hour: 10, count: 2 });
    const ny = await get('ada', `/api/analytics/busiest-hours?scope=team:sales&${RANGE}&timezone=America/New_York`);
    expect(cells(ny.matrix)).to.deep.equal(['0/4=1', '0/5=1', '0/10=1', '1/4=1', '2/10=1', '3/6=1', '4/5=1', '6/18=1']);
    expect(ny.total).to.equal(8);
  });

  it('lead time from booking to meeting: median, p90, average and buckets', async () => {
    const body = await get('ada', `/api/analytics/lead-time?scope=team:sales&${RANGE}&timezone=Europe/Berlin`);
    expect(body.meetings).to.equal(9);
    expect(body.hours).to.deep.equal({ median: 24, p90: 201.6, average: 84.28 });
    expect(body.buckets.map((b: { count: number }) => b.count)).to.deep.equal([1, 2, 3, 3, 0]);
  });

  it('team performance: meetings, no-show rate, utilisation, round-robin share beside weight', async () => {
    const body = await get('ben', `/api/analytics/team-performance?scope=team:sales&${RANGE}&timezone=Europe/Berlin`);
    expect(body).to.include({ team: 'sales', roundRobinBookings: 3 });
    expect(body.members).to.deep.equal([
      { username: 'ada', meetings: 6, noShows: 1, noShowRate: 0.2, offeredMinutes: 7440, bookedMinutes: 210, utilisation: 0.0282, roundRobin: { bookings: 1, share: 0.3333, weight: 100, weightShare: 0.25 } },
      { username: 'ben', meetings: 2, noShows: 1, noShowRate: 0.5, offeredMinutes: 4800, bookedMinutes: 60, utilisation: 0.0125, roundRobin: { bookings: 2, share: 0.6667, weight: 300, weightShare: 0.75 } },
    ]);
    expect((await call('GET', `/api/analytics/team-performance?scope=me&${RANGE}`, { token: tokens.ada })).status).to.equal(400);
  });

  it('team performance: a guest (who cannot take bookings) has no weight share and takes none from the others', async () => {
    const gus = (await registerUser(call, { username: 'gus' })).user.id as string;
    const team = await server.deps.db('teams').where({ slug: 'sales' }).first('id');
    await server.deps.db('team_members').insert({ team_id: team.id, user_id: gus, role: 'guest', weight: 100 });
    try {
      const body = await get('ben', `/api/analytics/team-performance?scope=team:sales&${RANGE}&timezone=Europe/Berlin`);
      const shares = Object.fromEntries(body.members.map((m: { username: string; roundRobin: { weightShare: number } }) => [m.username, m.roundRobin.weightShare]));
      expect(shares).to.deep.equal({ ada: 0.25, ben: 0.75, gus: 0 });
    } finally {
      await server.deps.db('team_members').where({ team_id: team.id, user_id: gus }).delete();
    }
  });

  it('who may read what: a team\u2019s members and admins; everyone only admins', async () => {
    expect((await call('GET', `/api/analytics/bookings?scope=team:sales&${RANGE}`, { token: tokens.olga })).status).to.equal(403);
    expect((await call('GET', `/api/analytics/bookings?scope=all&${RANGE}`, { token: tokens.ada })).status).to.equal(403);
    expect((await get('root', `/api/analytics/bookings?scope=all&${RANGE}&timezone=Europe/Berlin`)).total).to.equal(11);
    // A team's figures are its own bookings whoever reads them; everything is scope=all.
    expect((await get('root', `/api/analytics/bookings?scope=team:sales&${RANGE}&timezone=Europe/Berlin`)).total).to.equal(10);
    expect((await call('GET', `/api/analytics/bookings?scope=team:nope`, { token: tokens.root })).status).to.equal(404);
    expect((await call('GET', '/api/analytics/bookings')).status).to.equal(401);
    expect((await call('GET', '/api/analytics/everything', { token: tokens.ada })).status).to.equal(404);
    expect((await call('GET', '/api/analytics/bookings?timezone=Mars/Base', { token: tokens.ada })).status).to.equal(400);
    expect((await call('GET', '/api/analytics/bookings?from=2026-11-02&to=2026-11-01', { token: tokens.ada })).status).to.equal(400);
  });
});
