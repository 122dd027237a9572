import { expect } from 'chai';
import { createFixedClock } from '../../../../core/clock.js';
import type { BookingChange } from '../../../../core/notify/types.js';
import { waitlistSessionFollower } from '../../../../core/waitlist/index.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, invitee } from '../../../helpers/scheduling.js';
import { queuedWaitlistEmails } from '../../../helpers/waitlist.js';

describe('the waitlist of a session whose time changes', () => {
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  let session: string;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const [first, moved, third] = ['2026-11-25T14:00:00.000Z', '2026-11-26T09:00:00.000Z', '2026-11-27T15:00:00.000Z'];
  const wait = (n: number, timezone = 'Europe/Paris') => call('POST', '/api/waitlist', { body: { user: 'wmhost', eventType: 'class', start: first, invitee: { ...invitee(n), timezone } } });
  const move = (start: string) => call('POST', `/api/meetings/${session}/reschedule`, { token: host.token, body: { start } });
  const line = async () => (await server.deps.db('waitlist_entries').orderBy('seq').select('email', 'status')).map((e: { email: string; status: string }) => `${e.email} ${e.status}`);
  const told = async () => (await queuedWaitlistEmails(server, 'moved')).map((m) => m.to);
  /** Reports a change as a move path does, in its own transaction (the host's calendar: core/calendars/followHostChanges.ts). */
  const report = (change: BookingChange) => server.deps.db.transaction((trx) => waitlistSessionFollower({ clock, maxAttempts: 3 }).bookingChanged(trx, change));
  const IN_LINE = ['guest2@example.org offered', 'guest3@example.org waiting', 'guest4@example.org left', 'guest5@example.org expired'];

  before(async function () {
    this.timeout(300_000);
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    host = await createHost(call, 'wmhost', { timezone: 'UTC' });
    await createEventType(call, host.token, { slug: 'class', title: 'Class', kind: 'group', seats: 1, durationMinutes: 60 });
    const seat = await call('POST', '/api/meetings/schedule', { body: { user: 'wmhost', eventType: 'class', start: first, invitee: invitee(1) } });
    expect(seat.status, seat.text).to.equal(201);
    session = seat.body.id;
    for (const n of [2, 3, 4, 5]) expect((await wait(n, n === 3 ? 'Asia/Tokyo' : 'Europe/Paris')).status).to.equal(201);
    // guest2 is offered the seat guest1 gives up; guest4 left the line and guest5's entry ended (as a
    // take-up by someone seated meanwhile and a lapsed offer leave them).
    expect((await call('POST', `/api/meetings/${session}/cancel?token=${seat.body.manageToken}`, { body: {} })).status).to.equal(200);
    await server.deps.db('waitlist_entries').where({ email: 'guest4@example.org' }).update({ status: 'left' });
    await server.deps.db('waitlist_entries').where({ email: 'guest5@example.org' }).update({ status: 'expired' });
    expect(await line()).to.deep.equal(IN_LINE);
  });
  after(() => server.close());

  it('a move e-mails everyone still in line once, with the new and the old time in their own zone; nobody who left or whose entry ended', async () => {
    const res = await move(moved);
    expect(res.status, res.text).to.equal(200);
    const mails = await queuedWaitlistEmails(server, 'moved');
    expect(mails.map((m) => m.to)).to.have.members(['guest2@example.org', 'guest3@example.org']).and.have.length(2);
    const [paris, tokyo] = [mails.find((m) => m.to === 'guest2@example.org')!, mails.find((m) => m.to === 'guest3@example.org')!];
    expect(paris.subject).to.equal('New time: Class');
    expect(paris.text).to.include('When: Thursday, 26 November 2026, 10:00–11:00 (Europe/Paris)\nWas: Wednesday, 25 November 2026, 15:00–16:00 (Europe/Paris)');
    expect(paris.text).to.include('The seat held for you moved with it');
    expect(tokyo.text).to.include('When: Thursday, 26 November 2026, 18:00–19:00 (Asia/Tokyo)\nWas: Wednesday, 25 November 2026, 23:00 – Thursday, 26 November 2026, 00:00 (Asia/Tokyo)');
    expect(tokyo.text).to.include('You keep your place in line');
    expect(tokyo.html).to.include('<strong>Was:</strong> Wednesday, 25 November 2026, 23:00 – Thursday, 26 November 2026, 00:00 (Asia/Tokyo)');
  });

  it('a second move e-mails them again, from the time they were last told', async () => {
    expect((await move(third)).status).to.equal(200);
    const mails = await queuedWaitlistEmails(server, 'moved');
    expect(mails.map((m) => m.to).sort()).to.deep.equal(['guest2@example.org', 'guest2@example.org', 'guest3@example.org', 'guest3@example.org']);
    const last = mails.slice(2).find((m) => m.to === 'guest2@example.org')!;
    expect(last.text).to.include('When: Friday, 27 November 2026, 16:00–17:00 (Europe/Paris)\nWas: Thursday, 26 November 2026, 10:00–11:00 (Europe/Paris)');
  });

  it("a move to the same time sends nothing, nor does a change naming the session's own times (its calendar echoing our write)", async () => {
    expect((await move(third)).status).to.equal(200);
    // The session's sequence moved on since (as a video link added to it moves it): the echo's own key would be new.
    await server.deps.db('bookings').where({ id: session }).update({ sequence: server.deps.db.raw('sequence + 1') });
    await report({ type: 'rescheduled', bookingId: session, previousStart: third, previousEnd: '2026-11-27T16:00:00.000Z', actor: 'host calendar' });
    expect(await told()).to.have.length(4);
    expect(await line()).to.deep.equal(IN_LINE);
  });

  it('a change of the end only (the host made the session longer in their calendar) keeps the line where it is and tells it both times, once', async () => {
    // guest2's offer lapsed meanwhile (the job has not passed it on yet): it holds nothing to be told of.
    clock.advance(31 * 60_000);
    await server.deps.db('bookings').where({ id: session }).update({ end_at: new Date('2026-11-27T17:00:00Z'), sequence: server.deps.db.raw('sequence + 1') });
    const change: BookingChange = { type: 'rescheduled', bookingId: session, previousStart: third, previousEnd: '2026-11-27T16:00:00.000Z', actor: 'host calendar' };
    await report(change);
    await report(change); // a retried notification of the same move
    expect(await line()).to.deep.equal(IN_LINE);
    const mails = (await queuedWaitlistEmails(server, 'moved')).slice(4);
    expect(mails.map((m) => m.to)).to.deep.equal(['guest3@example.org']);
    expect(mails[0]!.text).to.include('When: Saturday, 28 November 2026, 00:00–02:00 (Asia/Tokyo)\nWas: Saturday, 28 November 2026, 00:00–01:00 (Asia/Tokyo)');
  });
});
