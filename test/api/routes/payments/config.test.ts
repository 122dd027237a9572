import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createHost, expectProblem } from '../../../helpers/scheduling.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';

describe('paid event types without provider keys', () => {
  let server: RunningServer;
  let call: ApiCall;
  let token: string;

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    server = await startTestServer({ env: { STRIPE_SECRET_KEY: 'sk_test_only_the_key' } });
    call = apiClient(server.url);
    token = (await createHost(call, 'nokeys')).token;
  });
  after(() => server.close());

  const create = (provider: string, slug: string) => call('POST', '/api/event-types', { token, body: { slug, title: slug, durationMinutes: 30, price: { amount: 1000, currency: 'USD', provider } } });

  it('refuses a Stripe price and names the variable still to set', async () => {
    const res = await create('stripe', 'paid-stripe');
    expectProblem(res, 501, 'not_configured');
    expect(res.body.detail).to.equal('Stripe payments are not configured: set STRIPE_WEBHOOK_SECRET');
  });

  it('refuses a PayPal price naming every PayPal variable', async () => {
    const res = await create('paypal', 'paid-paypal');
    expectProblem(res, 501, 'not_configured');
    expect(res.body.detail).to.equal('PayPal payments are not configured: set PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET and PAYPAL_WEBHOOK_ID');
    expect(await server.deps.db('event_types').whereIn('slug', ['paid-stripe', 'paid-paypal'])).to.have.length(0);
  });

  it('keeps free event types free (price: null needs no keys)', async () => {
    const bad = await call('PATCH', `/api/event-types/${(await call('POST', '/api/event-types', { token, body: { slug: 'free', title: 'Free', durationMinutes: 30 } })).body.id}`, { token, body: { price: null } });
    expect(bad.status).to.equal(200);
    expect(bad.body.price).to.equal(null);
  });

  it('answers a Stripe webhook with 501 while it cannot be verified', async () => {
    const res = await fetch(`${server.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=x' }, body: '{}' });
    expect(res.status).to.equal(501);
  });
});
