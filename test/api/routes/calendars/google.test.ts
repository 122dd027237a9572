import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { REMOVED_FROM_CALENDAR } from '../../../../core/calendars/followHostChanges.js';
import { createFixedClock } from '../../../../core/clock.js';
import { startGoogleFake, type GoogleFake } from '../../../fakes/google.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost, invitee } from '../../../helpers/scheduling.js';
import { capturedLogs, type ApiCall } from '../../../helpers/server.js';
import { bookIntro, bookThroughACrash, consentFlow, deliverOutbox, emailsTo, expectNotConfigured, googleEnv, queuedSyncs, slotStarts, startCalendarServer, storedEventKeys, thenSync } from './helpers.js';

const PRIMARY = 'ada@gmail.com';
const at = (iso: string) => ({ dateTime: iso, timeZone: 'Europe/Berlin' });

describe('Google Calendar (googleapis against a local fake)', () => {
  let google: GoogleFake;
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  const clock = createFixedClock('2026-11-30T08:00:00Z');
  const book = (start: string) => bookIntro(call, start);
  const ours = (uid: string) => google.liveEvents(PRIMARY).filter((e) => e.iCalUID === uid);
  const connections = async () => (await call('GET', '/api/calendars', { token: host.token })).body.connections;

  const connectGoogle = () => consentFlow(call, host.token, 'google');

  before(async function () {
    // Starting the shared database and the fakes can be slow on a loaded machine.
    this.timeout(120_000);
    await resetTestDb();
    google = await startGoogleFake();
    google.addCalendar(PRIMARY, 'Ada', { primary: true, timeZone: 'Europe/Berlin' });
    google.addCalendar('family@group.calendar.google.com', 'Family', { timeZone: 'Europe/Berlin' });
    ({ server, call, host } = await startCalendarServer(clock, googleEnv(google)));
  });
  after(async () => {
    await server?.close();
    await google?.stop();
  });

  it('answers "not configured: set …" without GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET', async () => {
    await expectNotConfigured(clock, host.token, 'google', 'Google calendars are not configured: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET');
  });

  it('connects through the code flow with PKCE and a state bound to the user; the primary calendar counts and takes bookings', async () => {
    const flow = await connectGoogle();
    // The API hands out a start link here, which sends the browser on to Google's consent.
    expect(flow.authorizeUrl).to.match(new RegExp(`^${server.deps.config.publicUrl}/oauth/google/start\\?token=[\\w-]{40,}$`));
    const params = new URL(flow.providerUrl).searchParams;
    expect(params.get('access_type')).to.equal('offline');
    expect(params.get('code_challenge_method')).to.equal('S256');
    expect(params.get('redirect_uri')).to.equal(`${server.deps.config.publicUrl}/oauth/google/callback`);
    expect(params.get('state')).to.have.length.greaterThan(30);
    expect(flow.status).to.equal(200);
    expect(flow.html).to.include('Google Calendar connected');
    const [connection] = await connections();
    expect(connection).to.include({ provider: 'google', account: PRIMARY, status: 'active' });
    expect(connection.calendars.map((c: { name: string; checkConflicts: boolean; isDestination: boolean }) => [c.name, c.checkConflicts, c.isDestination])).to.deep.equal([
      ['Ada', true, true],
      ['Family', false, false],
    ]);
    // Tokens are sealed; the state was issued to this user and is single-use.
    const stored = await server.deps.db('calendar_connections').first('credentials', 'user_id');
    expect(stored.user_id).to.equal(host.user.id);
    expect(stored.credentials).not.to.match(/ya29|refresh-/);
    const replay = await fetch(flow.callback);
    expect(replay.status).to.equal(400);
    expect(await replay.text()).to.include('already used or has expired');
    expect((await fetch(`${server.url}/oauth/google/callback?code=x&state=forged`)).status).to.equal(400);
    // One push channel, to our webhook, with a secret token we keep only hashed.
    expect(google.channels).to.have.length(1);
    expect(google.channels[0]!.address).to.equal(`${server.deps.config.publicUrl}/webhooks/google`);
    const calendar = await server.deps.db('connected_calendars').where({ external_id: PRIMARY }).first();
    expect(calendar.channel_secret_hash).to.have.length(64);
    expect(calendar.channel_secret_hash).not.to.equal(google.channels[0]!.token);
  });

  it('a busy event removes the overlapping slots within one push', async () => {
    google.putEvent(PRIMARY, { summary: 'Dentist', start: at('2026-12-01T11:00:00+01:00'), end: at('2026-12-01T12:00:00+01:00') });
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-01')).to.include('2026-12-01T10:00:00.000Z');
    expect(await thenSync(server, google.push(PRIMARY))).to.deep.equal([204]);
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-01')).not.to.include('2026-12-01T10:00:00.000Z');
  });

  it('an all-day event shown as Busy (no `transparency` on the wire) blocks its day; one shown as Free does not', async () => {
    google.putEvent(PRIMARY, { summary: 'Offsite', start: { date: '2026-12-09' }, end: { date: '2026-12-10' }, transparency: 'opaque' });
    google.putEvent(PRIMARY, { summary: 'Holiday?', start: { date: '2026-12-11' }, end: { date: '2026-12-12' }, transparency: 'transparent' });
    await thenSync(server, google.push(PRIMARY));
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-09')).to.deep.equal([]);
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-11')).to.include('2026-12-11T09:00:00.000Z');
  });

  it('an invitation the account declined does not block; one it accepted does', async () => {
    const attendees = (response: 'declined' | 'accepted') => [{ email: 'boss@example.com' }, { email: PRIMARY, self: true, responseStatus: response }];
    google.putEvent(PRIMARY, { summary: 'Declined', start: at('2026-12-10T11:00:00+01:00'), end: at('2026-12-10T12:00:00+01:00'), attendees: attendees('declined') });
    google.putEvent(PRIMARY, { summary: 'Accepted', start: at('2026-12-10T13:00:00+01:00'), end: at('2026-12-10T14:00:00+01:00'), attendees: attendees('accepted') });
    await thenSync(server, google.push(PRIMARY));
    const starts = await slotStarts(server, 'ada', 'intro', '2026-12-10');
    expect(starts).to.include('2026-12-10T10:00:00.000Z');
    expect(starts).not.to.include('2026-12-10T12:00:00.000Z');
  });

  it('an occurrence of a recurring event canceled at Google (id, recurringEventId and originalStartTime only) stops blocking', async () => {
    const series = google.putEvent(PRIMARY, { summary: 'Standup', start: at('2026-12-14T11:00:00+01:00'), end: at('2026-12-14T12:00:00+01:00'), recurrence: ['RRULE:FREQ=DAILY;COUNT=3'] });
    await thenSync(server, google.push(PRIMARY));
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-15')).not.to.include('2026-12-15T10:00:00.000Z');
    google.cancelOccurrence(PRIMARY, series.id, '2026-12-15T10:00:00Z');
    await thenSync(server, google.push(PRIMARY));
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-15')).to.include('2026-12-15T10:00:00.000Z');
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-16')).not.to.include('2026-12-16T10:00:00.000Z');
  });

  it('deleting a series frees the time of its moved occurrences too (Google need not send them again)', async () => {
    const series = google.putEvent(PRIMARY, { summary: 'Retro', start: at('2026-12-21T11:00:00+01:00'), end: at('2026-12-21T12:00:00+01:00'), recurrence: ['RRULE:FREQ=DAILY;COUNT=3'] });
    // The 22nd's occurrence moved to 15:00 Berlin: an event of its own, as Google keeps it.
    const moved = google.putEvent(PRIMARY, { id: `${series.id}_20261222T100000Z`, recurringEventId: series.id, originalStartTime: { dateTime: '2026-12-22T10:00:00Z' }, summary: 'Retro', start: at('2026-12-22T15:00:00+01:00'), end: at('2026-12-22T16:00:00+01:00') });
    await thenSync(server, google.push(PRIMARY));
    const blocked = await slotStarts(server, 'ada', 'intro', '2026-12-22');
    expect(blocked).not.to.include('2026-12-22T14:00:00.000Z');
    expect(blocked).to.include('2026-12-22T10:00:00.000Z');
    google.deleteEvent(PRIMARY, series.id);
    await thenSync(server, google.push(PRIMARY));
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-22')).to.include('2026-12-22T14:00:00.000Z');
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-21')).to.include('2026-12-21T10:00:00.000Z');
    // Later lists say the exception is gone too, as Google's do.
    google.deleteEvent(PRIMARY, moved.id);
    await thenSync(server, google.push(PRIMARY));
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-22')).to.include('2026-12-22T14:00:00.000Z');
  });

  it('a single event beyond the 180-day sync horizon still blocks its time', async () => {
    await createEventType(call, host.token, { slug: 'far', title: 'Far ahead', durationMinutes: 60, maxDaysAhead: 365 });
    google.putEvent(PRIMARY, { summary: 'Conference talk', start: at('2027-07-01T11:00:00+02:00'), end: at('2027-07-01T12:00:00+02:00') });
    await thenSync(server, google.push(PRIMARY));
    const starts = await slotStarts(server, 'ada', 'far', '2027-07-01');
    expect(starts).to.include('2027-07-01T10:00:00.000Z');
    expect(starts).not.to.include('2027-07-01T09:00:00.000Z');
  });

  it('a push with a wrong channel token changes nothing and is logged', async () => {
    google.putEvent(PRIMARY, { summary: 'Gym', start: at('2026-12-01T14:00:00+01:00'), end: at('2026-12-01T15:00:00+01:00') });
    const logged = capturedLogs.length;
    expect(await google.push(PRIMARY, { token: 'forged-token' })).to.deep.equal([401]);
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-01')).to.include('2026-12-01T13:00:00.000Z');
    expect(capturedLogs.slice(logged).join('')).to.include('push with a wrong channel token rejected');
    expect(await queuedSyncs(server), 'a forged push queues no sync').to.deep.equal([]);
    // Refusals are problem+json like every error: a wrong token 401, no channel at all 400.
    const forged = await fetch(`${server.url}/webhooks/google`, { method: 'POST', headers: { 'x-goog-channel-id': google.channels[0]!.id, 'x-goog-channel-token': 'forged-token', 'x-goog-resource-state': 'exists' } });
    expect([forged.status, forged.headers.get('content-type')]).to.deep.equal([401, 'application/problem+json']);
    const anonymous = await fetch(`${server.url}/webhooks/google`, { method: 'POST' });
    expect([anonymous.status, anonymous.headers.get('content-type')]).to.deep.equal([400, 'application/problem+json']);
    await thenSync(server, google.push(PRIMARY));
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-01')).not.to.include('2026-12-01T13:00:00.000Z');
  });

  it('a booking appears once in the calendar; its echo changes nothing', async () => {
    const booking = await book('2026-12-02T09:00:00Z');
    await deliverOutbox(server);
    await deliverOutbox(server);
    expect(ours(booking.icalUid)).to.have.length(1);
    expect(ours(booking.icalUid)[0]!.description).to.include('Manage this meeting');
    await thenSync(server, google.push(PRIMARY));
    expect(await server.deps.db('bookings').where({ id: booking.id }).first('sequence', 'status')).to.deep.equal({ sequence: 0, status: 'scheduled' });
  });

  it('moving our event there reschedules the booking and e-mails the invitee; deleting it cancels the booking', async () => {
    const booking = await book('2026-12-03T09:00:00Z');
    await deliverOutbox(server);
    const [event] = ours(booking.icalUid);
    google.putEvent(PRIMARY, { id: event!.id, start: { dateTime: '2026-12-03T14:00:00Z' }, end: { dateTime: '2026-12-03T15:00:00Z' } });
    await thenSync(server, google.push(PRIMARY));
    const moved = await server.deps.db('bookings').where({ id: booking.id }).first();
    expect(new Date(moved.start_at).toISOString()).to.equal('2026-12-03T14:00:00.000Z');
    expect(moved.sequence).to.equal(1);
    expect(await emailsTo(server, invitee().email, `email:${booking.id}:rescheduled:1`)).to.have.length(1);
    google.deleteEvent(PRIMARY, event!.id);
    await thenSync(server, google.push(PRIMARY));
    expect(await server.deps.db('bookings').where({ id: booking.id }).first()).to.include({ status: 'canceled', cancel_reason: REMOVED_FROM_CALENDAR });
  });

  it('moving our event onto another booking is put back, and the host is told why (no one else)', async () => {
    await book('2026-12-21T14:00:00Z');
    const second = await book('2026-12-22T14:00:00Z');
    await deliverOutbox(server);
    const [event] = ours(second.icalUid);
    google.putEvent(PRIMARY, { id: event!.id, start: { dateTime: '2026-12-21T14:00:00Z' }, end: { dateTime: '2026-12-21T15:00:00Z' } });
    await thenSync(server, google.push(PRIMARY));
    expect(new Date((await server.deps.db('bookings').where({ id: second.id }).first()).start_at).toISOString()).to.equal('2026-12-22T14:00:00.000Z');
    const [notice] = await emailsTo(server, host.user.email, `calendar-move-refused:${second.id}:`);
    expect(notice, 'the host hears why their move was undone').to.not.equal(undefined);
    expect(notice!.subject).to.equal('Not moved: "Intro"');
    // Ada works in UTC: the times are hers.
    expect(notice!.text).to.include('to Mon 21 Dec 2026, 14:00–15:00 (UTC)').and.include('stays at Tue 22 Dec 2026, 14:00–15:00').and.include(`yava reschedule ${second.id}`);
    expect(await emailsTo(server, invitee().email, `email:${second.id}:rescheduled:`)).to.have.length(0);
    await deliverOutbox(server);
    expect(new Date(String(ours(second.icalUid)[0]!.start!.dateTime)).toISOString(), 'the event is back at the booking\'s time').to.equal('2026-12-22T14:00:00.000Z');
  });

  it("a Yava meeting Ada attends (another host's invitation saved in her calendar) blocks her time; removing it cancels nothing", async () => {
    const bea = await createHost(call, 'bea');
    await createEventType(call, bea.token, { slug: 'chat', title: 'Chat', durationMinutes: 60 });
    const res = await call('POST', '/api/meetings/schedule', { body: { user: 'bea', eventType: 'chat', start: '2026-12-17T10:00:00Z', invitee: { name: 'Ada', email: 'ada@example.com', timezone: 'UTC' } } });
    expect(res.status, res.text).to.equal(201);
    const invitation = google.putEvent(PRIMARY, { iCalUID: res.body.icalUid, summary: 'Chat with Bea', start: { dateTime: '2026-12-17T10:00:00Z' }, end: { dateTime: '2026-12-17T11:00:00Z' } });
    await thenSync(server, google.push(PRIMARY));
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-17')).not.to.include('2026-12-17T10:00:00.000Z');
    google.deleteEvent(PRIMARY, invitation.id);
    await thenSync(server, google.push(PRIMARY));
    expect(await server.deps.db('bookings').where({ id: res.body.id }).first('status')).to.deep.equal({ status: 'scheduled' });
  });

  it('a crash between "event created at Google" and "id stored" does not create a second event on retry', async () => {
    const booking = await bookThroughACrash(server, clock, '2026-12-10T14:00:00Z');
    expect(ours(booking.icalUid)).to.have.length(1);
    expect((await server.deps.db('calendar_event_links').where({ booking_id: booking.id }).first()).external_id).to.equal(ours(booking.icalUid)[0]!.id);
  });

  it('refreshes the access token before it expires and keeps the new one sealed', async () => {
    const { box } = server.deps.services.calendars.context;
    const row = await server.deps.db('calendar_connections').first('id', 'credentials');
    const credentials = JSON.parse(box.open(row.credentials));
    await server.deps.db('calendar_connections').where({ id: row.id }).update({ credentials: box.seal(JSON.stringify({ ...credentials, expiresAt: Date.now() + 60_000 })) });
    const tokenCalls = google.requests.filter((r) => r === 'POST /token').length;
    expect(await thenSync(server, google.push(PRIMARY))).to.deep.equal([204]);
    expect(google.requests.filter((r) => r === 'POST /token').length).to.equal(tokenCalls + 1);
    const refreshed = JSON.parse(box.open((await server.deps.db('calendar_connections').first('credentials')).credentials));
    expect(refreshed.accessToken).not.to.equal(credentials.accessToken);
    expect(refreshed.refreshToken).to.equal(credentials.refreshToken);
    expect(refreshed.expiresAt).to.be.greaterThan(Date.now() + 30 * 60_000);
  });

  it('410 on a sync token triggers a full resync that loses nothing', async () => {
    const keys = () => storedEventKeys(server);
    await thenSync(server, google.push(PRIMARY));
    const before = await keys();
    google.expireSyncTokensBefore = Number.MAX_SAFE_INTEGER;
    google.putEvent(PRIMARY, { summary: 'Late addition', start: at('2026-12-07T10:00:00+01:00'), end: at('2026-12-07T11:00:00+01:00') });
    await thenSync(server, google.push(PRIMARY));
    google.expireSyncTokensBefore = 0;
    const after = await keys();
    expect(after.filter((k) => !before.includes(k))).to.have.length(1);
    expect(before.filter((k) => !after.includes(k))).to.deep.equal([]);
    expect(google.requests.filter((r) => r.startsWith('GET /calendar/v3/calendars/ada%40gmail.com/events') || r.startsWith('GET /calendar/v3/calendars/ada@gmail.com/events')).length).to.be.greaterThan(2);
  });

  it('renews a channel before it expires and stops the old one', async () => {
    const [old] = google.channels.filter((c) => !c.stopped);
    await server.deps.db('connected_calendars').where({ external_id: PRIMARY }).update({ channel_expires_at: new Date(clock.now().getTime() + 3600_000) });
    expect(await server.deps.services.calendars.renewChannels()).to.equal(1);
    expect(old!.stopped).to.equal(true);
    const live = google.channels.filter((c) => !c.stopped);
    expect(live).to.have.length(1);
    expect((await server.deps.db('connected_calendars').where({ external_id: PRIMARY }).first()).channel_id).to.equal(live[0]!.id);
    expect(await thenSync(server, google.push(PRIMARY))).to.deep.equal([204]);
  });

  it('disconnect stops the channel, revokes the grant, deletes events and tokens; bookings stay', async () => {
    const [connection] = await connections();
    const bookings = await server.deps.db('bookings').count({ n: '*' }).first();
    expect((await call('DELETE', `/api/calendars/${connection.id}`, { token: host.token })).status).to.equal(204);
    expect(google.channels.every((c) => c.stopped)).to.equal(true);
    expect(google.requests).to.include('POST /revoke');
    expect(google.revoked.size).to.be.greaterThan(0);
    expect(await server.deps.db('external_events')).to.have.length(0);
    expect(await server.deps.db('calendar_connections')).to.have.length(0);
    expect(await server.deps.db('bookings').count({ n: '*' }).first()).to.deep.equal(bookings);
  });

  it('invalid_grant turns the connection needs_reconnect, e-mails the host once, and availability names the stale calendar', async () => {
    expect((await connectGoogle()).status).to.equal(200);
    google.revokeAll();
    const res = await call('POST', '/api/calendars/sync', { token: host.token });
    expect(res.body.results[0], JSON.stringify(await server.deps.db('calendar_connections').select('last_error'))).to.include({ status: 'needs_reconnect' });
    await call('POST', '/api/calendars/sync', { token: host.token });
    const [connection] = await connections();
    expect(connection.status).to.equal('needs_reconnect');
    const notices = await emailsTo(server, 'ada@example.com', `calendar-reconnect:${connection.id}`);
    expect(notices).to.have.length(1);
    expect(notices[0]!.text).to.include('yava calendars connect google');
    const own = await call('GET', '/api/availability?user=ada&eventType=intro&from=2026-12-01&to=2026-12-01', { token: host.token });
    expect(own.body.staleCalendars).to.deep.equal([{ connectionId: connection.id, provider: 'google', account: PRIMARY, calendar: 'Ada', lastSyncedAt: connection.lastSyncedAt }]);
    expect((await call('GET', '/api/availability?user=ada&eventType=intro&from=2026-12-01&to=2026-12-01')).body.staleCalendars).to.equal(undefined);
  });

  it('a sync on the old grant that is refused after the calendar was connected again leaves the connection active; its other calendars sync on the new grant', async () => {
    expect((await connectGoogle()).status).to.equal(200);
    const [connection] = await connections();
    const family = connection.calendars.find((c: { name: string }) => c.name === 'Family');
    expect((await call('PATCH', `/api/calendars/${connection.id}/calendars/${family.id}`, { token: host.token, body: { checkConflicts: true } })).status).to.equal(200);
    await call('POST', '/api/calendars/sync', { token: host.token });
    // The sync has its session (the grant then) and reads its first calendar. Meanwhile access is
    // revoked at Google and the user connects again; Google also drops the sync token, so the
    // sync's next call (a full read), still on the old grant, is refused.
    let reconnected = false;
    google.beforeAnswer = async (request) => {
      if (!request.startsWith('GET /calendar/v3/calendars/')) return;
      google.beforeAnswer = null;
      google.revokeAll();
      expect((await connectGoogle()).status).to.equal(200);
      google.expireSyncTokensBefore = Number.MAX_SAFE_INTEGER;
      reconnected = true;
    };
    let statuses: string[];
    try {
      const res = await call('POST', '/api/calendars/sync', { token: host.token });
      statuses = res.body.results.map((r: { status: string }) => r.status);
    } finally {
      google.beforeAnswer = null;
      google.expireSyncTokensBefore = 0;
    }
    expect(reconnected).to.equal(true);
    expect(statuses.sort(), 'the calendar read on the old grant, then the other on the new one').to.deep.equal(['skipped', 'synced']);
    const [after] = await connections();
    expect([after.status, after.lastError]).to.deep.equal(['active', null]);
    expect((await call('POST', '/api/calendars/sync', { token: host.token })).body.results.map((r: { status: string }) => r.status)).to.deep.equal(['synced', 'synced']);
  });
});
