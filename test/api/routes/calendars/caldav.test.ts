import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { REMOVED_FROM_CALENDAR } from '../../../../core/calendars/followHostChanges.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createHost, expectProblem, invitee } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { startRadicale, type RadicaleServer } from '../../../fakes/radicale.js';
import { bookIntro, bookThroughACrash, davObjects, deliverOutbox, emailsTo, slotStarts, startCalendarServer, storedEventKeys } from './helpers.js';

const ics = (uid: string, start: string, end: string, extra = '') =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20261130T000000Z\r\nDTSTART:${start}\r\nDTEND:${end}\r\nSUMMARY:${uid}\r\n${extra}END:VEVENT\r\nEND:VCALENDAR\r\n`;

describe('CalDAV calendars (radicale)', () => {
  let server: RunningServer;
  let call: ApiCall;
  let dav: RadicaleServer;
  let host: Awaited<ReturnType<typeof createHost>>;
  let workUrl: string;
  // Monday 2026-11-30, 08:00 UTC.
  const clock = createFixedClock('2026-11-30T08:00:00Z');
  const auth = { authorization: `Basic ${Buffer.from('ada:app-password').toString('base64')}` };
  const putEvent = async (calendarUrl: string, uid: string, body: string) => {
    const res = await fetch(`${calendarUrl}${uid}.ics`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'text/calendar' },
      body,
    });
    expect(res.status).to.be.oneOf([201, 204]);
  };
  const objects = (calendarUrl: string) => davObjects(dav.url, calendarUrl);
  const sync = () => call('POST', '/api/calendars/sync', { token: host.token });
  const book = (start: string) => bookIntro(call, start);


  before(async function () {
    // Starting the shared database and the fakes can be slow on a loaded machine.
    this.timeout(120_000);
    await resetTestDb();
    dav = await startRadicale({ ada: 'app-password' });
    workUrl = await dav.makeCalendar('ada', 'app-password', 'work', 'Work');
    await dav.makeCalendar('ada', 'app-password', 'zhome', 'Home');
    ({ server, call, host } = await startCalendarServer(clock));
  });
  after(async () => {
    await server?.close();
    await dav?.stop();
  });

  it('refuses a wrong app password (422 naming the field) and bad input (400)', async () => {
    const res = await call('POST', '/api/calendars/connect', {
      token: host.token,
      body: { provider: 'caldav', url: dav.url, username: 'ada', password: 'wrong' },
    });
    expectProblem(res, 422, 'unprocessable');
    expect(res.body.errors[0].field).to.equal('password');
    expectProblem(
      await call('POST', '/api/calendars/connect', {
        token: host.token,
        body: { provider: 'caldav', url: 'ftp://x', username: 'ada', password: 'x' },
      }),
      400,
      'validation_failed',
    );
    expectProblem(
      await call('POST', '/api/calendars/connect', { token: host.token, body: { provider: 'yahoo' } }),
      400,
      'validation_failed',
    );
    expectProblem(await call('POST', '/api/calendars/connect', { body: { provider: 'caldav' } }), 401, 'unauthorized');
  });

  it('connects with an app password: 201, the primary calendar checks conflicts and is the destination; the password is sealed', async () => {
    await putEvent(workUrl, 'dentist', ics('dentist', '20261201T100000Z', '20261201T110000Z'));
    const res = await call('POST', '/api/calendars/connect', {
      token: host.token,
      body: { provider: 'caldav', url: dav.url, username: 'ada', password: 'app-password' },
    });
    expect(res.status, res.text).to.equal(201);
    const list = await call('GET', '/api/calendars', { token: host.token });
    expect(list.body.connections).to.have.length(1);
    const [connection] = list.body.connections;
    expect(connection).to.include({ provider: 'caldav', account: `ada@127.0.0.1:${dav.port}`, status: 'active' });
    expect(connection.lastSyncedAt).to.be.a('string');
    expect(
      connection.calendars.map((c: { name: string; checkConflicts: boolean; isDestination: boolean }) => [
        c.name,
        c.checkConflicts,
        c.isDestination,
      ]),
    ).to.deep.equal([
      ['Work', true, true],
      ['Home', false, false],
    ]);
    const stored = await server.deps.db('calendar_connections').first('credentials');
    expect(stored.credentials).to.match(/^v1\./);
    expect(stored.credentials).not.to.include('app-password');
  });

  it('removes the slots a busy event overlaps; availability reads only the store', async () => {
    const starts = await slotStarts(server, 'ada', 'intro', '2026-12-01');
    expect(starts).not.to.include('2026-12-01T10:00:00.000Z');
    expect(starts).to.include('2026-12-01T09:00:00.000Z');
    // A new event appears at the next poll (sync-collection), not before.
    await putEvent(workUrl, 'lunch', ics('lunch', '20261201T120000Z', '20261201T130000Z'));
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-01')).to.include('2026-12-01T12:00:00.000Z');
    expect((await sync()).status).to.equal(200);
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-01')).not.to.include('2026-12-01T12:00:00.000Z');
  });

  it('expands a weekly event in its own zone across the DST change', async () => {
    // 09:00 Berlin every Thursday from 22 Oct: 07:00Z in summer time, 08:00Z after 25 Oct.
    await putEvent(
      workUrl,
      'standup',
      ics('standup', '20261022T090000', '20261022T100000', 'RRULE:FREQ=WEEKLY;BYDAY=TH\r\n')
        .replace('DTSTART:', 'DTSTART;TZID=Europe/Berlin:')
        .replace('DTEND:', 'DTEND;TZID=Europe/Berlin:'),
    );
    await sync();
    const rows = await server.deps
      .db('external_events')
      .where({ external_id: '/ada/work/standup.ics' })
      .orderByRaw('lower(busy)')
      .limit(2)
      .select(server.deps.db.raw('lower(busy) AS s'));
    expect(rows.map((r: { s: Date }) => new Date(r.s).toISOString())).to.deep.equal([
      '2026-12-03T08:00:00.000Z',
      '2026-12-10T08:00:00.000Z',
    ]);
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-03')).not.to.include('2026-12-03T08:00:00.000Z');
  });

  it('an occurrence marked free on its own (an overriding VEVENT) frees its slot; the rest of the series still blocks', async () => {
    const event = (extra: string) => `BEGIN:VEVENT\r\nUID:review\r\nDTSTAMP:20261130T000000Z\r\nSUMMARY:Review\r\n${extra}END:VEVENT\r\n`;
    const body = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n${event('DTSTART:20261207T140000Z\r\nDTEND:20261207T150000Z\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n')}${event('RECURRENCE-ID:20261214T140000Z\r\nDTSTART:20261214T140000Z\r\nDTEND:20261214T150000Z\r\nTRANSP:TRANSPARENT\r\n')}END:VCALENDAR\r\n`;
    await putEvent(workUrl, 'review', body);
    await sync();
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-07')).not.to.include('2026-12-07T14:00:00.000Z');
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-14')).to.include('2026-12-14T14:00:00.000Z');
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-21')).not.to.include('2026-12-21T14:00:00.000Z');
  });

  it('writes a booking once to the destination calendar with our iCalUID; its echo changes nothing', async () => {
    const booking = await book('2026-12-02T09:00:00Z');
    await deliverOutbox(server);
    await deliverOutbox(server);
    const ours = (await objects(workUrl)).filter((o) => String(o.data).includes(`UID:${booking.icalUid}`));
    expect(ours).to.have.length(1);
    expect(String(ours[0]!.data)).to.include('Manage this meeting');
    await sync();
    const after = await server.deps.db('bookings').where({ id: booking.id }).first('sequence', 'status');
    expect(after).to.deep.equal({ sequence: 0, status: 'scheduled' });
    const stored = await server.deps.db('external_events').where({ booking_id: booking.id });
    expect(stored).to.have.length(1);
  });

  it('a host moving our event reschedules the booking (sequence + 1) and e-mails the invitee', async () => {
    const booking = await book('2026-12-02T11:00:00Z');
    await deliverOutbox(server);
    const [object] = (await objects(workUrl)).filter((o) => String(o.data).includes(`UID:${booking.icalUid}`));
    const moved = String(object!.data)
      .replace(/DTSTART[^\r\n]*/, 'DTSTART:20261202T150000Z')
      .replace(/DTEND[^\r\n]*/, 'DTEND:20261202T160000Z');
    const res = await fetch(object!.url, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'text/calendar' },
      body: moved,
    });
    expect(res.ok).to.equal(true);
    await sync();
    const after = await server.deps.db('bookings').where({ id: booking.id }).first();
    expect(new Date(after.start_at).toISOString()).to.equal('2026-12-02T15:00:00.000Z');
    expect(after.sequence).to.equal(1);
    const mails = await emailsTo(server, invitee().email, `email:${booking.id}:rescheduled:1`);
    expect(mails).to.have.length(1);
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-02')).to.include('2026-12-02T11:00:00.000Z');
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-02')).not.to.include('2026-12-02T15:00:00.000Z');
    // Our patch (sequence 1) echoes back: nothing moves again.
    await deliverOutbox(server);
    await sync();
    expect((await server.deps.db('bookings').where({ id: booking.id }).first()).sequence).to.equal(1);
  });

  it('a host deleting our event cancels the booking with the reason', async () => {
    const booking = await book('2026-12-03T13:00:00Z');
    await deliverOutbox(server);
    const [object] = (await objects(workUrl)).filter((o) => String(o.data).includes(`UID:${booking.icalUid}`));
    expect((await fetch(object!.url, { method: 'DELETE', headers: auth })).ok).to.equal(true);
    // Created and deleted between two syncs: sync-collection may leave it out; the lookup by iCalUID does not.
    await sync();
    const after = await server.deps.db('bookings').where({ id: booking.id }).first();
    expect(after).to.include({ status: 'canceled', cancel_reason: REMOVED_FROM_CALENDAR });
    expect(await emailsTo(server, invitee().email, `email:${booking.id}:canceled`)).to.have.length(1);
  });

  it('reports an outside event placed over a booking to the host, once', async () => {
    const booking = await book('2026-12-04T09:00:00Z');
    await putEvent(workUrl, 'overlap', ics('overlap', '20261204T093000Z', '20261204T100000Z'));
    await sync();
    await sync();
    const notices = await emailsTo(server, 'ada@example.com', `calendar-conflict:${booking.id}`);
    expect(notices).to.have.length(1);
    expect(notices[0]!.subject).to.include('overlap');
    expect((await server.deps.db('bookings').where({ id: booking.id }).first()).status).to.equal('scheduled');
  });

  it('never writes a second event when the dispatcher dies between "created" and "id stored"', async () => {
    const booking = await bookThroughACrash(server, clock, '2026-12-07T09:00:00Z');
    const ours = (await objects(workUrl)).filter((o) => String(o.data).includes(`UID:${booking.icalUid}`));
    expect(ours).to.have.length(1);
    expect(
      (await server.deps.db('calendar_event_links').where({ booking_id: booking.id }).first()).external_id,
    ).to.equal(`/ada/work/${encodeURIComponent(booking.icalUid)}.ics`);
  });

  it('an expired sync token turns into a full resync that loses nothing', async () => {
    await sync();
    const keys = () => storedEventKeys(server);
    const before = await keys();
    expect(before.length).to.be.greaterThan(20);
    await server.deps
      .db('connected_calendars')
      .where({ name: 'Work' })
      .update({ sync_cursor: 'http://radicale.org/ns/sync/0000', ctag: null });
    const res = await sync();
    expect(res.body.results[0], JSON.stringify(res.body.results)).to.include({ status: 'synced', full: true });
    expect(await keys()).to.deep.equal(before);
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-01')).not.to.include('2026-12-01T10:00:00.000Z');
  });

  it('PATCH chooses which calendars count and where bookings go', async () => {
    const [connection] = (await call('GET', '/api/calendars', { token: host.token })).body.connections;
    const [work, home] = connection.calendars;
    const res = await call('PATCH', `/api/calendars/${connection.id}/calendars/${home.id}`, {
      token: host.token,
      body: { checkConflicts: true, isDestination: true },
    });
    expect(res.status, res.text).to.equal(200);
    expect(res.body.calendar).to.deep.equal({ id: home.id, name: 'Home', checkConflicts: true, isDestination: true, seenUntil: null });
    const list = (await call('GET', '/api/calendars', { token: host.token })).body.connections[0].calendars;
    expect(list.find((c: { id: string }) => c.id === work.id).isDestination).to.equal(false);
    await call('PATCH', `/api/calendars/${connection.id}/calendars/${work.id}`, {
      token: host.token,
      body: { checkConflicts: false },
    });
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-01')).to.include('2026-12-01T10:00:00.000Z');
    expectProblem(
      await call('PATCH', `/api/calendars/${connection.id}/calendars/${work.id}`, { token: host.token, body: {} }),
      400,
      'validation_failed',
    );
    expectProblem(
      await call('PATCH', `/api/calendars/${connection.id}/calendars/00000000-0000-0000-0000-000000000000`, {
        token: host.token,
        body: { checkConflicts: true },
      }),
      404,
      'not_found',
    );
  });

  it('an event type can write its bookings to another calendar than the destination', async () => {
    const [connection] = (await call('GET', '/api/calendars', { token: host.token })).body.connections;
    const work = connection.calendars.find((c: { name: string }) => c.name === 'Work');
    const homeUrl = workUrl.replace('/work/', '/zhome/');
    const res = await call('PUT', '/api/calendars/event-types/intro/destination', { token: host.token, body: { calendarId: work.id } });
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.deep.equal({ eventType: 'intro', calendarId: work.id });
    const booking = await book('2026-12-08T10:00:00Z');
    await deliverOutbox(server);
    expect((await objects(workUrl)).filter((o) => String(o.data).includes(`UID:${booking.icalUid}`))).to.have.length(1);
    expect((await objects(homeUrl)).filter((o) => String(o.data).includes(`UID:${booking.icalUid}`))).to.have.length(0);
    expectProblem(await call('PUT', '/api/calendars/event-types/nope/destination', { token: host.token, body: { calendarId: work.id } }), 404, 'event_type_not_found');
    const other = await createHost(call, 'otto');
    expectProblem(await call('PUT', '/api/calendars/event-types/intro/destination', { token: other.token, body: { calendarId: work.id } }), 404, 'event_type_not_found');
    expect((await call('PUT', '/api/calendars/event-types/intro/destination', { token: host.token, body: { calendarId: null } })).body.calendarId).to.equal(null);
  });

  it('disconnect deletes the connection, its calendars and stored events; bookings stay', async () => {
    const [connection] = (await call('GET', '/api/calendars', { token: host.token })).body.connections;
    const bookingsBefore = await server.deps.db('bookings').count({ n: '*' }).first();
    const other = await createHost(call, 'eve');
    expectProblem(await call('DELETE', `/api/calendars/${connection.id}`, { token: other.token }), 404, 'not_found');
    expect((await call('DELETE', `/api/calendars/${connection.id}`, { token: host.token })).status).to.equal(204);
    expect((await call('GET', '/api/calendars', { token: host.token })).body.connections).to.deep.equal([]);
    expect(await server.deps.db('external_events')).to.have.length(0);
    expect(await server.deps.db('connected_calendars')).to.have.length(0);
    expect(await server.deps.db('calendar_connections')).to.have.length(0);
    expect(await server.deps.db('bookings').count({ n: '*' }).first()).to.deep.equal(bookingsBefore);
  });
});
