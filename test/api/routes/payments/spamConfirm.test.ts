import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import type { FakeStripe } from '../../../fakes/stripe.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { startWithFakeStripe } from './helpers.js';

/** A paid booking held back by the spam check, booked when its e-mailed link comes back. */
describe('POST /api/meetings/confirm for a paid event type answers as /schedule would have', () => {
  let stripe: FakeStripe;
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T10:00:00Z');

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    ({ stripe, server, call } = await startWithFakeStripe(clock, { SPAM_CHECK: 'on' }));
    const host = await createHost(call, 'paidspam', { timezone: 'UTC' });
    await createEventType(call, host.token, { slug: 'paid', title: 'Paid session', price: { amount: 4500, currency: 'EUR', provider: 'stripe' } });
    expect((await call('POST', '/api/promo-codes', { token: host.token, body: { code: 'FREE100', percentOff: 100 } })).status).to.equal(201);
    expect((await call('POST', '/api/promo-codes', { token: host.token, body: { code: 'TENOFF', percentOff: 10 } })).status).to.equal(201);
  });
  after(async () => {
    await server.close();
    await stripe.close();
  });

  /** Books with a link in the notes (challenged as a first-time booker), then follows the e-mailed link. */
  async function challengedThenConfirmed(start: string, email: string, promoCode?: string) {
    const invitee = { name: 'Lin', email, timezone: 'UTC' };
    const held = await call('POST', '/api/meetings/schedule', { body: { user: 'paidspam', eventType: 'paid', start, invitee, notes: 'See https://cheap.example/deal', ...(promoCode ? { promoCode } : {}) } });
    expect(held.status, held.text).to.equal(202);
    const row = await server.deps.db('outbox').whereLike('idempotency_key', 'spam-challenge:%').whereRaw("payload->>'to' = ?", [email]).first('payload');
    const payload = typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload;
    const token = /token=([^\s&"]+)/.exec(payload.text)![1]!;
    const confirmed = await call('POST', '/api/meetings/confirm', { body: { token } });
    expect(confirmed.status, confirmed.text).to.equal(201);
    return confirmed.body;
  }

  it('a code that leaves nothing to pay: scheduled, with its promo and a paid payment of 0', async () => {
    const booked = await challengedThenConfirmed('2026-11-25T09:00:00Z', 'free@example.org', 'FREE100');
    expect(booked.status).to.equal('scheduled');
    expect(booked.promo).to.include({ code: 'FREE100', priceMinor: 4500, discountMinor: 4500, amountDueMinor: 0 });
    expect(booked.payment).to.include({ status: 'paid', amount: 0, discountAmount: 4500, promoCode: 'FREE100', checkoutUrl: null });
  });

  it('a partial code: a hold with its checkout at the discounted amount, and the promo', async () => {
    const booked = await challengedThenConfirmed('2026-11-25T10:00:00Z', 'part@example.org', 'TENOFF');
    expect(booked.status).to.equal('pending_payment');
    expect(booked.promo).to.include({ code: 'TENOFF', discountMinor: 450 });
    expect(booked.payment).to.include({ amount: 4050, promoCode: 'TENOFF' });
    expect(booked.payment.checkoutUrl).to.be.a('string');
  });

  it('no code: the hold and its checkout, no promo', async () => {
    const booked = await challengedThenConfirmed('2026-11-25T11:00:00Z', 'plain@example.org');
    expect(booked.status).to.equal('pending_payment');
    expect(booked.payment).to.include({ amount: 4500 });
    expect(booked).not.to.have.property('promo');
  });
});
