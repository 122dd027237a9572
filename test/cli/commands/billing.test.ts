import { expect } from 'chai';
import Billing from '../../../cli/commands/billing/index.js';
import { historyCsv, historyRows } from '../../../cli/billing.js';
import { fakeApi, parseError, runWith } from './harness.js';

const history = {
  invoices: [
    { id: 'i2', number: 'INV-00002', bookingId: 'b2', buyer: { name: 'Bo, "the" buyer', email: 'bo@x.org' }, description: 'Coaching (2026-11-26)', subtotalMinor: 5000, discountMinor: 1000, promoCode: 'SPRING', taxMinor: 0, totalMinor: 4000, currency: 'EUR', issuedAt: '2026-11-26T10:00:00.000Z', pdfUrl: 'http://x/api/invoices/i2.pdf' },
    { id: 'i1', number: 'INV-00001', bookingId: 'b1', buyer: { name: 'Cy', email: 'cy@x.org' }, description: 'Coaching (2026-11-25)', subtotalMinor: 120000, discountMinor: 0, promoCode: null, taxMinor: 0, totalMinor: 120000, currency: 'JPY', issuedAt: '2026-11-25T10:00:00.000Z', pdfUrl: 'http://x/api/invoices/i1.pdf' },
  ],
  payments: [{ id: 'pay_1', bookingId: 'b2', status: 'paid', amountMinor: 4000, currency: 'EUR', provider: 'stripe', createdAt: '2026-11-26T09:59:00.000Z' }],
};

describe('cli/commands/billing', () => {
  it('refuses --csv together with --json (exit 2)', async () => {
    expect((await parseError(Billing, ['--csv', '--json'])).exit).to.equal(2);
  });

  it('asks for the history between the days given, read in --tz, --to inclusive', async () => {
    const api = fakeApi({ 'GET /api/billing/history': history });
    await runWith(Billing, ['--from', '2026-11-01', '--to', '2026-11-30', '--tz', 'Europe/Berlin'], api);
    expect(api.calls[0]!.query).to.deep.equal({ from: '2026-10-31T23:00:00.000Z', to: '2026-11-30T23:00:00.000Z' });
  });

  it('prints a table of invoices and payments, newest first, amounts in their currency', async () => {
    const { stdout } = await runWith(Billing, ['--tz', 'UTC'], fakeApi({ 'GET /api/billing/history': history }));
    const lines = stdout.trim().split('\n');
    expect(lines[0]).to.match(/^DATE\s+TYPE\s+REFERENCE\s+STATUS\s+AMOUNT/);
    expect(lines[1]).to.contain('INV-00002').and.contain('EUR 40.00 (-EUR 10.00 SPRING)');
    expect(lines[2]).to.contain('pay_1').and.contain('paid');
    expect(lines[3]).to.contain('INV-00001').and.contain('JPY 120,000');
  });

  it('returns the server\'s history as it is (what --json prints), printing nothing else', async () => {
    const { result, stdout } = await runWith(Billing, ['--json'], fakeApi({ 'GET /api/billing/history': history }));
    expect(result).to.deep.equal(history);
    expect(stdout).to.equal('');
  });

  it('--csv prints one quoted-where-needed row per invoice and payment', async () => {
    const { stdout } = await runWith(Billing, ['--csv'], fakeApi({ 'GET /api/billing/history': history }));
    expect(stdout).to.equal(historyCsv(historyRows(history)));
    const lines = stdout.split('\r\n');
    expect(lines[0]).to.equal('type,date,reference,description,status,amount,currency,amount_minor,discount_minor,promo_code');
    expect(lines[1]).to.equal('invoice,2026-11-26T10:00:00.000Z,INV-00002,"Coaching (2026-11-26) — Bo, ""the"" buyer <bo@x.org>",issued,40.00,EUR,4000,1000,SPRING');
    expect(lines[2]).to.equal('payment,2026-11-26T09:59:00.000Z,pay_1,stripe booking b2,paid,40.00,EUR,4000,0,');
    expect(lines[3]).to.equal('invoice,2026-11-25T10:00:00.000Z,INV-00001,Coaching (2026-11-25) — Cy <cy@x.org>,issued,120000,JPY,120000,0,');
    expect(lines[4]).to.equal('');
  });
});
