import { expect } from 'chai';
import Billing from '../../../cli/commands/billing/index.js';
import BillingUpgrade from '../../../cli/commands/billing/upgrade.js';
import { historyCsv, historyRows } from '../../../cli/billing.js';
import { fakeApi, parseError, runWith } from './harness.js';

const history = {
  invoices: [
    { id: 'i2', number: 'INV-00002', bookingId: 'b2', buyer: { name: 'Bo, "the" buyer', email: 'bo@x.org' }, description: 'Coaching (2026-11-26)', subtotalMinor: 5000, discountMinor: 1000, promoCode: 'SPRING', taxMinor: 0, totalMinor: 4000, currency: 'EUR', issuedAt: '2026-11-26T10:00:00.000Z', pdfUrl: 'http://x/api/invoices/i2.pdf' },
    { id: 'i1', number: 'INV-00001', bookingId: 'b1', buyer: { name: 'Cy', email: 'cy@x.org' }, description: 'Coaching (2026-11-25)', subtotalMinor: 120000, discountMinor: 0, promoCode: null, taxMinor: 0, totalMinor: 120000, currency: 'JPY', issuedAt: '2026-11-25T10:00:00.000Z', pdfUrl: 'http://x/api/invoices/i1.pdf' },
  ],
  payments: [{ id: 'pay_1', bookingId: 'b2', status: 'paid', amountMinor: 4000, currency: 'EUR', provider: 'stripe', createdAt: '2026-11-26T09:59:00.000Z' }],
};

const freePlan = { plan: 'free', name: 'Free', status: 'none', graceUntil: null, currentPeriodEnd: null, checkoutAvailable: true };
const proPlan = { plan: 'pro', name: 'Pro', status: 'active', graceUntil: null, currentPeriodEnd: '2027-01-01T00:00:00.000Z', checkoutAvailable: true };

describe('cli/commands/billing', () => {
  it('refuses --csv together with --json (exit 2)', async () => {
    expect((await parseError(Billing, ['--csv', '--json'])).exit).to.equal(2);
  });

  it('asks for the history between the days given, read in --tz, --to inclusive', async () => {
    const api = fakeApi({ 'GET /api/billing/history': history, 'GET /api/billing/plan': freePlan });
    await runWith(Billing, ['--from', '2026-11-01', '--to', '2026-11-30', '--tz', 'Europe/Berlin'], api);
    expect(api.calls[0]!.query).to.deep.equal({ from: '2026-10-31T23:00:00.000Z', to: '2026-11-30T23:00:00.000Z' });
  });

  it('prints a table of invoices and payments, newest first, amounts in their currency', async () => {
    const { stdout } = await runWith(Billing, ['--tz', 'UTC'], fakeApi({ 'GET /api/billing/history': history, 'GET /api/billing/plan': proPlan }));
    const lines = stdout.trim().split('\n');
    expect(lines[0]).to.equal('Plan: Pro (active, renews 2027-01-01)');
    expect(lines[1]).to.match(/^DATE\s+TYPE\s+REFERENCE\s+STATUS\s+AMOUNT/);
    expect(lines[2]).to.contain('INV-00002').and.contain('EUR 40.00 (-EUR 10.00 SPRING)');
    expect(lines[3]).to.contain('pay_1').and.contain('paid');
    expect(lines[4]).to.contain('INV-00001').and.contain('JPY 120,000');
  });

  it('shows the current plan and how to upgrade it when there is nothing yet', async () => {
    const { stdout } = await runWith(Billing, [], fakeApi({ 'GET /api/billing/history': { invoices: [] }, 'GET /api/billing/plan': freePlan }));
    expect(stdout).to.equal('Plan: Free — upgrade with "yava billing upgrade"\nNo payments or invoices yet.\n');
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

describe('cli/commands/billing/upgrade', () => {
  it('asks for a Pro checkout by default and prints its link', async () => {
    const checkout = { plan: 'pro', sessionId: 'cs_test_1', url: 'https://checkout.stripe.com/c/pay/cs_test_1' };
    const api = fakeApi({ 'POST /api/billing/checkout': checkout });
    const { stdout, result } = await runWith(BillingUpgrade, [], api);
    expect(api.calls).to.deep.equal([{ method: 'POST', path: '/api/billing/checkout', body: { plan: 'pro' } }]);
    expect(stdout).to.equal('Open this link to subscribe to Pro:\nhttps://checkout.stripe.com/c/pay/cs_test_1\n');
    expect(result).to.deep.equal(checkout);
  });

  it('--plan enterprise asks for Enterprise; another plan is a usage error (exit 2)', async () => {
    const api = fakeApi({ 'POST /api/billing/checkout': { plan: 'enterprise', sessionId: 'cs_2', url: 'https://checkout.stripe.com/c/pay/cs_2' } });
    await runWith(BillingUpgrade, ['--plan', 'enterprise'], api);
    expect(api.calls[0]!.body).to.deep.equal({ plan: 'enterprise' });
    expect((await parseError(BillingUpgrade, ['--plan', 'gold'])).exit).to.equal(2);
  });
});
