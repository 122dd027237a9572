import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, expectProblem, invitee } from '../../../helpers/scheduling.js';
import { offerTokenFor, queuedWaitlistEmails } from '../../../helpers/waitlist.js';

describe('waitlists of full group sessions', () => {
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const start = '2026-11-25T14:00:00.000Z';
  const book = (n: number, extra: Record<string, unknown> = {}) => call('POST', '/api/meetings/schedule', { body: { user: 'wlhost', eventType: 'talk', start, invitee: invitee(n), ...extra } });
  // Straight from the session row: the host's access token expires while the clock moves on.
  const seatsLeft = async (id: string) => {
    const row = await server.deps.db('bookings').where({ id }).first('seats_total', 'seats_taken');
    return row.seats_total - row.seats_taken;
  };
  let host: Awaited<ReturnType<typeof createHost>>;
  const seats: Array<{ id: string; manageToken: string }> = [];

  before(async function () {
    this.timeout(300_000);
    await resetTestDb();
    server = await startTestServer({ clock, env: { WAITLIST_HOLD_MINUTES: '20' } });
    call = apiClient(server.url);
    host = await createHost(call, 'wlhost', { timezone: 'UTC' });
    await createEventType(call, host.token, { slug: 'talk', title: 'Talk', kind: 'group', seats: 2, durationMinutes: 60, location: 'https://meet.example/talk' });
    await createEventType(call, host.token, { slug: 'one', title: 'One', durationMinutes: 30 });
    for (const n of [1, 2]) {
      const res = await book(n);
      expect(res.status, res.text).to.equal(201);
      seats.push(res.body);
    }
  });
  after(() => server.close());

  it('a full session: booking with waitlist: true joins its waitlist (202), POST /api/waitlist joins too, in order', async () => {
    const third = await book(3, { waitlist: true });
    expect(third.status, third.text).to.equal(202);
    expect(third.body).to.deep.include({ waitlisted: true });
    expect(third.body.waitlist).to.include({ start, status: 'waiting', position: 1, email: 'guest3@example.org' });
    const fourth = await call('POST', '/api/waitlist', { body: { user: 'wlhost', eventType: 'talk', start, invitee: invitee(4) } });
    expect(fourth.status, fourth.text).to.equal(201);
    expect(fourth.body).to.include({ position: 2, status: 'waiting' });
    expectProblem(await book(5), 409, 'slot_unavailable');
  });

  it('refuses a second entry for one person, a session with seats left, and a kind without seats', async () => {
    expectProblem(await call('POST', '/api/waitlist', { body: { user: 'wlhost', eventType: 'talk', start, invitee: invitee(4) } }), 409, 'conflict');
    expectProblem(await call('POST', '/api/waitlist', { body: { user: 'wlhost', eventType: 'talk', start: '2026-11-25T09:00:00Z', invitee: invitee(6) } }), 409, 'conflict');
    const wrongKind = await call('POST', '/api/waitlist', { body: { user: 'wlhost', eventType: 'one', start, invitee: invitee(6) } });
    expectProblem(wrongKind, 400, 'validation_failed');
    expect(wrongKind.body.errors[0].field).to.equal('eventType');
  });

  it('a cancellation offers the freed seat to the first in line by e-mail, held WAITLIST_HOLD_MINUTES (20 here) for them alone', async () => {
    const res = await call('POST', `/api/meetings/${seats[0]!.id}/cancel?token=${seats[0]!.manageToken}`, { body: {} });
    expect(res.status, res.text).to.equal(200);
    expect(await seatsLeft(seats[1]!.id), 'the seat is held, not free').to.equal(0);
    const token = await offerTokenFor(server, 'guest3@example.org');
    const offer = await call('GET', `/api/waitlist/offers/${token}`);
    expect(offer.body).to.include({ status: 'offered', open: true, title: 'Talk', expiresAt: '2026-11-24T10:20:00.000Z' });
    const someoneElse = await book(7);
    expectProblem(someoneElse, 409, 'slot_unavailable');
    expect(someoneElse.body.reason).to.equal('full');
    const listed = (await call('GET', '/api/availability?user=wlhost&eventType=talk&from=2026-11-25&to=2026-11-25&timezone=UTC')).body;
    expect(listed.slots.map((s: { start: string }) => s.start)).not.to.include(start);
    expect(listed.full.map((s: { start: string }) => s.start)).to.include(start);
  });

  it('an offer not taken up in time passes to the next in line (the periodic job); its link then answers 410', async () => {
    const first = await offerTokenFor(server, 'guest3@example.org');
    clock.advance(19 * 60_000);
    expect(await server.deps.services.waitlist.expireOffers()).to.equal(0);
    clock.advance(2 * 60_000);
    expect(await server.deps.services.waitlist.expireOffers()).to.equal(1);
    expectProblem(await call('POST', `/api/waitlist/offers/${first}/confirm`), 410, 'link_revoked');
    const second = await offerTokenFor(server, 'guest4@example.org');
    expect((await call('GET', `/api/waitlist/offers/${second}`)).body).to.include({ status: 'offered', open: true });
    expect(await seatsLeft(seats[1]!.id)).to.equal(0);
  });

  it('one click on the offer takes the seat: own attendee row, manage token and join link; a second click is refused', async () => {
    const token = await offerTokenFor(server, 'guest4@example.org');
    const res = await call('POST', `/api/waitlist/offers/${token}/confirm`);
    expect(res.status, res.text).to.equal(201);
    expect(res.body.attendees.map((a: { email: string }) => a.email)).to.deep.equal(['guest4@example.org']);
    expect(res.body.manageToken).to.match(/^yava_mt_/);
    expect(res.body.links.join).to.match(/\/j\/yava_jn_/);
    expect(res.body.seatsLeft).to.equal(0);
    expectProblem(await call('POST', `/api/waitlist/offers/${token}/confirm`), 409, 'invalid_transition');
    const seated = await server.deps.db('booking_attendees').where({ booking_id: seats[1]!.id }).whereNull('canceled_at').orderBy('email').pluck('email');
    expect(seated).to.deep.equal(['guest2@example.org', 'guest4@example.org']);
  });

  it('with nobody left in line, a lapsed or freed seat goes back to the public', async () => {
    const res = await call('POST', `/api/meetings/${seats[1]!.id}/cancel?token=${seats[1]!.manageToken}`, { body: {} });
    expect(res.status, res.text).to.equal(200);
    expect(await seatsLeft(seats[1]!.id)).to.equal(1);
    const again = await book(8);
    expect(again.status, again.text).to.equal(201);
  });
});

