import { expect } from 'chai';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { seedAnalytics } from '../../../helpers/analyticsDataset.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

/**
 * Payments on the analytics dataset's meetings (paid_at in UTC · Berlin · Tokyo):
 *   P1 B1 ada EUR 50.00 paid                          2026-10-19T07:00Z · Mon 09:00 · Mon 16:00
 *   P2 B3 ada EUR 30.00 partially refunded 10.00      2026-10-26T08:00Z · Mon 09:00 · Mon 17:00
 *   P3 B5 ben USD 25.00 refunded in full              2026-10-19T15:00Z · Mon 17:00 · Tue 00:00
 *   P4 B8 ada USD 40.00 paid                          2026-10-25T22:30Z · Sun 23:30 (week of 10-19) · Mon 07:30 (week of 10-26)
 *   P5 B7 ada EUR 99.00 still requires payment        —                  (not revenue)
 *   P6 B2 ada EUR 20.00 failed                        2026-10-20T08:00Z  (not revenue)
 *   P7 B6 ben JPY 1200 paid                           2026-11-02T10:00Z  (after the range)
 */
const PAYMENTS = [
  { key: 'B1', currency: 'EUR', amount: 5000, refunded: 0, status: 'paid', paidAt: '2026-10-19T07:00:00Z' },
  { key: 'B3', currency: 'EUR', amount: 3000, refunded: 1000, status: 'partially_refunded', paidAt: '2026-10-26T08:00:00Z' },
  { key: 'B5', currency: 'USD', amount: 2500, refunded: 2500, status: 'refunded', paidAt: '2026-10-19T15:00:00Z' },
  { key: 'B8', currency: 'USD', amount: 4000, refunded: 0, status: 'paid', paidAt: '2026-10-25T22:30:00Z' },
  { key: 'B7', currency: 'EUR', amount: 9900, refunded: 0, status: 'requires_payment', paidAt: null },
  { key: 'B2', currency: 'EUR', amount: 2000, refunded: 0, status: 'failed', paidAt: '2026-10-20T08:00:00Z' },
  { key: 'B6', currency: 'JPY', amount: 1200, refunded: 0, status: 'paid', paidAt: '2026-11-02T10:00:00Z' },
];

describe('GET /api/analytics/revenue', () => {
  let server: RunningServer;
  let call: ApiCall;
  const tokens: Record<string, string> = {};
  const RANGE = 'from=2026-10-19&to=2026-11-01';
  const get = async (who: string, path: string) => {
    const res = await call('GET', path, { token: tokens[who] });
    expect(res.status, res.text).to.equal(200);
    return res;
  };
  const week = (period: string, payments: number, grossMinor: number, refundedMinor: number) => ({ period, payments, grossMinor, refundedMinor, netMinor: grossMinor - refundedMinor });

  before(async function () {
    this.timeout(400_000);
    await resetTestDb();
    server = await startTestServer({ clock: createFixedClock('2026-11-02T12:00:00Z') });
    call = apiClient(server.url);
    for (const name of ['root', 'ada', 'ben']) tokens[name] = (await registerUser(call, { username: name })).accessToken;
    const id = async (username: string) => (await server.deps.db('users').where({ username }).first('id')).id as string;
    const ids = await seedAnalytics(server.deps.db, { ada: await id('ada'), ben: await id('ben') });
    for (const p of PAYMENTS) {
      await server.deps.db('payments').insert({ booking_id: ids[p.key], provider: 'stripe', amount_minor: p.amount, currency: p.currency, status: p.status, refunded_minor: p.refunded, hold_expires_at: '2026-10-18T00:00:00Z', paid_at: p.paidAt });
    }
  });
  after(() => server.close());

  it('per currency, never summed across currencies: paid minus refunded, by week in Berlin', async () => {
    const { body } = await get('ada', `/api/analytics/revenue?scope=team:sales&${RANGE}&timezone=Europe/Berlin&groupBy=week`);
    expect(body).to.include({ metric: 'revenue', scope: 'team:sales', timezone: 'Europe/Berlin', groupBy: 'week' });
    expect(body.currencies).to.deep.equal([
      { currency: 'EUR', payments: 2, grossMinor: 8000, refundedMinor: 1000, netMinor: 7000, net: '70.00', series: [week('2026-10-19', 1, 5000, 0), week('2026-10-26', 1, 3000, 1000)] },
      { currency: 'USD', payments: 2, grossMinor: 6500, refundedMinor: 2500, netMinor: 4000, net: '40.00', series: [week('2026-10-19', 2, 6500, 2500), week('2026-10-26', 0, 0, 0)] },
    ]);
  });

  it('a payment late on Sunday in Berlin falls in the next week in Tokyo; a host sees their own', async () => {
    const tokyo = (await get('ada', `/api/analytics/revenue?scope=me&${RANGE}&timezone=Asia/Tokyo&groupBy=week`)).body;
    const usd = tokyo.currencies.find((c: { currency: string }) => c.currency === 'USD');
    expect(usd.series).to.deep.equal([week('2026-10-19', 0, 0, 0), week('2026-10-26', 1, 4000, 0)]);
    const ben = (await get('ben', `/api/analytics/revenue?scope=me&${RANGE}&timezone=America/New_York&groupBy=month`)).body;
    expect(ben.currencies).to.deep.equal([{ currency: 'USD', payments: 1, grossMinor: 2500, refundedMinor: 2500, netMinor: 0, net: '0.00', series: [week('2026-10-01', 1, 2500, 2500), week('2026-11-01', 0, 0, 0)] }]);
  });

  it('everyone (admins) counts the yen only when the range reaches it, in yen', async () => {
    const { body } = await get('root', '/api/analytics/revenue?scope=all&from=2026-10-19&to=2026-11-02&timezone=UTC&groupBy=month');
    expect(body.currencies.map((c: { currency: string; net: string }) => [c.currency, c.net])).to.deep.equal([['EUR', '70.00'], ['JPY', '1200'], ['USD', '40.00']]);
  });

  it('.svg draws one bar per currency with a title and the totals in its description', async () => {
    const res = await get('ada', `/api/analytics/revenue.svg?scope=team:sales&${RANGE}&timezone=Europe/Berlin`);
    expect(XMLValidator.validate(res.text)).to.equal(true);
    const svg = new XMLParser({ ignoreAttributes: false }).parse(res.text).svg;
    const text = (node: unknown) => (typeof node === 'object' && node !== null ? String((node as Record<string, unknown>)['#text']) : String(node));
    expect(text(svg.title)).to.contain('Net revenue by currency');
    expect(text(svg.desc)).to.contain('EUR 70.00, USD 40.00');
  });
});
