import { expect } from 'chai';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { seedAnalytics } from '../../../helpers/analyticsDataset.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

type Node = Record<string, unknown>;
const texts = (node: unknown): string[] => {
  if (node === null || node === undefined) return [];
  if (typeof node !== 'object') return [String(node)];
  if (Array.isArray(node)) return node.flatMap(texts);
  return Object.entries(node as Node).flatMap(([k, v]) => (k.startsWith('@_') ? [] : texts(v)));
};

describe('GET /api/analytics/<metric>.svg', () => {
  let server: RunningServer;
  let call: ApiCall;
  let token: string;
  const RANGE = 'scope=team:sales&from=2026-10-19&to=2026-11-01';
  const svg = async (path: string) => {
    const res = await call('GET', path, { token });
    expect(res.status, res.text).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^image\/svg\+xml/);
    expect(XMLValidator.validate(res.text)).to.equal(true);
    return new XMLParser({ ignoreAttributes: false }).parse(res.text).svg as Node;
  };

  before(async function () {
    this.timeout(400_000);
    await resetTestDb();
    server = await startTestServer({ clock: createFixedClock('2026-11-02T12:00:00Z') });
    call = apiClient(server.url);
    await registerUser(call, { username: 'root' });
    token = (await registerUser(call, { username: 'ada' })).accessToken;
    const ben = await registerUser(call, { username: 'ben' });
    const ada = await server.deps.db('users').where({ username: 'ada' }).first('id');
    await seedAnalytics(server.deps.db, { ada: ada.id, ben: ben.user.id });
  });
  after(() => server.close());

  it('is valid XML with a title, a description, axis labels and an accessible role', async () => {
    const doc = await svg(`/api/analytics/bookings.svg?${RANGE}&timezone=Europe/Berlin&groupBy=week`);
    expect(doc['@_role']).to.equal('img');
    expect(doc['@_aria-labelledby']).to.equal('chart-title chart-desc');
    expect(texts(doc.title)[0]).to.equal('Meetings, 2026-10-19 – 2026-11-01');
    expect(texts(doc.desc)[0]).to.equal('Meetings for team:sales from 2026-10-19 to 2026-11-01 (Europe/Berlin): 2 values, total 10, highest 5 at 2026-10-19.');
    const labels = texts((doc.text as Node[]).filter((t) => t['@_class'] === 'axis-label'));
    expect(labels).to.deep.equal(['Period starting (Europe/Berlin)', 'Meetings']);
    expect(doc.circle).to.have.length(2);
  });

  it('draws busiest hours as a grid whose description names the busiest hour in the reader\u2019s zone', async () => {
    const berlin = await svg(`/api/analytics/busiest-hours.svg?${RANGE}&timezone=Europe/Berlin`);
    expect(texts(berlin.desc)[0]).to.include('busiest: Mon 10:00 with 2');
    expect(berlin.rect).to.have.length(1 + 7 * 24);
    const ny = await svg(`/api/analytics/busiest-hours.svg?${RANGE}&timezone=America/New_York`);
    expect(texts(ny.desc)[0]).to.include('America/New_York').and.include('busiest: Mon 04:00 with 1');
  });

  it('escapes names and draws bars per host; an unknown metric is 404, no token 401', async () => {
    await server.deps.db('users').where({ username: 'ben' }).update({ username: 'ben' });
    const doc = await svg(`/api/analytics/no-shows.svg?${RANGE}&timezone=Europe/Berlin`);
    expect(texts(doc.title)[0]).to.equal('No-shows per host, 2026-10-19 – 2026-11-01');
    expect((doc.rect as Node[]).length).to.equal(3);
    expect((await call('GET', '/api/analytics/nothing.svg', { token })).status).to.equal(404);
    expect((await call('GET', '/api/analytics/bookings.svg')).status).to.equal(401);
  });
});
