import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { REMOVED_FROM_CALENDAR } from '../../../../core/calendars/followHostChanges.js';
import { createFixedClock } from '../../../../core/clock.js';
import { startMicrosoftFake, type MicrosoftFake } from '../../../fakes/microsoft.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost, invitee } from '../../../helpers/scheduling.js';
import { capturedLogs, type ApiCall } from '../../../helpers/server.js';
import { bookIntro, bookThroughACrash, consentFlow, deliverOutbox, emailsTo, expectNotConfigured, slotStarts, startCalendarServer, queuedSyncs, runQueuedSyncs, storedEventKeys, thenSync } from './helpers.js';

const CAL = 'AAMkAGI2calendar';

describe('Outlook (Microsoft Graph client against a local TLS fake)', () => {
  let graph: MicrosoftFake;
  let server: RunningServer;
  let call: ApiCall;
  let host: Awaited<ReturnType<typeof createHost>>;
  const clock = createFixedClock('2026-11-30T08:00:00Z');
  const book = (start: string) => bookIntro(call, start);
  const ours = (uid: string) => graph.liveEvents(CAL).filter((e) => e.singleValueExtendedProperties?.some((p) => p.value === uid));
  const connections = async () => (await call('GET', '/api/calendars', { token: host.token })).body.connections;

  const connectMicrosoft = () => consentFlow(call, host.token, 'microsoft');

  before(async function () {
    // Starting the shared database and the fakes can be slow on a loaded machine.
    this.timeout(120_000);
    await resetTestDb();
    graph = await startMicrosoftFake();
    graph.addCalendar(CAL, 'Calendar', true);
    graph.addCalendar('AAMkAGI2birthdays', 'Birthdays');
    ({ server, call, host } = await startCalendarServer(clock, {
      MICROSOFT_CLIENT_ID: graph.clientId,
      MICROSOFT_CLIENT_SECRET: graph.clientSecret,
      MICROSOFT_LOGIN_URL: `${graph.url}/`,
      MICROSOFT_GRAPH_URL: `${graph.url}/v1.0/`,
    }));
  });
  after(async () => {
    await server?.close();
    await graph?.stop();
  });

  it('answers "not configured: set …" without MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET', async () => {
    await expectNotConfigured(clock, host.token, 'microsoft', 'Outlook calendars are not configured: set MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET');
  });

  it('answers the subscription validation handshake by echoing the token as text/plain', async () => {
    const res = await fetch(`${server.url}/webhooks/microsoft?validationToken=${encodeURIComponent('Validation: token <1>')}`, { method: 'POST' });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/plain/);
    expect(await res.text()).to.equal('Validation: token <1>');
  });

  it('connects through the v2 code flow with PKCE; a validated subscription with a clientState watches the default calendar', async () => {
    const flow = await connectMicrosoft();
    const params = new URL(flow.providerUrl).searchParams;
    expect(params.get('code_challenge_method')).to.equal('S256');
    expect(params.get('scope')).to.include('offline_access');
    expect(flow.status).to.equal(200);
    expect(flow.html).to.include('Outlook connected');
    const [connection] = await connections();
    expect(connection).to.include({ provider: 'microsoft', account: graph.account, status: 'active' });
    expect(connection.calendars.find((c: { name: string }) => c.name === 'Calendar')).to.include({ checkConflicts: true, isDestination: true });
    expect(graph.validations).to.equal(1);
    expect(graph.subscriptions).to.have.length(1);
    expect(graph.subscriptions[0]!.notificationUrl).to.equal(`${server.deps.config.publicUrl}/webhooks/microsoft`);
    expect(graph.subscriptions[0]!.clientState).to.have.length.greaterThan(30);
  });

  it('a busy event removes the overlapping slots within one notification; a wrong clientState changes nothing and is logged', async () => {
    graph.putEvent(CAL, { subject: 'Dentist', start: '2026-12-01T10:00:00Z', end: '2026-12-01T11:00:00Z', showAs: 'busy' });
    graph.putEvent(CAL, { subject: 'Focus (free)', start: '2026-12-01T12:00:00Z', end: '2026-12-01T13:00:00Z', showAs: 'free' });
    const logged = capturedLogs.length;
    expect(await graph.notify(CAL, { clientState: 'forged' })).to.deep.equal([401]);
    const garbled = await fetch(`${server.url}/webhooks/microsoft`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect([garbled.status, garbled.headers.get('content-type')]).to.deep.equal([400, 'application/problem+json']);
    expect(capturedLogs.slice(logged).join('')).to.include('notification with a wrong clientState rejected');
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-01')).to.include('2026-12-01T10:00:00.000Z');
    expect(await queuedSyncs(server), 'a forged notification queues nothing').to.deep.equal([]);
    // A valid one is answered before Graph is asked anything; the worker's sync then reads the change.
    const asked = graph.requests.length;
    expect(await graph.notify(CAL)).to.deep.equal([202]);
    expect(graph.requests.slice(asked)).to.deep.equal([]);
    const calendar = await server.deps.db('connected_calendars').where({ external_id: CAL }).first('id');
    expect(await queuedSyncs(server)).to.deep.equal([[calendar.id, false]]);
    await runQueuedSyncs(server);
    const starts = await slotStarts(server, 'ada', 'intro', '2026-12-01');
    expect(starts).not.to.include('2026-12-01T10:00:00.000Z');
    expect(starts).to.include('2026-12-01T12:00:00.000Z');
  });

  it('an invitation the account declined does not block; one it accepted does', async () => {
    const time = '2026-11-29T10:00:00Z';
    graph.putEvent(CAL, { subject: 'Declined', start: '2026-12-08T10:00:00Z', end: '2026-12-08T11:00:00Z', showAs: 'busy', responseStatus: { response: 'declined', time } });
    graph.putEvent(CAL, { subject: 'Accepted', start: '2026-12-08T12:00:00Z', end: '2026-12-08T13:00:00Z', showAs: 'busy', responseStatus: { response: 'accepted', time } });
    await thenSync(server, graph.notify(CAL));
    const starts = await slotStarts(server, 'ada', 'intro', '2026-12-08');
    expect(starts).to.include('2026-12-08T10:00:00.000Z');
    expect(starts).not.to.include('2026-12-08T12:00:00.000Z');
  });

  it("an all-day event (Graph sends it midnight to midnight, with no zone) blocks the host's own day", async () => {
    const kai = await createHost(call, 'kai', { timezone: 'Australia/Sydney' });
    await createEventType(call, kai.token, { slug: 'intro', title: 'Intro', durationMinutes: 60 });
    expect((await consentFlow(call, kai.token, 'microsoft')).status).to.equal(200);
    const sydney = (date: string) => slotStarts(server, 'kai', 'intro', date, 'Australia/Sydney');
    try {
      expect(await sydney('2026-12-09')).to.include('2026-12-08T22:00:00.000Z');
      graph.putEvent(CAL, { subject: 'Offsite', isAllDay: true, start: '2026-12-09', end: '2026-12-10', showAs: 'busy' });
      await thenSync(server, graph.notify(CAL));
      expect(await sydney('2026-12-09'), 'Wednesday 9 December in Sydney').to.deep.equal([]);
      expect(await sydney('2026-12-10'), 'Thursday').to.include('2026-12-09T22:00:00.000Z');
    } finally {
      const [connection] = (await call('GET', '/api/calendars', { token: kai.token })).body.connections;
      expect((await call('DELETE', `/api/calendars/${connection.id}`, { token: kai.token })).status).to.equal(204);
    }
  });

  it('a booking appears once; moving it there reschedules, deleting it cancels', async () => {
    const booking = await book('2026-12-02T09:00:00Z');
    await deliverOutbox(server);
    await deliverOutbox(server);
    expect(ours(booking.icalUid)).to.have.length(1);
    await thenSync(server, graph.notify(CAL));
    expect((await server.deps.db('bookings').where({ id: booking.id }).first()).sequence).to.equal(0);
    const [event] = ours(booking.icalUid);
    graph.putEvent(CAL, { id: event!.id, start: '2026-12-02T13:00:00Z', end: '2026-12-02T14:00:00Z' });
    await thenSync(server, graph.notify(CAL));
    const moved = await server.deps.db('bookings').where({ id: booking.id }).first();
    expect(new Date(moved.start_at).toISOString()).to.equal('2026-12-02T13:00:00.000Z');
    expect(moved.sequence).to.equal(1);
    expect(await emailsTo(server, invitee().email, `email:${booking.id}:rescheduled:1`)).to.have.length(1);
    await deliverOutbox(server);
    await thenSync(server, graph.notify(CAL));
    expect((await server.deps.db('bookings').where({ id: booking.id }).first()).sequence).to.equal(1);
    graph.deleteEvent(CAL, event!.id);
    await thenSync(server, graph.notify(CAL));
    expect(await server.deps.db('bookings').where({ id: booking.id }).first()).to.include({ status: 'canceled', cancel_reason: REMOVED_FROM_CALENDAR });
  });

  it('writes bookings without Outlook attendees, so Exchange sends no invitations of its own (Yava sends them): the people are named in the body', async () => {
    const sent = graph.meetingMessages.length;
    const booking = await book('2026-12-07T09:00:00Z');
    await deliverOutbox(server);
    const [event] = ours(booking.icalUid);
    expect(event!.body!.content).to.include(`${invitee().name} <${invitee().email}>`).and.include('Manage this meeting');
    expect((await call('POST', `/api/meetings/${booking.id}/reschedule`, { token: host.token, body: { start: '2026-12-07T10:00:00Z' } })).status).to.equal(200);
    await deliverOutbox(server);
    expect((await call('POST', `/api/meetings/${booking.id}/cancel`, { token: host.token, body: {} })).status).to.equal(200);
    await deliverOutbox(server);
    expect(ours(booking.icalUid)).to.deep.equal([]);
    expect(graph.meetingMessages.slice(sent), 'a second invitation, update and cancellation from Outlook, with its own UID').to.deep.equal([]);
  });

  it('a crash between "created" and "id stored" does not create a second event on retry', async () => {
    const booking = await bookThroughACrash(server, clock, '2026-12-03T09:00:00Z');
    expect(ours(booking.icalUid)).to.have.length(1);
  });

  it('410 on a delta link triggers a full resync that loses nothing', async () => {
    const keys = () => storedEventKeys(server);
    await thenSync(server, graph.notify(CAL));
    const before = await keys();
    graph.expireDeltaTokensBefore = Number.MAX_SAFE_INTEGER;
    graph.putEvent(CAL, { subject: 'Late', start: '2026-12-04T10:00:00Z', end: '2026-12-04T11:00:00Z', showAs: 'busy' });
    await thenSync(server, graph.notify(CAL));
    graph.expireDeltaTokensBefore = 0;
    const after = await keys();
    expect(after.filter((k) => !before.includes(k))).to.have.length(1);
    expect(before.filter((k) => !after.includes(k))).to.deep.equal([]);
  });

  it('starts the delta range afresh once the sync window has moved a week past it, so events further ahead are seen', async () => {
    const DAY = 86_400_000;
    const sync = async () => (await call('POST', '/api/calendars/sync', { token: host.token })).body.results[0];
    expect(await sync()).to.include({ status: 'synced', full: false });
    // As if the link had been made 8 days ago: Graph keeps the range of its first request (the fake's links carry it).
    const row = await server.deps.db('connected_calendars').where({ external_id: CAL }).first('sync_cursor');
    const cursor = JSON.parse(row.sync_cursor);
    expect(cursor.until).to.equal(clock.now().getTime() + 180 * DAY);
    const link = new URL(cursor.deltaLink);
    for (const name of ['startDateTime', 'endDateTime']) link.searchParams.set(name, new Date(Date.parse(link.searchParams.get(name)!) - 8 * DAY).toISOString());
    await server.deps.db('connected_calendars').where({ external_id: CAL }).update({ sync_cursor: JSON.stringify({ deltaLink: link.toString(), until: cursor.until - 8 * DAY }) });
    const far = new Date(clock.now().getTime() + 175 * DAY).toISOString();
    graph.putEvent(CAL, { subject: 'Far ahead', start: far, end: new Date(Date.parse(far) + 3_600_000).toISOString(), showAs: 'busy' });
    expect(await sync()).to.include({ status: 'synced', full: true });
    expect(await server.deps.db('external_events').where({ summary: 'Far ahead' })).to.have.length(1);
  });

  it('a full resync over a window that has moved past a meeting leaves that meeting alone (Graph no longer reports it)', async () => {
    const DAY = 86_400_000;
    const booking = await book('2026-12-01T12:00:00Z');
    await deliverOutbox(server);
    await thenSync(server, graph.notify(CAL));
    const start = clock.now();
    try {
      // Three days on, the meeting is before the window a full sync asks Graph for: absent, not deleted.
      clock.advance(3 * DAY);
      await server.deps.db('connected_calendars').where({ external_id: CAL }).update({ expanded_until: null });
      const [result] = await server.deps.services.calendars.syncUser(host.user.id);
      expect(result).to.include({ status: 'synced', full: true });
      expect(await server.deps.db('bookings').where({ id: booking.id }).first()).to.include({ status: 'scheduled' });
    } finally {
      clock.set(start);
      await server.deps.db('connected_calendars').where({ external_id: CAL }).update({ sync_cursor: null, expanded_until: null });
      await server.deps.services.calendars.syncUser(host.user.id);
    }
  });

  it('offers no time past the range Outlook reports events in (an event there would be unseen), until the calendar stops counting', async () => {
    await call('POST', '/api/event-types', { token: host.token, body: { slug: 'far', title: 'Far ahead', durationMinutes: 60, maxDaysAhead: 365 } });
    await call('POST', '/api/calendars/sync', { token: host.token });
    const seenUntil = (await server.deps.db('connected_calendars').where({ external_id: CAL }).first('seen_until')).seen_until;
    expect(new Date(seenUntil).getTime(), 'the end of the range asked of Graph').to.equal(clock.now().getTime() + 180 * 86_400_000);
    const listed = (await connections())[0].calendars.find((c: { name: string }) => c.name === 'Calendar');
    expect(listed.seenUntil, 'said in GET /api/calendars').to.equal(new Date(seenUntil).toISOString());
    expect(await slotStarts(server, 'ada', 'far', '2027-05-27')).to.include('2027-05-27T09:00:00.000Z');
    expect(await slotStarts(server, 'ada', 'far', '2027-05-28')).to.include('2027-05-28T16:00:00.000Z');
    expect(await slotStarts(server, 'ada', 'far', '2027-05-31')).to.deep.equal([]);
    expect(await slotStarts(server, 'ada', 'far', '2027-06-03')).to.deep.equal([]);
    const refused = await call('POST', '/api/meetings/schedule', { body: { user: 'ada', eventType: 'far', start: '2027-06-03T09:00:00Z', invitee: invitee() } });
    expect(refused.status, refused.text).to.equal(409);
    // A calendar that no longer counts for conflicts no longer hides the time after its range.
    await server.deps.db('connected_calendars').where({ external_id: CAL }).update({ check_conflicts: false });
    expect(await slotStarts(server, 'ada', 'far', '2027-06-03')).to.include('2027-06-03T09:00:00.000Z');
    await server.deps.db('connected_calendars').where({ external_id: CAL }).update({ check_conflicts: true });
  });

  it('a calendar deleted in Outlook (404) is removed, and the host is told', async () => {
    const [connection] = await connections();
    const birthdays = connection.calendars.find((c: { name: string }) => c.name === 'Birthdays');
    expect((await call('PATCH', `/api/calendars/${connection.id}/calendars/${birthdays.id}`, { token: host.token, body: { checkConflicts: true } })).status).to.equal(200);
    graph.calendars.delete('AAMkAGI2birthdays');
    const results = (await call('POST', '/api/calendars/sync', { token: host.token })).body.results;
    expect(results.find((r: { calendarId: string }) => r.calendarId === birthdays.id)).to.include({ status: 'removed' });
    expect((await connections())[0].calendars.map((c: { name: string }) => c.name)).to.deep.equal(['Calendar']);
    expect((await emailsTo(server, 'ada@example.com', 'calendar-gone:')).map((n) => n.subject)).to.deep.equal(['Calendar removed: Birthdays (Outlook)']);
  });

  it('renews the subscription before it expires (a new one, validated; the old one deleted)', async () => {
    const [old] = graph.subscriptions.filter((s) => !s.deleted);
    const validations = graph.validations;
    await server.deps.db('connected_calendars').where({ external_id: CAL }).update({ channel_expires_at: new Date(clock.now().getTime() + 3600_000) });
    expect(await server.deps.services.calendars.renewChannels()).to.equal(1);
    expect(old!.deleted).to.equal(true);
    expect(graph.subscriptions.filter((s) => !s.deleted)).to.have.length(1);
    expect(graph.validations).to.equal(validations + 1);
    expect(await thenSync(server, graph.notify(CAL))).to.deep.equal([202]);
  });

  it('disconnect deletes the subscription and everything stored; invalid_grant on a new connection turns it needs_reconnect', async () => {
    const [connection] = await connections();
    expect((await call('DELETE', `/api/calendars/${connection.id}`, { token: host.token })).status).to.equal(204);
    expect(graph.subscriptions.every((s) => s.deleted)).to.equal(true);
    expect(await server.deps.db('external_events')).to.have.length(0);
    expect((await connectMicrosoft()).status).to.equal(200);
    graph.revokeAll();
    const { box } = server.deps.services.calendars.context;
    const row = await server.deps.db('calendar_connections').first('id', 'credentials');
    await server.deps.db('calendar_connections').where({ id: row.id }).update({ credentials: box.seal(JSON.stringify({ ...JSON.parse(box.open(row.credentials)), expiresAt: Date.now() - 1000 })) });
    const res = await call('POST', '/api/calendars/sync', { token: host.token });
    expect(res.body.results[0]).to.include({ status: 'needs_reconnect' });
    expect((await connections())[0].status).to.equal('needs_reconnect');
    expect(await emailsTo(server, 'ada@example.com', `calendar-reconnect:${row.id}`)).to.have.length(1);
  });

  it('a token revoked before it expires (401 InvalidAuthenticationToken) is refreshed once; a refused refresh turns the connection needs_reconnect', async () => {
    clock.advance(60_000);
    expect((await connectMicrosoft()).status).to.equal(200);
    const [connection] = await connections();
    expect(connection.status).to.equal('active');
    const notices = async () => (await emailsTo(server, 'ada@example.com', `calendar-reconnect:${connection.id}`)).length;
    const before = await notices();
    graph.revokeAll();
    const res = await call('POST', '/api/calendars/sync', { token: host.token });
    expect(res.body.results[0]).to.include({ status: 'needs_reconnect' });
    await call('POST', '/api/calendars/sync', { token: host.token });
    expect((await connections())[0].status).to.equal('needs_reconnect');
    expect(await notices()).to.equal(before + 1);
    const own = await call('GET', '/api/availability?user=ada&eventType=intro&from=2026-12-01&to=2026-12-01', { token: host.token });
    expect(own.body.staleCalendars.map((c: { provider: string; calendar: string }) => [c.provider, c.calendar])).to.deep.equal([['microsoft', 'Calendar']]);
  });

  it('a write that Graph refuses after a refresh (401 for the new token too) turns the connection needs_reconnect at once and is given up', async () => {
    expect((await connectMicrosoft()).status).to.equal(200);
    await deliverOutbox(server);
    graph.refuseAccessTokens = true;
    try {
      const booking = await book('2026-12-14T09:00:00Z');
      await deliverOutbox(server);
      const [connection] = await connections();
      expect([connection.status, connection.lastError]).to.deep.equal(['needs_reconnect', 'Outlook refused the access token it had just refreshed (401)']);
      const [write] = await server.deps.db('outbox').where({ channel: 'calendar', booking_id: booking.id }).select('status', 'attempts');
      expect([write.status, write.attempts]).to.deep.equal(['dead', 1]);
    } finally {
      graph.refuseAccessTokens = false;
    }
  });
});
