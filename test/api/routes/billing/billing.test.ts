import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { pdfToText } from '../../../helpers/pdf.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, expectProblem, invitee } from '../../../helpers/scheduling.js';
import { hiddenValue, pageClient } from '../pages/helpers.js';
import { startFakeStripe, type FakeStripe } from '../../../fakes/stripe.js';

/** Sets a price directly (paid event types are created through the payments API). */
async function priceEventType(server: RunningServer, id: string, priceMinor: number, currency: string): Promise<void> {
  await server.deps.db('event_types').where({ id }).update({ price_minor: priceMinor, currency, payment_provider: 'stripe' });
}

describe('plans, promo codes and invoices over the API', () => {
  const clock = createFixedClock('2026-11-24T10:00:00Z');

  describe('with plans sold (STRIPE_PRICE_PRO set): new users are on Free', () => {
    let server: RunningServer;
    let call: ApiCall;
    before(async () => {
      await resetTestDb();
      server = await startTestServer({ clock, env: { STRIPE_PRICE_PRO: 'price_pro', STRIPE_PRICE_ENTERPRISE: 'price_ent' } });
      call = apiClient(server.url);
    });
    after(() => server.close());

    it('GET /api/billing/plan shows Free with its limits and features', async () => {
      const host = await createHost(call, 'plan-free');
      const res = await call('GET', '/api/billing/plan', { token: host.token });
      expect(res.status, res.text).to.equal(200);
      expect(res.body).to.deep.include({ plan: 'free', name: 'Free', status: 'none', limits: { eventTypes: 1 }, checkoutAvailable: true });
      expect(res.body.features).to.include({ payments: false, teams: false });
    });

    it('a second event type on Free is 402 plan_required naming Pro; a team is 402 naming Enterprise', async () => {
      const host = await createHost(call, 'plan-limit');
      await createEventType(call, host.token, { slug: 'one' });
      const second = await call('POST', '/api/event-types', { token: host.token, body: { slug: 'two', title: 'Two', durationMinutes: 30 } });
      expectProblem(second, 402, 'plan_required');
      expect(second.body.detail).to.contain('Pro plan');
      expect(second.body.details).to.include({ plan: 'pro', currentPlan: 'free' });
      const team = await call('POST', '/api/teams', { token: host.token, body: { slug: 'crew', name: 'Crew', members: [] } });
      expectProblem(team, 402, 'plan_required');
      expect(team.body.detail).to.contain('Enterprise plan');
    });

    it('promo codes need Pro: POST /api/promo-codes on Free is 402 naming Pro', async () => {
      const host = await createHost(call, 'plan-promo');
      const res = await call('POST', '/api/promo-codes', { token: host.token, body: { code: 'SAVE10', percentOff: 10 } });
      expectProblem(res, 402, 'plan_required');
      expect(res.body.details.plan).to.equal('pro');
    });
  });

  describe('self-hosted (no Stripe Billing): everyone is on Enterprise', () => {
    let server: RunningServer;
    let call: ApiCall;
    let host: Awaited<ReturnType<typeof createHost>>;
    let eventTypeId: string;
    let stripe: FakeStripe;
    before(async () => {
      await resetTestDb();
      stripe = await startFakeStripe();
      server = await startTestServer({ clock, env: { STRIPE_SECRET_KEY: 'sk_test_yava', STRIPE_WEBHOOK_SECRET: 'whsec_test', STRIPE_API_URL: stripe.url } });
      call = apiClient(server.url);
      host = await createHost(call, 'coach');
      eventTypeId = (await createEventType(call, host.token, { slug: 'session', durationMinutes: 30 })).id;
      await createEventType(call, host.token, { slug: 'second' });
      await priceEventType(server, eventTypeId, 5000, 'EUR');
    });
    after(async () => {
      await server.close();
      await stripe.close();
    });

    it('GET /api/billing/plan is Enterprise with nothing to buy', async () => {
      expect((await call('GET', '/api/billing/plan', { token: host.token })).body).to.include({ plan: 'enterprise', checkoutAvailable: false });
    });

    it('creates, lists and disables promo codes; bad input is 400 naming the field', async () => {
      const made = await call('POST', '/api/promo-codes', { token: host.token, body: { code: 'TEN-OFF', amountOffMinor: 1000, currency: 'EUR', eventTypeId, maxUses: 5 } });
      expect(made.status, made.text).to.equal(201);
      expect(made.body).to.include({ code: 'TEN-OFF', amountOffMinor: 1000, currency: 'EUR', eventTypeId, maxUses: 5, uses: 0, disabled: false });
      expectProblem(await call('POST', '/api/promo-codes', { token: host.token, body: { code: 'X', percentOff: 10 } }), 400, 'validation_failed');
      expectProblem(await call('POST', '/api/promo-codes', { token: host.token, body: { code: 'BOTH', percentOff: 10, amountOffMinor: 5, currency: 'EUR' } }), 400, 'validation_failed');
      expectProblem(await call('POST', '/api/promo-codes', { token: host.token, body: { code: 'TEN-OFF', percentOff: 10 } }), 409, 'conflict');
      expect((await call('GET', '/api/promo-codes', { token: host.token })).body.promoCodes.map((p: { code: string }) => p.code)).to.include('TEN-OFF');
      const disabled = await call('POST', `/api/promo-codes/${made.body.id}/disable`, { token: host.token });
      expect(disabled.body.disabled).to.equal(true);
      expectProblem(await call('POST', '/api/promo-codes/not-an-id/disable', { token: host.token }), 404, 'not_found');
      expectProblem(await call('GET', '/api/promo-codes'), 401, 'unauthorized');
    });

    it('20 parallel bookings with a code limited to 3 uses: exactly 3 discounted, the rest 409 promo_code_used_up', async function () {
      this.timeout(120_000);
      await call('POST', '/api/promo-codes', { token: host.token, body: { code: 'THREE', percentOff: 25, maxUses: 3 } });
      // 20 different half-hour slots, Wed 25 to Fri 27 November, 09:00–12:30.
      const starts = Array.from({ length: 20 }, (_, i) => new Date(Date.UTC(2026, 10, 25 + Math.floor(i / 8), 9 + Math.floor((i % 8) / 2), (i % 2) * 30)).toISOString());
      expect(new Set(starts).size).to.equal(20);
      const results = await Promise.all(
        starts.map((start, i) => call('POST', '/api/meetings/schedule', { body: { user: 'coach', eventType: 'session', start, invitee: invitee(i), promoCode: 'three' } })),
      );
      const booked = results.filter((r) => r.status === 201);
      expect(booked, JSON.stringify(results.filter((r) => r.status !== 201 && r.status !== 409).map((r) => r.body))).to.have.length(3);
      for (const r of booked) expect(r.body.promo).to.deep.equal({ code: 'THREE', priceMinor: 5000, discountMinor: 1250, amountDueMinor: 3750, currency: 'EUR' });
      const refused = results.filter((r) => r.status !== 201);
      expect(refused.map((r) => r.body.code)).to.deep.equal(Array(17).fill('promo_code_used_up'));
      // A refused booking left nothing behind: the 17 slots are still free.
      expect(Number((await server.deps.db('bookings').count({ n: '*' }).first())!.n)).to.equal(3);
    });

    it('a booking with an unknown code is 422 promo_code_invalid and books nothing', async () => {
      const res = await call('POST', '/api/meetings/schedule', { body: { user: 'coach', eventType: 'session', start: '2026-11-30T09:00:00Z', invitee: invitee(99), promoCode: 'NOPE' } });
      expectProblem(res, 422, 'promo_code_invalid');
      expect(res.body.errors[0].field).to.equal('promoCode');
    });

    it('the booking page asks for a promo code on a paid event type with live codes, and applies it', async () => {
      await call('POST', '/api/promo-codes', { token: host.token, body: { code: 'PAGE10', percentOff: 10 } });
      const client = pageClient(server.url);
      const formPage = await client.get('/coach/session/book?start=2026-12-02T09:00:00.000Z&timezone=UTC');
      expect(formPage.text).to.contain('name="promoCode"');
      expect((await client.get('/coach/second/book?start=2026-12-02T09:00:00.000Z&timezone=UTC')).text).not.to.contain('name="promoCode"');
      const form = { _csrf: hiddenValue(formPage.text, '_csrf'), start: '2026-12-02T09:00:00.000Z', timezone: 'UTC', name: 'Page Guest', email: 'page@example.org' };
      const refused = await client.post('/coach/session/book', { ...form, promoCode: 'WRONG' });
      expect(refused.status).to.equal(422);
      expect(refused.text).to.contain('Promo code &quot;WRONG&quot; does not exist').and.contain('value="WRONG"');
      const booked = await client.post('/coach/session/book', { ...form, promoCode: 'page10' });
      expect(booked.status, booked.text).to.equal(303);
      // A paid slot goes on to checkout; the booking waits for the payment with its discount fixed.
      const { booking_id: id } = await server.deps.db('booking_attendees').where({ email: 'page@example.org' }).first('booking_id');
      expect(await server.deps.services.billing.discountOfBooking(id)).to.deep.equal({ code: 'PAGE10', priceMinor: 5000, discountMinor: 500, amountDueMinor: 4500, currency: 'EUR' });
    });

    it('GET /api/invoices/:id.pdf serves the invoice PDF to its seller only; history lists it', async () => {
      const booked = await call('POST', '/api/meetings/schedule', { body: { user: 'coach', eventType: 'session', start: '2026-12-01T09:00:00Z', invitee: invitee(7) } });
      expect(booked.status, booked.text).to.equal(201);
      const { billing } = server.deps.services;
      const invoice = await server.deps.db.transaction((trx) => billing.issueInvoice(trx, { bookingId: booked.body.id, amountMinor: 5000, currency: 'EUR', paymentRef: 'pi_test' }));
      const res = await fetch(`${server.url}/api/invoices/${invoice.id}.pdf`, { headers: { authorization: `Bearer ${host.token}` } });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.equal('application/pdf');
      const text = await pdfToText(Buffer.from(await res.arrayBuffer()));
      expect(text).to.contain(invoice.displayNumber).and.contain('EUR 50.00').and.contain('Guest 7');
      const other = await createHost(call, 'stranger');
      expectProblem(await call('GET', `/api/invoices/${invoice.id}.pdf`, { token: other.token }), 404, 'not_found');
      const history = await call('GET', '/api/billing/history', { token: host.token });
      expect(history.body.invoices.map((i: { number: string }) => i.number)).to.deep.equal([invoice.displayNumber]);
      expect(history.body.invoices[0]).to.include({ totalMinor: 5000, currency: 'EUR', pdfUrl: `${server.deps.config.publicUrl}/api/invoices/${invoice.id}.pdf` });
      expect((await call('GET', `/api/invoices/${invoice.id}`, { token: host.token })).body.number).to.equal(invoice.displayNumber);
    });
  });
});
