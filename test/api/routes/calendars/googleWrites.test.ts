import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { WRITE_CLAIM_MS } from '../../../../core/calendars/writeClaims.js';
import { createFixedClock } from '../../../../core/clock.js';
import { startGoogleFake, type GoogleFake } from '../../../fakes/google.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost, invitee } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { bookIntro, consentFlow, deliverOutbox, emailsTo, GOOGLE_PRIMARY, googleEnv, runQueuedSyncs, slotStarts, startCalendarServer, startWithGoogle, thenSync } from './helpers.js';

const PRIMARY = 'ada@gmail.com';
const TEAM = 'team@group.calendar.google.com';
const WORK = 'work@group.calendar.google.com';

describe('Google Calendar: the events Yava keeps there', () => {
  let google: GoogleFake;
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  const clock = createFixedClock('2026-11-30T08:00:00Z');
  const ours = (uid: string) => google.liveEvents(PRIMARY).filter((e) => e.iCalUID === uid);
  const guests = (uid: string) => ours(uid).map((e) => (e.attendees ?? []).map((a) => a.email));

  before(async function () {
    // Starting the shared database and the fakes can be slow on a loaded machine.
    this.timeout(120_000);
    await resetTestDb();
    google = await startGoogleFake();
    google.addCalendar(PRIMARY, 'Ada', { primary: true, timeZone: 'Europe/Berlin' });
    google.addCalendar(TEAM, 'Team', { timeZone: 'Europe/Berlin' });
    google.addCalendar(WORK, 'Work', { timeZone: 'Europe/Berlin' });
    ({ server, call, host } = await startCalendarServer(clock, googleEnv(google)));
    expect((await consentFlow(call, host.token, 'google')).status).to.equal(200);
  });
  after(async () => {
    await server?.close();
    await google?.stop();
  });

  it("a group session's event lists the people holding a seat: each seat taken later is added, each seat given up is removed", async () => {
    await createEventType(call, host.token, { slug: 'class', title: 'Class', durationMinutes: 60, kind: 'group', seats: 3 });
    const seat = async (n: number) => {
      const res = await call('POST', '/api/meetings/schedule', { body: { user: 'ada', eventType: 'class', start: '2026-12-02T10:00:00Z', invitee: invitee(n) } });
      expect(res.status, res.text).to.equal(201);
      await deliverOutbox(server);
      return res.body as { id: string; icalUid: string; manageToken: string };
    };
    const giveUp = async (s: { id: string; manageToken: string }) => {
      expect((await call('POST', `/api/meetings/${s.id}/cancel?token=${s.manageToken}`, { body: {} })).status).to.equal(200);
      await deliverOutbox(server);
    };
    const first = await seat(1);
    expect(guests(first.icalUid)).to.deep.equal([['guest1@example.org']]);
    // Guests who use Google see the event in their own calendar: not who else took a seat.
    expect(ours(first.icalUid)[0]!.guestsCanSeeOtherGuests).to.equal(false);
    const second = await seat(2);
    expect(guests(first.icalUid), 'the second seat').to.deep.equal([['guest1@example.org', 'guest2@example.org']]);
    await giveUp(first);
    expect(guests(first.icalUid), 'the first seat given up').to.deep.equal([['guest2@example.org']]);
    await seat(3);
    await giveUp(second);
    expect(guests(first.icalUid), 'a seat taken and another given up at the same sequence').to.deep.equal([['guest3@example.org']]);
    expect((await call('POST', `/api/meetings/${first.id}/cancel`, { token: host.token, body: {} })).status).to.equal(200);
    await deliverOutbox(server);
    expect(ours(first.icalUid), 'the host canceled the session').to.deep.equal([]);
  });

  it('writes of one booking that run at once make one event: the second waits for the first and updates the event it made', async () => {
    const booking = await bookIntro(call, '2026-12-03T09:00:00Z');
    const moved = await call('POST', `/api/meetings/${booking.id}/reschedule`, { token: host.token, body: { start: '2026-12-03T11:00:00Z' } });
    expect(moved.status, moved.text).to.equal(200);
    // Two workers each take one of its writes (created, rescheduled) and run them side by side.
    const worker = (workerId: string) =>
      server.deps.services.notify.createDispatcher({ senders: { calendar: server.deps.services.calendars.sender }, batchSize: 1, workerId, backoffBaseMs: 1, backoffMaxMs: 1 });
    // The first lookup of the event waits for a second one, so that both writers have looked
    // before either creates; when none comes within half a second, the other writer is waiting its turn.
    let release: (() => void) | null = null;
    google.beforeAnswer = async (_request, url) => {
      if (!url.searchParams.get('iCalUID')) return;
      if (release) return release();
      await new Promise<void>((ok) => {
        release = ok;
        setTimeout(ok, 500);
      });
    };
    const inserts = () => google.requests.filter((r) => r === `POST /calendar/v3/calendars/${encodeURIComponent(PRIMARY)}/events`).length;
    const before = inserts();
    try {
      const runs = await Promise.all([worker('a').runOnce(), worker('b').runOnce()]);
      expect(runs.map((r) => [r.claimed, r.sent])).to.deep.equal([[1, 1], [1, 1]]);
    } finally {
      google.beforeAnswer = null;
    }
    expect(ours(booking.icalUid).map((e) => e.start.dateTime)).to.deep.equal(['2026-12-03T11:00:00.000Z']);
    expect(inserts() - before, 'one events.insert: the second write patched it').to.equal(1);
    const link = await server.deps.db('calendar_event_links').where({ booking_id: booking.id }).first('external_id');
    expect(link.external_id).to.equal(ours(booking.icalUid)[0]!.id);
    expect(await server.deps.db('outbox').where({ channel: 'calendar', booking_id: booking.id }).pluck('status')).to.deep.equal(['sent', 'sent']);
    await deliverOutbox(server);
  });

  it('a full resync that still finds the event at the old time (our write of a reschedule not yet through) does not move the booking back', async () => {
    const booking = await bookIntro(call, '2026-12-04T09:00:00Z');
    await deliverOutbox(server);
    expect(ours(booking.icalUid)[0]!.guestsCanSeeOtherGuests, 'a one-on-one meeting keeps Google\'s default').to.equal(undefined);
    const res = await call('POST', `/api/meetings/${booking.id}/reschedule`, { token: host.token, body: { start: '2026-12-04T14:00:00Z' } });
    expect(res.status, res.text).to.equal(200);
    // Google drops the sync token (410) before the dispatcher has patched the event.
    google.expireSyncTokensBefore = Number.MAX_SAFE_INTEGER;
    expect(await thenSync(server, google.push(PRIMARY))).to.deep.equal([204]);
    google.expireSyncTokensBefore = 0;
    const after = await server.deps.db('bookings').where({ id: booking.id }).first('start_at', 'sequence');
    expect([new Date(after.start_at).toISOString(), after.sequence]).to.deep.equal(['2026-12-04T14:00:00.000Z', 1]);
    expect(await emailsTo(server, invitee().email, `email:${booking.id}:rescheduled:2`)).to.deep.equal([]);
    await deliverOutbox(server);
    expect(ours(booking.icalUid).map((e) => e.start.dateTime)).to.deep.equal(['2026-12-04T14:00:00.000Z']);
    // The host moving it afterwards is followed as before.
    const [event] = ours(booking.icalUid);
    google.putEvent(PRIMARY, { id: event!.id, start: { dateTime: '2026-12-04T15:00:00Z' }, end: { dateTime: '2026-12-04T16:00:00Z' } });
    await thenSync(server, google.push(PRIMARY));
    expect(new Date((await server.deps.db('bookings').where({ id: booking.id }).first('start_at')).start_at).toISOString()).to.equal('2026-12-04T15:00:00.000Z');
  });

  it('reconnecting writes what could not be written meanwhile: bookings made, moved and canceled while access was revoked', async () => {
    const moved = await bookIntro(call, '2026-12-08T09:00:00Z');
    const canceled = await bookIntro(call, '2026-12-08T11:00:00Z');
    await deliverOutbox(server);
    google.revokeAll();
    expect((await call('POST', '/api/calendars/sync', { token: host.token })).body.results[0]).to.include({ status: 'needs_reconnect' });
    const made = await bookIntro(call, '2026-12-08T13:00:00Z');
    expect((await call('POST', `/api/meetings/${moved.id}/reschedule`, { token: host.token, body: { start: '2026-12-08T15:00:00Z' } })).status).to.equal(200);
    expect((await call('POST', `/api/meetings/${canceled.id}/cancel`, { token: host.token, body: {} })).status).to.equal(200);
    // No write is tried against a connection that needs reconnecting: each is given up (dead) at once.
    await deliverOutbox(server);
    expect(await server.deps.db('outbox').where({ channel: 'calendar', status: 'pending' })).to.deep.equal([]);
    expect((await consentFlow(call, host.token, 'google')).status).to.equal(200);
    await deliverOutbox(server);
    expect(ours(made.icalUid).map((e) => e.start.dateTime), 'booked meanwhile').to.deep.equal(['2026-12-08T13:00:00.000Z']);
    expect(ours(moved.icalUid).map((e) => e.start.dateTime), 'moved meanwhile').to.deep.equal(['2026-12-08T15:00:00.000Z']);
    expect(ours(canceled.icalUid), 'canceled meanwhile').to.deep.equal([]);
  });

  it('a write that finds the grant revoked turns the connection needs_reconnect at once, as a sync would, and is not tried again until it is reconnected', async () => {
    const [before] = (await call('GET', '/api/calendars', { token: host.token })).body.connections;
    expect(before.status).to.equal('active');
    google.revokeAll();
    const booking = await bookIntro(call, '2026-12-07T09:00:00Z');
    await deliverOutbox(server);
    const [after] = (await call('GET', '/api/calendars', { token: host.token })).body.connections;
    expect([after.status, after.lastError]).to.deep.equal(['needs_reconnect', 'Google refused the grant (invalid_grant)']);
    expect(await emailsTo(server, host.user.email, `calendar-reconnect:${after.id}`)).to.have.length(1);
    const [write] = await server.deps.db('outbox').where({ channel: 'calendar', booking_id: booking.id }).select('status', 'attempts', 'last_error');
    expect([write.status, write.attempts]).to.deep.equal(['dead', 1]);
    expect(write.last_error).to.include('yava calendars connect google');
    expect((await consentFlow(call, host.token, 'google')).status).to.equal(200);
    await deliverOutbox(server);
    expect(ours(booking.icalUid).map((e) => e.start.dateTime)).to.deep.equal(['2026-12-07T09:00:00.000Z']);
  });

  it('a 401 for the access token Google has just refreshed is a revoked grant too: the write turns the connection needs_reconnect', async () => {
    google.refuseAccessTokens = true;
    try {
      const booking = await bookIntro(call, '2026-12-07T11:00:00Z');
      await deliverOutbox(server);
      const [connection] = (await call('GET', '/api/calendars', { token: host.token })).body.connections;
      expect([connection.status, connection.lastError]).to.deep.equal(['needs_reconnect', 'Google refused the access token it had just refreshed (401)']);
      expect(await server.deps.db('outbox').where({ channel: 'calendar', booking_id: booking.id }).pluck('status')).to.deep.equal(['dead']);
    } finally {
      google.refuseAccessTokens = false;
    }
    expect((await consentFlow(call, host.token, 'google')).status).to.equal(200);
    await deliverOutbox(server);
  });

  it('a refusal of the old grant that comes after the calendar was connected again leaves the connection active: that write and those the reconnect queued go through', async () => {
    const running = await bookIntro(call, '2026-12-14T09:00:00Z');
    let meanwhile: { id: string; icalUid: string } | undefined;
    // The write has opened its session (the grant then) and looks for the event. Meanwhile access
    // is revoked at Google, a sync finds that (a booking's write is given up), and the user
    // connects the calendar again. The write's next call, on the old grant, gets the 401.
    google.beforeAnswer = async (_request, url) => {
      if (!url.searchParams.get('iCalUID')) return;
      google.beforeAnswer = null;
      google.revokeAll();
      expect((await call('POST', '/api/calendars/sync', { token: host.token })).body.results[0]).to.include({ status: 'needs_reconnect' });
      meanwhile = await bookIntro(call, '2026-12-14T11:00:00Z');
      await deliverOutbox(server, { workerId: 'meanwhile' });
      expect(await server.deps.db('outbox').where({ channel: 'calendar', booking_id: meanwhile.id }).pluck('status')).to.deep.equal(['dead']);
      expect((await consentFlow(call, host.token, 'google')).status).to.equal(200);
    };
    try {
      await deliverOutbox(server, { workerId: 'old-grant' });
    } finally {
      google.beforeAnswer = null;
    }
    expect(meanwhile, 'the write looked for the event').not.to.equal(undefined);
    const [connection] = (await call('GET', '/api/calendars', { token: host.token })).body.connections;
    expect([connection.status, connection.lastError]).to.deep.equal(['active', null]);
    const [write] = await server.deps.db('outbox').where({ channel: 'calendar', booking_id: running.id }).select('status', 'last_error');
    expect(write.status, 'tried again on the new grant').to.equal('pending');
    expect(write.last_error).to.include('connected again meanwhile');
    clock.advance(1000);
    try {
      await deliverOutbox(server);
    } finally {
      clock.set('2026-11-30T08:00:00Z');
    }
    expect(ours(running.icalUid).map((e) => e.start.dateTime)).to.deep.equal(['2026-12-14T09:00:00.000Z']);
    expect(ours(meanwhile!.icalUid).map((e) => e.start.dateTime), 'queued again by the reconnect').to.deep.equal(['2026-12-14T11:00:00.000Z']);
    expect(await server.deps.db('calendar_connections').where({ id: connection.id }).pluck('status')).to.deep.equal(['active']);
  });

  it('a write that stalls past its claim is taken over, and what it stores afterwards is refused: the link keeps what the write that took over stored', async () => {
    const booking = await bookIntro(call, '2026-12-15T09:00:00Z');
    await deliverOutbox(server);
    const [event] = ours(booking.icalUid);
    const link = () => server.deps.db('calendar_event_links').where({ booking_id: booking.id }).first('external_id', 'etag', 'sequence');
    const reschedule = async (start: string) => expect((await call('POST', `/api/meetings/${booking.id}/reschedule`, { token: host.token, body: { start } })).status).to.equal(200);
    await reschedule('2026-12-15T11:00:00Z');
    // Google patches the event, and its answer is slower than the write's claim lasts (the writer
    // stalls: nothing renews the claim). Meanwhile the meeting is moved again, and that write takes
    // the claim over, patches the event and stores what Google answered.
    let tookOver = false;
    google.beforeReply = async (request) => {
      if (!request.startsWith('PATCH ')) return;
      google.beforeReply = null;
      clock.advance(WRITE_CLAIM_MS + 1000);
      await reschedule('2026-12-15T13:00:00Z');
      await deliverOutbox(server, { workerId: 'next' });
      tookOver = (await link()).sequence === 2;
    };
    try {
      await deliverOutbox(server, { workerId: 'stalled', leaseMs: 10 * WRITE_CLAIM_MS });
      expect(tookOver, 'the second move took the claim over and stored its write').to.equal(true);
      const [now] = ours(booking.icalUid);
      expect([now!.id, now!.start.dateTime]).to.deep.equal([event!.id, '2026-12-15T13:00:00.000Z']);
      expect(await link(), 'the stalled write stored nothing').to.deep.equal({ external_id: event!.id, etag: now!.etag, sequence: 2 });
      const stalled = await server.deps.db('outbox').where({ channel: 'calendar', booking_id: booking.id }).whereLike('idempotency_key', '%:rescheduled:1').first('status', 'last_error');
      expect(stalled.status).to.equal('pending');
      expect(stalled.last_error).to.include('changed while this write ran');
      // Made again, it writes the meeting as it is now.
      clock.advance(1000);
      await deliverOutbox(server);
    } finally {
      google.beforeReply = null;
      clock.set('2026-11-30T08:00:00Z');
    }
    expect(await server.deps.db('outbox').where({ channel: 'calendar', booking_id: booking.id }).pluck('status')).to.deep.equal(['sent', 'sent', 'sent']);
    const [now] = ours(booking.icalUid);
    expect(now!.start.dateTime).to.equal('2026-12-15T13:00:00.000Z');
    expect(await link()).to.deep.equal({ external_id: event!.id, etag: now!.etag, sequence: 2 });
  });

  it('a sync that follows our event to another calendar while a write of it is under way keeps the link there: the write is made again where the event went', async () => {
    const booking = await bookIntro(call, '2026-12-16T09:00:00Z');
    await deliverOutbox(server);
    const [event] = ours(booking.icalUid);
    const work = await server.deps.db('connected_calendars').where({ external_id: WORK }).first('id');
    const link = () => server.deps.db('calendar_event_links').where({ booking_id: booking.id }).first('calendar_id', 'external_id');
    expect((await call('POST', `/api/meetings/${booking.id}/reschedule`, { token: host.token, body: { start: '2026-12-16T11:00:00Z' } })).status).to.equal(200);
    // Google patches the event; before the write hears so, the host moves it to Work (Google's
    // events.move keeps its id) and a sync follows it there.
    let followed = false;
    google.beforeReply = async (request) => {
      if (!request.startsWith('PATCH ')) return;
      google.beforeReply = null;
      const patched = google.liveEvents(PRIMARY).find((e) => e.id === event!.id)!;
      google.deleteEvent(PRIMARY, patched.id);
      google.putEvent(WORK, { id: patched.id, iCalUID: patched.iCalUID, summary: patched.summary, start: patched.start, end: patched.end });
      await thenSync(server, google.push(PRIMARY));
      followed = (await link()).calendar_id === work.id;
    };
    try {
      await deliverOutbox(server, { workerId: 'writer' });
      expect(followed, 'the sync moved the link to Work').to.equal(true);
      expect(await link(), "the write did not put back what it had read").to.deep.equal({ calendar_id: work.id, external_id: event!.id });
      clock.advance(1000);
      await deliverOutbox(server);
    } finally {
      google.beforeReply = null;
      clock.set('2026-11-30T08:00:00Z');
    }
    expect(await server.deps.db('bookings').where({ id: booking.id }).first('status')).to.deep.equal({ status: 'scheduled' });
    expect(await link()).to.deep.equal({ calendar_id: work.id, external_id: event!.id });
    expect(google.liveEvents(WORK).filter((e) => e.iCalUID === booking.icalUid).map((e) => e.start.dateTime)).to.deep.equal(['2026-12-16T11:00:00.000Z']);
    expect(ours(booking.icalUid)).to.deep.equal([]);
    // Yava's next change reaches it there.
    expect((await call('POST', `/api/meetings/${booking.id}/reschedule`, { token: host.token, body: { start: '2026-12-16T13:00:00Z' } })).status).to.equal(200);
    await deliverOutbox(server);
    expect(google.liveEvents(WORK).filter((e) => e.iCalUID === booking.icalUid).map((e) => e.start.dateTime)).to.deep.equal(['2026-12-16T13:00:00.000Z']);
  });

  it("moving our event to another of the host's calendars is not deleting it: the booking stands and follows the event there", async () => {
    const booking = await bookIntro(call, '2026-12-10T09:00:00Z');
    await deliverOutbox(server);
    const [event] = ours(booking.icalUid);
    // Google's "move to another calendar" (events.move): gone from Ada, there in Work with its id and iCalUID.
    google.deleteEvent(PRIMARY, event!.id);
    google.putEvent(WORK, { id: event!.id, iCalUID: event!.iCalUID, summary: event!.summary, start: event!.start, end: event!.end });
    await thenSync(server, google.push(PRIMARY));
    expect(await server.deps.db('bookings').where({ id: booking.id }).first('status')).to.deep.equal({ status: 'scheduled' });
    expect(await emailsTo(server, invitee().email, `email:${booking.id}:canceled`)).to.deep.equal([]);
    // Yava's next change of it reaches the event where it is now, and makes no second one.
    expect((await call('POST', `/api/meetings/${booking.id}/reschedule`, { token: host.token, body: { start: '2026-12-10T10:00:00Z' } })).status).to.equal(200);
    await deliverOutbox(server);
    expect(google.liveEvents(WORK).filter((e) => e.iCalUID === booking.icalUid).map((e) => e.start.dateTime)).to.deep.equal(['2026-12-10T10:00:00.000Z']);
    expect(ours(booking.icalUid)).to.deep.equal([]);
  });

  it('a calendar deleted at Google stops blocking and taking bookings, and the host is told once; no booking is canceled', async () => {
    const [connection] = (await call('GET', '/api/calendars', { token: host.token })).body.connections;
    const team = connection.calendars.find((c: { name: string }) => c.name === 'Team');
    const use = await call('PATCH', `/api/calendars/${connection.id}/calendars/${team.id}`, { token: host.token, body: { checkConflicts: true, isDestination: true } });
    expect(use.status, use.text).to.equal(200);
    const booking = await bookIntro(call, '2026-12-09T09:00:00Z');
    await deliverOutbox(server);
    expect(google.liveEvents(TEAM).filter((e) => e.iCalUID === booking.icalUid)).to.have.length(1);
    google.putEvent(TEAM, { summary: 'Team offsite', start: { dateTime: '2026-12-09T13:00:00Z' }, end: { dateTime: '2026-12-09T14:00:00Z' } });
    await thenSync(server, google.push(TEAM));
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-09')).not.to.include('2026-12-09T13:00:00.000Z');
    google.calendars.delete(TEAM);
    const sync = async () => (await call('POST', '/api/calendars/sync', { token: host.token })).body.results as Array<{ calendarId: string; status: string }>;
    expect((await sync()).find((r) => r.calendarId === team.id)).to.include({ status: 'removed' });
    await sync();
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-09'), 'its events no longer block').to.include('2026-12-09T13:00:00.000Z');
    const calendars = (await call('GET', '/api/calendars', { token: host.token })).body.connections[0].calendars;
    expect(calendars.map((c: { name: string; isDestination: boolean }) => [c.name, c.isDestination])).to.deep.equal([['Ada', false], ['Work', false]]);
    expect(await server.deps.db('bookings').where({ id: booking.id }).first('status')).to.deep.equal({ status: 'scheduled' });
    const notices = await emailsTo(server, host.user.email, 'calendar-gone:');
    expect(notices.map((n) => n.subject)).to.deep.equal(['Calendar removed: Team (Google Calendar)']);
    expect(notices[0]!.text).to.include('no longer blocks').and.include('yava calendars use');
    expect(await server.deps.db('connected_calendars').where({ id: team.id })).to.deep.equal([]);
  });

  it('deleting the event of a meeting that has ended tidies the calendar: the booking is not canceled and nobody is told', async () => {
    const [connection] = (await call('GET', '/api/calendars', { token: host.token })).body.connections;
    const ada = connection.calendars.find((c: { name: string }) => c.name === 'Ada');
    expect((await call('PATCH', `/api/calendars/${connection.id}/calendars/${ada.id}`, { token: host.token, body: { isDestination: true } })).status).to.equal(200);
    const booking = await bookIntro(call, '2026-12-11T09:00:00Z');
    await deliverOutbox(server);
    const [event] = ours(booking.icalUid);
    clock.set('2026-12-11T12:00:00Z');
    try {
      google.deleteEvent(PRIMARY, event!.id);
      await thenSync(server, google.push(PRIMARY));
      expect(await server.deps.db('bookings').where({ id: booking.id }).first('status')).to.deep.equal({ status: 'scheduled' });
      expect(await server.deps.db('outbox').where({ booking_id: booking.id }).whereLike('idempotency_key', '%cancel%')).to.deep.equal([]);
    } finally {
      clock.set('2026-11-30T08:00:00Z');
    }
  });

  it("disconnecting does not revoke Google's grant while another Yava account still uses the same Google account", async () => {
    const bea = await createHost(call, 'bea');
    expect((await consentFlow(call, bea.token, 'google')).status).to.equal(200);
    const revokes = () => google.requests.filter((r) => r === 'POST /revoke').length;
    const before = revokes();
    const [ada] = (await call('GET', '/api/calendars', { token: host.token })).body.connections;
    expect((await call('DELETE', `/api/calendars/${ada.id}`, { token: host.token })).status).to.equal(204);
    expect(revokes(), 'the grant is shared').to.equal(before);
    const results = (await call('POST', '/api/calendars/sync', { token: bea.token })).body.results;
    expect(results.map((r: { status: string }) => r.status)).to.deep.equal(['synced']);
    const [own] = (await call('GET', '/api/calendars', { token: bea.token })).body.connections;
    expect((await call('DELETE', `/api/calendars/${own.id}`, { token: bea.token })).status).to.equal(204);
    expect(revokes(), 'the last one out revokes it').to.equal(before + 1);
  });

  it('connecting a calendar writes the meetings booked before it: they were never queued, having no calendar to go to', async () => {
    const cleo = await createHost(call, 'cleo');
    await createEventType(call, cleo.token, { slug: 'chat', durationMinutes: 30 });
    const booked = await call('POST', '/api/meetings/schedule', { body: { user: 'cleo', eventType: 'chat', start: '2026-12-09T10:00:00Z', invitee: invitee() } });
    expect(booked.status, booked.text).to.equal(201);
    const past = await server.deps.db('outbox').where({ channel: 'calendar', booking_id: booked.body.id });
    expect(past, 'no calendar yet: nothing queued').to.deep.equal([]);
    expect((await consentFlow(call, cleo.token, 'google')).status).to.equal(200);
    await deliverOutbox(server);
    expect(ours(booked.body.icalUid).map((e) => e.start.dateTime)).to.deep.equal(['2026-12-09T10:00:00.000Z']);
    // Connecting again (or picking the destination again) does not write it twice.
    expect((await consentFlow(call, cleo.token, 'google')).status).to.equal(200);
    await deliverOutbox(server);
    expect(ours(booked.body.icalUid)).to.have.length(1);
  });
});

