import { expect } from 'chai';
import { expectCode } from '../booking/helpers.js';
import { setUpRequestWorld, type RequestWorld } from './helpers.js';

describe('core/requests/bookRequest', () => {
  let w: RequestWorld;
  beforeEach(async () => {
    w = await setUpRequestWorld();
  });
  const propose = (text = '30 min with cy thursday afternoon') => w.requests.propose({ userId: w.users.bob, text, timezone: 'Europe/Berlin', source: 'discord' });

  it('books a request once, even when two picks race: one meeting, the other pick a conflict', async () => {
    const r = await propose();
    const [a, b] = r.proposal!.slots;
    const results = await Promise.allSettled([w.requests.book({ id: r.id, userId: w.users.bob, start: a!.start }), w.requests.book({ id: r.id, userId: w.users.bob, start: b!.start })]);
    expect(results.map((x) => x.status).sort()).to.deep.equal(['fulfilled', 'rejected']);
    const rejected = results.find((x) => x.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason.code).to.equal('conflict');
    const booked = (await w.db('bookings').where({ source: 'discord' })).length;
    expect(booked).to.equal(1);
    expect((await w.requests.get(r.id, w.users.bob)).status).to.equal('booked');
  });

  it('takes over a pick that a crashed process left holding the request', async () => {
    const r = await propose();
    await w.db('meeting_requests').where({ id: r.id }).update({ status: 'booking', claimed_at: new Date(w.clock.now().getTime() - 61_000) });
    const { meeting } = await w.requests.book({ id: r.id, userId: w.users.bob, start: r.proposal!.slots[0]!.start });
    expect(meeting.hosts.map((h) => h.username).sort()).to.deep.equal(['bob', 'cy']);
  });

  it('offers fresh alternatives when the time was taken, and the request stays bookable', async () => {
    const r = await propose();
    const taken = r.proposal!.slots[0]!.start;
    await w.booking.scheduleAdHocBooking({ organizerUserId: w.users.cy, usernames: [], start: taken, durationMinutes: 30, title: 'Taken', source: 'api' });
    const error = await expectCode(w.requests.book({ id: r.id, userId: w.users.bob, start: taken }), 'slot_unavailable');
    const alternatives = error.details.alternatives as Array<{ start: string }>;
    expect(alternatives.map((s) => s.start)).not.to.include(taken);
    const after = await w.requests.get(r.id, w.users.bob);
    expect(after.status).to.equal('proposed');
    expect(after.proposal!.slots).to.deep.equal(alternatives);
  });

  it('refuses a request with an open question, and one whose times expired', async () => {
    const q = await propose('with cy thursday');
    const error = await expectCode(w.requests.book({ id: q.id, userId: w.users.bob, start: '2026-11-26T14:00:00Z' }), 'invalid_transition');
    expect(error.message).to.equal('Answer the question first: How long should the meeting be?');
    const r = await propose();
    w.clock.advance(25 * 3_600_000);
    await expectCode(w.requests.book({ id: r.id, userId: w.users.bob, start: r.proposal!.slots[0]!.start }), 'invalid_transition');
  });
});
