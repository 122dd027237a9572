import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, expectProblem, invitee } from '../../../helpers/scheduling.js';

describe('group event types with seats', () => {
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  let host: Awaited<ReturnType<typeof createHost>>;
  const book = (start: string, n: number, eventType = 'class') => call('POST', '/api/meetings/schedule', { body: { user: 'ghost', eventType, start, invitee: invitee(n) } });
  const slotsOn = async (date: string, eventType = 'class') => {
    const res = await call('GET', `/api/availability?user=ghost&eventType=${eventType}&from=${date}&to=${date}&timezone=UTC`);
    expect(res.status, res.text).to.equal(200);
    return res.body as { slots: Array<{ start: string; seatsTotal: number; seatsLeft: number }>; full: Array<{ start: string; seatsLeft: number }> };
  };
  /** The e-mails queued for a booking, optionally only those not in `seen` (outbox ids). */
  const emailsTo = async (bookingId: string, seen: string[] = []) => {
    type Mail = { to: string; subject: string; text: string; ics: string | null };
    const rows: Array<{ id: string; payload: Mail | string }> = await server.deps.db('outbox').where({ booking_id: bookingId, channel: 'email' }).whereNotIn('id', seen).orderBy('created_at').orderBy('id');
    return rows.map((r) => ({ id: r.id, ...((typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Mail) }));
  };
  const join = (url: string) => fetch(url.replace(/^https?:\/\/[^/]+/, server.url), { redirect: 'manual' });

  before(async function () {
    this.timeout(300_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    host = await createHost(call, 'ghost', { timezone: 'UTC' });
    await createEventType(call, host.token, { slug: 'class', title: 'Yoga class', kind: 'group', seats: 3, durationMinutes: 60, location: 'https://meet.example/yoga' });
  });
  after(() => server.close());

  describe('POST /api/event-types', () => {
    it('takes kind group with seats and shows the seats', async () => {
      const res = await call('GET', '/api/event-types', { token: host.token });
      expect(res.body.eventTypes.find((e: { slug: string }) => e.slug === 'class')).to.include({ kind: 'group', seats: 3 });
    });

    it('refuses a group without seats, seats on another kind, and approval on a group, naming the field', async () => {
      const create = (body: Record<string, unknown>) => call('POST', '/api/event-types', { token: host.token, body: { title: 'X', durationMinutes: 30, ...body } });
      const noSeats = await create({ slug: 'g1', kind: 'group' });
      expectProblem(noSeats, 400, 'validation_failed');
      expect(noSeats.body.errors).to.deep.equal([{ field: 'seats', message: 'a group event type needs seats: how many attendees one session takes (1 to 10000)' }]);
      const seatsOnOne = await create({ slug: 'g2', kind: 'one_on_one', seats: 4 });
      expectProblem(seatsOnOne, 400, 'validation_failed');
      expect(seatsOnOne.body.errors[0].field).to.equal('seats');
      expect(seatsOnOne.body.errors[0].message).to.match(/only a group event type has seats/);
      const approval = await create({ slug: 'g3', kind: 'group', seats: 4, requiresApproval: true });
      expectProblem(approval, 400, 'validation_failed');
      expect(approval.body.errors[0].field).to.equal('requiresApproval');
      expectProblem(await create({ slug: 'g4', kind: 'group', seats: 0 }), 400, 'validation_failed');
      const made = await create({ slug: 'g5', kind: 'group', seats: 2 });
      expect(made.status, made.text).to.equal(201);
      const toOne = await call('PATCH', `/api/event-types/${made.body.id}`, { token: host.token, body: { kind: 'one_on_one' } });
      expectProblem(toOne, 400, 'validation_failed');
      expect(toOne.body.errors[0].field).to.equal('seats');
      const resized = await call('PATCH', `/api/event-types/${made.body.id}`, { token: host.token, body: { seats: 8 } });
      expect(resized.body.seats).to.equal(8);
    });
  });

  describe('seats in one session', () => {
    const start = '2026-11-25T09:00:00.000Z';
    const seats: Array<{ id: string; manageToken: string; join: string; attendeeId: string }> = [];

    it('offers every free slot with seatsTotal and seatsLeft', async () => {
      const { slots, full } = await slotsOn('2026-11-25');
      expect(slots).to.have.length(8);
      for (const s of slots) expect(s).to.include({ seatsTotal: 3, seatsLeft: 3 });
      expect(full).to.deep.equal([]);
    });

    it('seats each booker in the one session with their own row, manage token and join link; the slot stays offered until full', async () => {
      for (const n of [1, 2, 3]) {
        const res = await book(start, n);
        expect(res.status, res.text).to.equal(201);
        expect(res.body.attendees, 'a booker sees only their own seat').to.have.length(1);
        expect(res.body.attendees[0].email).to.equal(`guest${n}@example.org`);
        expect(res.body.seatsTotal).to.equal(3);
        expect(res.body.seatsLeft).to.equal(3 - n);
        expect(res.body.links.join).to.match(/\/j\/yava_jn_/);
        seats.push({ id: res.body.id, manageToken: res.body.manageToken, join: res.body.links.join, attendeeId: res.body.attendees[0].id });
        const listed = (await slotsOn('2026-11-25')).slots.find((s) => s.start === start);
        if (n < 3) expect(listed).to.include({ seatsTotal: 3, seatsLeft: 3 - n });
        else expect(listed, 'a full session is no longer offered').to.equal(undefined);
      }
      expect(new Set(seats.map((s) => s.id)).size, 'one session').to.equal(1);
      expect(new Set(seats.map((s) => s.manageToken)).size).to.equal(3);
      expect(new Set(seats.map((s) => s.join)).size).to.equal(3);
      expect(await server.deps.db('booking_hosts').where({ booking_id: seats[0]!.id }).count('* as n').first()).to.deep.equal({ n: 1 });
      expect(await server.deps.db('booking_attendees').where({ booking_id: seats[0]!.id }).count('* as n').first()).to.deep.equal({ n: 3 });
      const { full } = await slotsOn('2026-11-25');
      expect(full).to.deep.equal([{ start, end: '2026-11-25T10:00:00.000Z', hosts: ['ghost'], seatsTotal: 3, seatsLeft: 0 }]);
    });

    it('refuses a fourth booker with 409 slot_unavailable, reason full', async () => {
      const res = await book(start, 4);
      expectProblem(res, 409, 'slot_unavailable');
      expect(res.body.reason).to.equal('full');
      expect(res.body.detail).to.match(/session is full/);
    });

    it('shows the host every attendee and the seats; an attendee by token sees their own seat only', async () => {
      const byHost = await call('GET', `/api/meetings/${seats[0]!.id}`, { token: host.token });
      expect(byHost.body).to.include({ seatsTotal: 3, seatsLeft: 0 });
      expect(byHost.body.attendees.map((a: { email: string }) => a.email).sort()).to.deep.equal(['guest1@example.org', 'guest2@example.org', 'guest3@example.org']);
      const byGuest = await call('GET', `/api/meetings/${seats[0]!.id}?token=${seats[1]!.manageToken}`);
      expect(byGuest.body.attendees.map((a: { email: string }) => a.email)).to.deep.equal(['guest2@example.org']);
      expectProblem(await call('POST', `/api/meetings/${seats[0]!.id}/reschedule?token=${seats[1]!.manageToken}`, { body: { start: '2026-11-25T11:00:00Z' } }), 403, 'forbidden');
    });

    it("an attendee's .ics download, feed, read-only view and e-mails show neither the other attendees nor the first booker's notes", async () => {
      const others = ['guest1@example.org', 'guest3@example.org'];
      const download = await fetch(`${server.url}/meetings/${seats[0]!.id}.ics?token=${encodeURIComponent(seats[1]!.manageToken)}`);
      expect(download.status).to.equal(200);
      // Unfolded: a folded line could split an address.
      const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');
      const ics = unfold(await download.text());
      expect(ics).to.include('BEGIN:VEVENT');
      for (const email of others) expect(ics, 'the download').to.not.include(email);
      const viewUrl = /^URL[^:]*:(.+)$/m.exec(ics)?.[1];
      expect(viewUrl).to.match(/\/meetings\/.+\?view=/);
      const view = await (await fetch(viewUrl!.trim().replace(/^https?:\/\/[^/]+/, server.url))).text();
      expect(view).to.include('Yoga class');
      expect(view, 'the read-only view').to.not.match(/Guest [13]\b/);
      // An attendee with an account sees the session in their own feed, without the others.
      const seated = await createHost(call, 'seated');
      const mine = await call('POST', '/api/meetings/schedule', { token: seated.token, body: { user: 'ghost', eventType: 'class', start: '2026-11-25T12:00:00Z', invitee: { name: 'Seated', email: 'seated@example.com', timezone: 'UTC' }, notes: 'Seated alone knows this' } });
      expect(mine.status, mine.text).to.equal(201);
      const next = await book('2026-11-25T12:00:00.000Z', 9);
      expect(next.status, next.text).to.equal(201);
      // The session's notes are the first booker's words: the next attendee sees none of them.
      expect(next.body.notes, 'the answer').to.equal(null);
      expect((await call('GET', `/api/meetings/${next.body.id}?token=${next.body.manageToken}`)).body.notes, 'the meeting').to.equal(null);
      const mailed = (await emailsTo(next.body.id)).filter((m) => m.to === 'guest9@example.org');
      expect(mailed).to.have.length(1);
      expect(`${mailed[0]!.text}${mailed[0]!.ics}`, 'the e-mail and its invite').to.not.include('Seated alone');
      expect((await call('GET', `/api/meetings/${next.body.id}`, { token: host.token })).body.notes, 'the host').to.equal('Seated alone knows this');
      const feedUrl = (await call('GET', '/api/me/feed', { token: seated.token })).body.url as string;
      const feed = unfold(await (await fetch(feedUrl.replace(/^https?:\/\/[^/]+/, server.url))).text());
      expect(feed).to.include('Yoga class');
      expect(feed, 'the feed').to.not.include('guest9@example.org');
      const byHost = unfold(await (await fetch(`${server.url}/meetings/${mine.body.id}.ics`, { headers: { authorization: `Bearer ${host.token}` } })).text());
      expect(byHost, 'the host still sees everyone').to.include('guest9@example.org');
    });

    it('GET /j/<token> redirects each attendee to the meeting place; a revoked link gets a friendly 410 page', async () => {
      const res = await join(seats[0]!.join);
      expect(res.status).to.equal(302);
      expect(res.headers.get('location')).to.equal('https://meet.example/yoga');
      const revoked = await call('POST', `/api/meetings/${seats[0]!.id}/attendees/${seats[0]!.attendeeId}/revoke-join`, { token: host.token });
      expect(revoked.status, revoked.text).to.equal(200);
      expect(revoked.body.attendeeId).to.equal(seats[0]!.attendeeId);
      const gone = await join(seats[0]!.join);
      expect(gone.status).to.equal(410);
      expect(gone.headers.get('content-type')).to.match(/text\/html/);
      const page = await gone.text();
      expect(page).to.include('Link no longer valid').and.include('was revoked');
      expect(page).not.to.match(/at .+\.ts:\d+/);
      expect((await join(seats[1]!.join)).status, 'the others still work').to.equal(302);
      expect((await fetch(`${server.url}/j/yava_jn_unknown-token-here`, { redirect: 'manual' })).status).to.equal(404);
      // An attendee may revoke only their own link.
      const other = await call('POST', `/api/meetings/${seats[0]!.id}/attendees/${seats[2]!.attendeeId}/revoke-join?token=${seats[1]!.manageToken}`);
      expectProblem(other, 403, 'forbidden');
    });

    it('one attendee cancelling frees one seat and tells nobody else', async () => {
      const before = (await emailsTo(seats[0]!.id)).map((m) => m.id);
      const res = await call('POST', `/api/meetings/${seats[0]!.id}/cancel?token=${seats[1]!.manageToken}`, { body: {} });
      expect(res.status, res.text).to.equal(200);
      expect(res.body.status, 'the session goes on').to.equal('scheduled');
      expect(res.body.seatsLeft).to.equal(1);
      const mails = await emailsTo(seats[0]!.id, before);
      expect(mails.map((m) => m.to)).to.deep.equal(['guest2@example.org']);
      expect(mails[0]!.subject).to.match(/^Canceled/);
      expect((await join(seats[1]!.join)).status, 'their join link is revoked').to.equal(410);
      expect((await join(seats[2]!.join)).status).to.equal(302);
      const listed = (await slotsOn('2026-11-25')).slots.find((s) => s.start === start);
      expect(listed).to.include({ seatsTotal: 3, seatsLeft: 1 });
      expectProblem(await call('POST', `/api/meetings/${seats[0]!.id}/cancel?token=${seats[1]!.manageToken}`, { body: {} }), 409, 'invalid_transition');
      const again = await book(start, 5);
      expect(again.status, again.text).to.equal(201);
      expect(again.body.seatsLeft).to.equal(0);
    });

    it('the host cancelling the session tells every attendee', async () => {
      const before = (await emailsTo(seats[0]!.id)).map((m) => m.id);
      const res = await call('POST', `/api/meetings/${seats[0]!.id}/cancel`, { token: host.token, body: { reason: 'Teacher is ill' } });
      expect(res.status, res.text).to.equal(200);
      expect(res.body.status).to.equal('canceled');
      const mails = await emailsTo(seats[0]!.id, before);
      expect(mails.map((m) => m.to).sort()).to.deep.equal(['ghost@example.com', 'guest1@example.org', 'guest3@example.org', 'guest5@example.org']);
      for (const m of mails) expect(m.subject).to.match(/^Canceled/);
      expect((await join(seats[2]!.join)).status).to.equal(410);
      const listed = (await slotsOn('2026-11-25')).slots.find((s) => s.start === start);
      expect(listed, 'the slot is free again for a new session').to.include({ seatsTotal: 3, seatsLeft: 3 });
    });
  });

  describe('giving a seat up and taking one again', () => {
    const start = '2026-11-26T09:00:00.000Z';
    // The clock moves on between steps, so the outbox rows sort in the order they were queued.
    const cancel = (seat: { id: string; manageToken: string }) => {
      clock.advance(60_000);
      return call('POST', `/api/meetings/${seat.id}/cancel?token=${seat.manageToken}`, { body: {} });
    };
    const sequenceOf = (ics: string | null) => Number(/SEQUENCE:(\d+)/.exec(ics ?? '')?.[1]);

    it('e-mails each seat taken and given up, with an invite that outranks the cancellation before it', async () => {
      expect((await book(start, 20)).status).to.equal(201);
      const first = (await book(start, 21)).body;
      expect((await cancel(first)).status).to.equal(200);
      clock.advance(60_000);
      const again = await book(start, 21);
      expect(again.status, again.text).to.equal(201);
      expect((await cancel(again.body)).status).to.equal(200);
      const mails = (await emailsTo(first.id)).filter((m) => m.to === 'guest21@example.org');
      expect(mails.map((m) => m.subject.split(':')[0])).to.deep.equal(['Confirmed', 'Canceled', 'Confirmed', 'Canceled']);
      expect(mails.map((m) => /METHOD:(\w+)/.exec(m.ics ?? '')?.[1])).to.deep.equal(['REQUEST', 'CANCEL', 'REQUEST', 'CANCEL']);
      const sequences = mails.map((m) => sequenceOf(m.ics));
      expect(sequences[2], 'the new invite outranks the cancellation').to.be.greaterThan(sequences[1]!);
      expect(sequences[3]).to.be.at.least(sequences[2]!);
      const other = (await emailsTo(first.id)).filter((m) => m.to === 'guest20@example.org');
      expect(other.map((m) => m.subject.split(':')[0]), 'the other attendee hears of none of it').to.deep.equal(['Confirmed']);
    });

    it('refuses a second seat for an address that holds one (any case) with 409 conflict, reason seated', async () => {
      const again = await call('POST', '/api/meetings/schedule', { body: { user: 'ghost', eventType: 'class', start, invitee: { ...invitee(20), email: 'GUEST20@Example.org' } } });
      expectProblem(again, 409, 'conflict');
      expect(again.body.details.reason).to.equal('seated');
      expect(again.body.detail).to.match(/already have a seat/);
      const session = await server.deps.db('bookings').where({ start_at: new Date(start) }).first('seats_taken');
      expect(session.seats_taken, 'no seat was taken').to.equal(1);
    });
  });

  describe('reminders of a session', () => {
    it('a seat given up withdraws only that attendee\'s reminders; the others keep theirs', async () => {
      const made = await createEventType(call, host.token, { slug: 'remclass', title: 'Reminded class', kind: 'group', seats: 3, durationMinutes: 60 });
      expect((await call('PUT', `/api/event-types/${made.id}/notifications`, { token: host.token, body: { reminders: [{ minutesBefore: 60, channel: 'email' }], followUps: [] } })).status).to.equal(200);
      const start = '2026-11-27T10:00:00Z';
      const first = (await book(start, 41, 'remclass')).body;
      const second = (await book(start, 42, 'remclass')).body;
      const remindedTo = async () =>
        (await server.deps.db('outbox').where({ booking_id: first.id, status: 'pending' }).whereLike('idempotency_key', 'reminder:%').select('payload')).map((r: { payload: { to: string } | string }) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload).to.toLowerCase()).sort();
      expect(await remindedTo()).to.include.members([invitee(41).email.toLowerCase(), invitee(42).email.toLowerCase()]);
      expect((await call('POST', `/api/meetings/${second.id}/cancel?token=${second.manageToken}`, { body: {} })).status).to.equal(200);
      const left = await remindedTo();
      expect(left, 'the seat given up').to.not.include(invitee(42).email.toLowerCase());
      expect(left, 'the attendee who stays').to.include(invitee(41).email.toLowerCase());
      expect(left, 'the host').to.include('ghost@example.com');
    });
  });
});
