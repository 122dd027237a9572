import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import type { FakeStripe } from '../../../fakes/stripe.js';
import { resetTestDb, usingPostgres } from '../../../helpers/db.js';
import { createEventType, createHost } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { WEBHOOK_SECRET, checkoutIdOf, startWithFakeStripe, bookSlot, confirmationEmails } from './helpers.js';

// Real concurrency needs several connections: PGlite has one, so this runs on PostgreSQL (TEST_DATABASE_URL).
(usingPostgres() ? describe : describe.skip)('payment confirmations under concurrency (PostgreSQL)', () => {
  let stripe: FakeStripe;
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T10:00:00Z');

  const send = (payload: string) => fetch(`${server.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': stripe.sign(payload, WEBHOOK_SECRET) }, body: payload });
  const sessionOf = (bookingId: string) => checkoutIdOf(server, bookingId);

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    ({ stripe, server, call } = await startWithFakeStripe(clock, { PAYMENT_HOLD_MINUTES: '15' }));
    const host = await createHost(call, 'racehost', { timezone: 'UTC' });
    await createEventType(call, host.token, { slug: 'paid', title: 'Paid', price: { amount: 5000, currency: 'USD', provider: 'stripe' } });
  });
  after(async () => {
    await server.close();
    await stripe.close();
  });

  it('16 webhooks (8 repeats of one event, 8 other events) and 4 return pages at once confirm once: one history row, one e-mail per person', async () => {
    const booked = await bookSlot(call, 'racehost', 'paid', '2026-11-25T09:00:00Z');
    const session = await sessionOf(booked.body.id);
    stripe.pay(session);
    const repeated = stripe.event('checkout.session.completed', session, 'evt_same');
    const others = Array.from({ length: 8 }, () => stripe.event('checkout.session.completed', session));
    const results = await Promise.all([
      ...Array.from({ length: 8 }, () => send(repeated)),
      ...others.map(send),
      ...Array.from({ length: 4 }, () => fetch(`${server.url}/payments/return?booking=${booked.body.id}`)),
    ]);
    expect(results.map((r) => r.status)).to.deep.equal(Array(20).fill(200));
    const history = await server.deps.db('booking_status_history').where({ booking_id: booked.body.id, to_status: 'scheduled' });
    expect(history).to.have.length(1);
    expect(await confirmationEmails(server, booked.body.id)).to.have.length(2);
    expect(await server.deps.db('payment_webhook_events').whereIn('event_id', ['evt_same'])).to.have.length(1);
    expect((await server.deps.db('payments').where({ booking_id: booked.body.id }).first()).status).to.equal('paid');
  });

  it('a payment racing its hold expiry is either confirmed or refunded, never both and never neither', async function () {
    this.timeout(120_000);
    const bookings: Array<{ id: string; session: string }> = [];
    for (let i = 0; i < 6; i += 1) {
      const booked = await bookSlot(call, 'racehost', 'paid', `2026-11-26T${String(9 + i).padStart(2, '0')}:00:00Z`, i + 2);
      bookings.push({ id: booked.body.id, session: await sessionOf(booked.body.id) });
    }
    clock.advance(16 * 60_000);
    for (const b of bookings) stripe.pay(b.session);
    await Promise.all([server.deps.services.payments.expireDueHolds(), ...bookings.map((b) => send(stripe.event('checkout.session.completed', b.session)))]);
    for (const b of bookings) {
      const booking = await server.deps.db('bookings').where({ id: b.id }).first();
      const payment = await server.deps.db('payments').where({ booking_id: b.id }).first();
      const refunds = await server.deps.db('payment_refunds').where({ payment_id: payment.id });
      if (booking.status === 'scheduled') expect([payment.status, refunds.length]).to.deep.equal(['paid', 0]);
      else expect([booking.status, payment.status, refunds.length, refunds[0].amount_minor]).to.deep.equal(['canceled', 'refunded', 1, 5000]);
    }
  });
});