describe('Google Calendar writes in one process (role all): a dispatcher loop of their own', () => {
  let google: GoogleFake;
  let server: RunningServer;
  let call: ApiCall;
  let release: (() => void) | undefined;
  const clock = createFixedClock('2026-11-30T08:00:00Z');
  const ours = (uid: string) => google.liveEvents(GOOGLE_PRIMARY).filter((e) => e.iCalUID === uid);
  const mailsTo = async (email: string) => Number((await server.deps.db('dev_mailbox').where({ to: email }).count({ n: '*' }).first())!.n);
  const until = async (done: () => Promise<boolean>, ms: number) => {
    for (const end = Date.now() + ms; !(await done()) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 25));
    return done();
  };

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    // The dispatcher's poll is an hour away: only a wake-up delivers anything in these tests.
    ({ google, server, call } = await startWithGoogle(clock, { OUTBOX_POLL_MS: '3600000' }));
    await runQueuedSyncs(server);
    await server.deps.services.notify.startDispatcher();
  });
  after(async () => {
    google.beforeAnswer = null;
    release?.();
    await server?.deps.services.notify.stopDispatcher();
    await server?.close();
    await google?.stop();
  });

  it('a calendar write held up by a slow provider holds up no e-mail: the next booking\u2019s confirmation goes out while it waits', async function () {
    this.timeout(60_000);
    const first = await bookIntro(call, '2026-12-01T10:00:00.000Z');
    // Google takes its time over the first booking's write (its lookup by iCalUID), until released.
    let asked = false;
    const gate = new Promise<void>((ok) => (release = ok));
    google.beforeAnswer = async (_request, url) => {
      if (url.searchParams.get('iCalUID') !== first.icalUid) return;
      asked = true;
      await gate;
    };
    // As after a booking commits: one wake-up, no channel named, starts the calendar write's loop too.
    server.deps.services.notify.wakeDispatcher();
    expect(await until(async () => asked, 20_000), 'the write asks Google').to.equal(true);
    const second = await call('POST', '/api/meetings/schedule', { body: { user: 'ada', eventType: 'intro', start: '2026-12-01T14:00:00.000Z', invitee: invitee(7) } });
    expect(second.status, second.text).to.equal(201);
    server.deps.services.notify.wakeDispatcher();
    expect(await until(async () => (await mailsTo('guest7@example.org')) > 0, 5_000), 'the second booking\u2019s confirmation was delivered').to.equal(true);
    expect(ours(first.icalUid), 'while the first write still waits for Google').to.deep.equal([]);
    release!();
    expect(await until(async () => ours(first.icalUid).length === 1, 20_000), 'the held write then finishes').to.equal(true);
    expect(await until(async () => ours(second.body.icalUid).length === 1, 20_000), 'and the second booking\u2019s write after it').to.equal(true);
  });

  it('a wake-up for the calendar-write channel runs its loop', async () => {
    google.beforeAnswer = null;
    const booking = await bookIntro(call, '2026-12-02T10:00:00.000Z');
    server.deps.services.notify.wakeDispatcher('calendar');
    expect(await until(async () => ours(booking.icalUid).length === 1, 20_000)).to.equal(true);
  });
});