describe('the waitlist of a session the host moves or cancels', () => {
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const [first, moved] = ['2026-11-25T14:00:00.000Z', '2026-11-26T09:00:00.000Z'];
  const book = (start: string, n: number) => call('POST', '/api/meetings/schedule', { body: { user: 'mvhost', eventType: 'class', start, invitee: invitee(n) } });
  const entries = () => server.deps.db('waitlist_entries').orderBy('seq').select('email', 'status', 'start_at');
  let seat: { id: string; manageToken: string };

  before(async function () {
    this.timeout(300_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    host = await createHost(call, 'mvhost', { timezone: 'UTC' });
    await createEventType(call, host.token, { slug: 'class', title: 'Class', kind: 'group', seats: 1, durationMinutes: 60 });
    seat = (await book(first, 1)).body;
    for (const n of [2, 3]) expect((await call('POST', '/api/waitlist', { body: { user: 'mvhost', eventType: 'class', start: first, invitee: invitee(n) } })).status).to.equal(201);
  });
  after(() => server.close());

  it('a moved session takes its line along: a seat given up later is offered to the first in line, at the new time', async () => {
    const res = await call('POST', `/api/meetings/${seat.id}/reschedule`, { token: host.token, body: { start: moved } });
    expect(res.status, res.text).to.equal(200);
    expect((await entries()).map((e) => [e.email, e.status, new Date(e.start_at).toISOString()])).to.deep.equal([
      ['guest2@example.org', 'waiting', moved],
      ['guest3@example.org', 'waiting', moved],
    ]);
    expect((await call('POST', `/api/meetings/${seat.id}/cancel?token=${seat.manageToken}`, { body: {} })).status).to.equal(200);
    const offer = await call('GET', `/api/waitlist/offers/${await offerTokenFor(server, 'guest2@example.org')}`);
    expect(offer.body).to.include({ status: 'offered', open: true, start: moved });
    expectProblem(await book(moved, 4), 409, 'slot_unavailable');
  });

  it('a canceled session ends its line: everyone waiting or offered a seat is e-mailed once, and the offer is closed', async () => {
    const res = await call('POST', `/api/meetings/${seat.id}/cancel`, { token: host.token, body: { reason: 'Teacher is ill' } });
    expect(res.status, res.text).to.equal(200);
    expect((await entries()).map((e) => e.status)).to.deep.equal(['canceled', 'canceled']);
    const mails = await queuedWaitlistEmails(server, 'canceled');
    expect(mails.map((m) => m.to).sort()).to.deep.equal(['guest2@example.org', 'guest3@example.org']);
    for (const m of mails) {
      expect(m.subject).to.equal('Canceled: Class');
      expect(m.text).to.include('Teacher is ill');
    }
    const offer = await call('GET', `/api/waitlist/offers/${await offerTokenFor(server, 'guest2@example.org')}`);
    expect(offer.body).to.include({ status: 'canceled', open: false });
  });

  it('a move onto a time where an old entry of the same person waits keeps the moving offer and ends the stale entry', async () => {
    const [at, to] = ['2026-11-27T14:00:00.000Z', '2026-11-27T16:00:00.000Z'];
    const held = (await book(at, 5)).body;
    expect((await call('POST', '/api/waitlist', { body: { user: 'mvhost', eventType: 'class', start: at, invitee: invitee(6) } })).status).to.equal(201);
    expect((await call('POST', `/api/meetings/${held.id}/cancel?token=${held.manageToken}`, { body: {} })).status).to.equal(200);
    const token = await offerTokenFor(server, 'guest6@example.org');
    const { event_type_id } = await server.deps.db('waitlist_entries').where({ email: 'guest6@example.org' }).first('event_type_id');
    const now = new Date();
    await server.deps.db('waitlist_entries').insert({ event_type_id, start_at: new Date(to), name: 'Guest 6', email: 'guest6@example.org', timezone: 'UTC', status: 'waiting', created_at: now, updated_at: now });
    expect((await call('POST', `/api/meetings/${held.id}/reschedule`, { token: host.token, body: { start: to } })).status).to.equal(200);
    const mine = await server.deps.db('waitlist_entries').where({ email: 'guest6@example.org' }).orderBy('seq').select('status', 'start_at');
    expect(mine.map((e: { status: string; start_at: Date }) => [e.status, new Date(e.start_at).toISOString()])).to.deep.equal([['offered', to], ['canceled', to]]);
    const taken = await call('POST', `/api/waitlist/offers/${token}/confirm`);
    expect(taken.status, taken.text).to.equal(201);
  });

  it('an offer taken up by someone already seated (another way) seats nobody twice: the held seat goes to the next in line', async () => {
    const at = '2026-11-30T14:00:00.000Z';
    const held = (await book(at, 7)).body;
    for (const n of [8, 9]) expect((await call('POST', '/api/waitlist', { body: { user: 'mvhost', eventType: 'class', start: at, invitee: invitee(n) } })).status).to.equal(201);
    expect((await call('POST', `/api/meetings/${held.id}/cancel?token=${held.manageToken}`, { body: {} })).status).to.equal(200);
    const token = await offerTokenFor(server, 'guest8@example.org');
    // guest8 got a seat meanwhile (as an address could before one seat per address was enforced).
    await server.deps.db('booking_attendees').insert({ booking_id: held.id, name: 'Guest 8', email: 'Guest8@Example.org', timezone: 'UTC', manage_token_hash: 'x'.repeat(64) });
    const refused = await call('POST', `/api/waitlist/offers/${token}/confirm`);
    expectProblem(refused, 409, 'conflict');
    expect(refused.body.details.reason).to.equal('seated');
    expect(await server.deps.db('booking_attendees').where({ booking_id: held.id }).whereRaw("lower(email) = 'guest8@example.org'")).to.have.length(1);
    const statuses = await server.deps.db('waitlist_entries').whereIn('email', ['guest8@example.org', 'guest9@example.org']).orderBy('seq').pluck('status');
    expect(statuses).to.deep.equal(['left', 'offered']);
  });
});
