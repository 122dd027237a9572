import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import type { FakeStripe } from '../../../fakes/stripe.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost, expectProblem } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { offerTokenFor } from '../../../helpers/waitlist.js';
import { bookSlot, startWithFakeStripe } from './helpers.js';

// Paid seats are not supported yet (core/booking/paidGroups.ts): a group with a price is refused, never seated for free.
describe('group event types with a price', () => {
  let stripe: FakeStripe;
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const PRICE = { amount: 4500, currency: 'EUR', provider: 'stripe' };

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    ({ stripe, server, call } = await startWithFakeStripe(clock));
    host = await createHost(call, 'seathost', { timezone: 'UTC' });
  });
  after(async () => {
    await server.close();
    await stripe.close();
  });

  const expectPriceRefused = (res: Awaited<ReturnType<ApiCall>>) => {
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors).to.have.length(1);
    expect(res.body.errors[0].field).to.equal('price');
    expect(res.body.errors[0].message).to.match(/^a group event type cannot have a price yet: /);
  };

  it('POST /api/event-types refuses a group with a price, naming price', async () => {
    expectPriceRefused(await call('POST', '/api/event-types', { token: host.token, body: { slug: 'paidclass', title: 'Paid class', durationMinutes: 60, kind: 'group', seats: 5, price: PRICE } }));
    expect((await call('GET', '/api/event-types', { token: host.token })).body.eventTypes).to.deep.equal([]);
  });

  it('PATCH /api/event-types refuses a price on a group, and turning a paid type into a group', async () => {
    const group = await createEventType(call, host.token, { slug: 'class', title: 'Class', durationMinutes: 60, kind: 'group', seats: 5 });
    expectPriceRefused(await call('PATCH', `/api/event-types/${group.id}`, { token: host.token, body: { price: PRICE } }));
    const paid = await createEventType(call, host.token, { slug: 'paid', title: 'Paid', durationMinutes: 60, price: PRICE });
    expectPriceRefused(await call('PATCH', `/api/event-types/${paid.id}`, { token: host.token, body: { kind: 'group', seats: 5 } }));
    const both = await call('PATCH', `/api/event-types/${paid.id}`, { token: host.token, body: { kind: 'group', seats: 5, price: null } });
    expect(both.status, both.text).to.equal(200);
    expect(both.body).to.include({ kind: 'group', seats: 5, price: null });
  });

  it('refuses to book (or wait for) a paid group stored before the rule, and books nothing', async () => {
    const old = await createEventType(call, host.token, { slug: 'oldclass', title: 'Old paid class', durationMinutes: 60, kind: 'group', seats: 5 });
    await server.deps.db('event_types').where({ id: old.id }).update({ price_minor: 4500, currency: 'EUR', payment_provider: 'stripe' });
    const res = await bookSlot(call, 'seathost', 'oldclass', '2026-11-25T09:00:00Z');
    expectProblem(res, 422, 'unprocessable');
    expect(res.body.detail).to.match(/paid group sessions are not supported yet/);
    expect(await server.deps.db('bookings').where({ event_type_id: old.id })).to.deep.equal([]);
    const wait = await call('POST', '/api/waitlist', { body: { user: 'seathost', eventType: 'oldclass', start: '2026-11-25T09:00:00Z', invitee: { name: 'W', email: 'w@example.org', timezone: 'UTC' } } });
    expectProblem(wait, 422, 'unprocessable');
  });

  it('a seat freed after the group got a price goes back instead of to the next in line', async () => {
    const group = await createEventType(call, host.token, { slug: 'tinyclass', title: 'Tiny class', durationMinutes: 60, kind: 'group', seats: 1 });
    const start = '2026-11-25T14:00:00Z';
    const seated = await bookSlot(call, 'seathost', 'tinyclass', start, 4);
    expect(seated.status, seated.text).to.equal(201);
    const wait = await call('POST', '/api/waitlist', { body: { user: 'seathost', eventType: 'tinyclass', start, invitee: { name: 'W5', email: 'w5@example.org', timezone: 'UTC' } } });
    expect(wait.status, wait.text).to.equal(201);
    await server.deps.db('event_types').where({ id: group.id }).update({ price_minor: 4500, currency: 'EUR', payment_provider: 'stripe' });
    expect((await call('POST', `/api/meetings/${seated.body.id}/cancel?token=${seated.body.manageToken}`, { body: {} })).status).to.equal(200);
    expect(await server.deps.db('waitlist_entries').where({ email: 'w5@example.org' }).first('status')).to.deep.equal({ status: 'waiting' });
    expect((await server.deps.db('bookings').where({ id: seated.body.id }).first('seats_taken')).seats_taken).to.equal(0);
  });

  it('an offer sent before the group got a price seats nobody for free; a seat freed after is not offered', async () => {
    const group = await createEventType(call, host.token, { slug: 'smallclass', title: 'Small class', durationMinutes: 60, kind: 'group', seats: 1 });
    const start = '2026-11-25T11:00:00Z';
    const seated = await bookSlot(call, 'seathost', 'smallclass', start, 1);
    expect(seated.status, seated.text).to.equal(201);
    for (const n of [2, 3]) {
      const wait = await call('POST', '/api/waitlist', { body: { user: 'seathost', eventType: 'smallclass', start, invitee: { name: `W${n}`, email: `w${n}@example.org`, timezone: 'UTC' } } });
      expect(wait.status, wait.text).to.equal(201);
    }
    expect((await call('POST', `/api/meetings/${seated.body.id}/cancel?token=${seated.body.manageToken}`, { body: {} })).status).to.equal(200);
    const offer = await offerTokenFor(server, 'w2@example.org');
    await server.deps.db('event_types').where({ id: group.id }).update({ price_minor: 4500, currency: 'EUR', payment_provider: 'stripe' });

    const taken = await call('POST', `/api/waitlist/offers/${offer}/confirm`);
    expectProblem(taken, 422, 'unprocessable');
    expect(taken.body.detail).to.match(/paid group sessions are not supported yet/);
    const attendees = await server.deps.db('booking_attendees').where({ booking_id: seated.body.id }).whereNull('canceled_at');
    expect(attendees, 'nobody seated').to.deep.equal([]);

    // The refused offer ends and its seat goes back at once (booking it is refused), not to w3 for free.
    expect(await server.deps.db('waitlist_entries').where({ email: 'w2@example.org' }).first('status')).to.deep.equal({ status: 'expired' });
    expect((await server.deps.db('bookings').where({ id: seated.body.id }).first('seats_taken')).seats_taken).to.equal(0);
    clock.advance(31 * 60_000);
    expect(await server.deps.services.waitlist.expireOffers()).to.equal(0);
    expect(await server.deps.db('waitlist_entries').where({ email: 'w3@example.org' }).first('status')).to.deep.equal({ status: 'waiting' });
    expect(await server.deps.db('outbox').where({ idempotency_key: `email:waitlist-offer:${(await server.deps.db('waitlist_entries').where({ email: 'w3@example.org' }).first('id')).id}` })).to.deep.equal([]);
    expect((await server.deps.db('bookings').where({ id: seated.body.id }).first('seats_taken')).seats_taken).to.equal(0);
  });

});
