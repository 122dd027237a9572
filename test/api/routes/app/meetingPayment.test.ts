import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import type { FakeStripe } from '../../../fakes/stripe.js';
import { csrfOfPage, signedInWebClient } from '../../../helpers/browserSession.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { bookPaidWithStripe, drainOutbox, startWithFakeStripe } from '../payments/helpers.js';

/** A paid meeting's page on the dashboard: its payment, its refunds and how each went, and a refund form for hosts. */
describe('the payment of a paid meeting on /app/meetings/:id', () => {
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  let stripe: FakeStripe;
  let server: RunningServer;
  let call: ApiCall;
  let web: Awaited<ReturnType<typeof signedInWebClient>>;
  let booking: { id: string };
  let paymentIntent: string;

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    ({ stripe, server, call } = await startWithFakeStripe(clock, {}));
    const host = await createHost(call, 'payhost', { timezone: 'Europe/Paris' });
    await createEventType(call, host.token, { slug: 'paid', title: 'Consultation', price: { amount: 4500, currency: 'EUR', provider: 'stripe' } });
    ({ booking, paymentIntent } = await bookPaidWithStripe(server, stripe, 'payhost', 'paid', '2026-11-26T10:00:00Z', 1));
    web = await signedInWebClient(server.url, 'payhost@example.com');
  });
  after(async () => {
    await server.close();
    await stripe.close();
  });

  const page = () => web.request('GET', `/app/meetings/${booking.id}`);
  const refund = async (amount: string) => web.request('POST', `/app/meetings/${booking.id}/refund`, { form: { _csrf: csrfOfPage((await page()).text), amount } });

  it('shows what was paid and how, with a form to refund all that is left or an amount', async () => {
    const shown = await page();
    expect(shown.status).to.equal(200);
    expect(shown.text).to.include('<h2 id="payment-h">Payment</h2>').and.include('EUR 45.00 by Stripe').and.include('(paid)');
    expect(shown.text).to.include(`action="/app/meetings/${booking.id}/refund"`).and.include('empty: all that is left, EUR 45.00');
  });

  it('refuses an amount not written as one, beside the field, keeping what was typed and refunding nothing', async () => {
    const refused = await refund('12,50');
    expect(refused.status).to.equal(400);
    expect(refused.text).to.include('aria-invalid="true"').and.include('value="12,50"').and.include('with &quot;.&quot; for decimals');
    const tooMuch = await refund('45.01');
    expect(tooMuch.status).to.equal(400);
    expect(tooMuch.text, 'more than is left, said in money').to.include('Give more than 0 and at most EUR 45.00 (4500 minor units), what is paid and not yet refunded').and.include('value="45.01"');
    expect(await server.deps.db('payment_refunds')).to.deep.equal([]);
  });

  it('refunds an amount, then the rest; lists each refund and how it went, in the host\'s zone; no form once nothing is left', async () => {
    const partly = await refund('12.50');
    expect(partly.status).to.equal(303);
    expect(partly.headers.get('location')).to.equal(`/app/meetings/${booking.id}?done=refunded`);
    expect((await page()).text).to.include('EUR 12.50 <span class="muted">by a host</span>: on its way since 24 Nov 2026, 11:00').and.include('empty: all that is left, EUR 32.50');
    await drainOutbox(server);
    expect((await page()).text).to.include('EUR 12.50 <span class="muted">by a host</span>: refunded 24 Nov 2026, 11:00');
    stripe.refundOutcomes.push('refuse');
    expect((await refund('')).status).to.equal(303);
    await drainOutbox(server);
    const failed = (await page()).text;
    expect(failed).to.include('EUR 32.50 <span class="muted">by a host</span>: failed: Charge').and.include('empty: all that is left, EUR 32.50');
    expect((await refund(' ')).status).to.equal(303);
    await drainOutbox(server);
    const done = (await page()).text;
    expect(done).to.include('(refunded)').and.include('<dt>Refunded</dt><dd>EUR 45.00</dd>').and.not.include('/refund"');
    expect(stripe.refunds.filter((r) => r.payment_intent === paymentIntent).map((r) => r.amount)).to.deep.equal([1250, 3250]);
  });
});
