import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import type { createHost } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { startRadicale, type RadicaleServer } from '../../../fakes/radicale.js';
import { bookIntro, davObjects, deliverOutbox, emailsTo, slotStarts, startCalendarServer } from './helpers.js';

describe('CalDAV calendars (radicale): what Yava writes, and a server that fails', () => {
  let server: RunningServer;
  let call: ApiCall;
  let dav: RadicaleServer;
  let host: Awaited<ReturnType<typeof createHost>>;
  let workUrl: string;
  let teamUrl: string;
  const clock = createFixedClock('2026-11-30T08:00:00Z');
  const auth = { authorization: `Basic ${Buffer.from('ada:app-password').toString('base64')}` };
  /** Puts an outside event (another CalDAV client's) into a calendar. */
  const putEvent = async (calendarUrl: string, uid: string, start: string, end: string, extra = '') => {
    const body = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20261130T000000Z\r\nDTSTART:${start}\r\nDTEND:${end}\r\nSUMMARY:${uid}\r\n${extra}END:VEVENT\r\nEND:VCALENDAR\r\n`;
    expect((await fetch(`${calendarUrl}${uid}.ics`, { method: 'PUT', headers: { ...auth, 'content-type': 'text/calendar' }, body })).status).to.equal(201);
  };
  const ours = async (uid: string) => (await davObjects(dav.url, workUrl)).filter((o) => String(o.data).includes(`UID:${uid}`)).map((o) => String(o.data));

  before(async function () {
    // Starting the shared database and the fakes can be slow on a loaded machine.
    this.timeout(120_000);
    await resetTestDb();
    dav = await startRadicale({ ada: 'app-password' });
    workUrl = await dav.makeCalendar('ada', 'app-password', 'work', 'Work');
    teamUrl = await dav.makeCalendar('ada', 'app-password', 'zteam', 'Team');
    ({ server, call, host } = await startCalendarServer(clock));
    const res = await call('POST', '/api/calendars/connect', { token: host.token, body: { provider: 'caldav', url: dav.url, username: 'ada', password: 'app-password' } });
    expect(res.status, res.text).to.equal(201);
  });
  after(async () => {
    await server?.close();
    await dav?.stop();
  });

  it('marks the attendees SCHEDULE-AGENT=CLIENT, so a scheduling server (iCloud, Fastmail, Nextcloud) sends no invitations beside Yava\'s', async () => {
    const booking = await bookIntro(call, '2026-12-02T09:00:00Z');
    await deliverOutbox(server);
    const [data] = await ours(booking.icalUid);
    const attendees = data!.replace(/\r\n[ \t]/g, '').split('\r\n').filter((l) => l.startsWith('ATTENDEE'));
    expect(attendees).to.have.length(1);
    expect(attendees[0]).to.include('SCHEDULE-AGENT=CLIENT').and.include('mailto:guest1@example.org');
  });

  it('a calendar deleted on the server stops blocking, and the host is told once', async () => {
    const [connection] = (await call('GET', '/api/calendars', { token: host.token })).body.connections;
    const team = connection.calendars.find((c: { name: string }) => c.name === 'Team');
    expect((await call('PATCH', `/api/calendars/${connection.id}/calendars/${team.id}`, { token: host.token, body: { checkConflicts: true } })).status).to.equal(200);
    await putEvent(teamUrl, 'offsite', '20261203T100000Z', '20261203T110000Z');
    const sync = async () => (await call('POST', '/api/calendars/sync', { token: host.token })).body.results.find((r: { calendarId: string }) => r.calendarId === team.id);
    expect(await sync()).to.include({ status: 'synced' });
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-03')).not.to.include('2026-12-03T10:00:00.000Z');
    expect((await fetch(teamUrl, { method: 'DELETE', headers: auth })).ok).to.equal(true);
    expect(await sync()).to.include({ status: 'removed' });
    expect(await sync()).to.equal(undefined);
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-03')).to.include('2026-12-03T10:00:00.000Z');
    expect((await emailsTo(server, host.user.email, 'calendar-gone:')).map((n) => n.subject)).to.deep.equal(['Calendar removed: Team (CalDAV)']);
    expect((await call('GET', '/api/calendars', { token: host.token })).body.connections[0].calendars.map((c: { name: string }) => c.name)).to.deep.equal(['Work']);
  });

  it('a server that answers 503 keeps the calendar and what it blocks: the sync says it failed (no 500) and is tried again later', async () => {
    await putEvent(workUrl, 'dentist', '20261204T100000Z', '20261204T110000Z');
    await call('POST', '/api/calendars/sync', { token: host.token });
    const down = createServer((_req, res) => res.writeHead(503, { 'retry-after': '120' }).end('Service Unavailable'));
    await new Promise<void>((ok) => down.listen(0, '127.0.0.1', ok));
    const { box } = server.deps.services.calendars.context;
    const row = await server.deps.db('calendar_connections').first('id', 'credentials');
    const credentials = JSON.parse(box.open(row.credentials));
    try {
      await server.deps.db('calendar_connections').where({ id: row.id }).update({ credentials: box.seal(JSON.stringify({ ...credentials, url: `http://127.0.0.1:${(down.address() as AddressInfo).port}/` })) });
      const res = await call('POST', '/api/calendars/sync', { token: host.token });
      expect(res.status, res.text).to.equal(200);
      const results = res.body.results;
      expect(results.map((r: { status: string }) => r.status)).to.deep.equal(['failed']);
      const failing = (await call('GET', '/api/calendars', { token: host.token })).body.connections[0];
      expect(failing).to.include({ status: 'active' });
      // The host can see that syncing fails, and why, rather than trusting a calendar nobody reads.
      expect(failing.lastError).to.be.a('string').and.not.equal('');
      expect(await slotStarts(server, 'ada', 'intro', '2026-12-04')).not.to.include('2026-12-04T10:00:00.000Z');
    } finally {
      await server.deps.db('calendar_connections').where({ id: row.id }).update({ credentials: row.credentials });
      expect((await call('POST', '/api/calendars/sync', { token: host.token })).status).to.equal(200);
      expect((await call('GET', '/api/calendars', { token: host.token })).body.connections[0].lastError, 'a sync that works clears it').to.equal(null);
      down.closeAllConnections();
      await new Promise((ok) => down.close(ok));
    }
  });

  it('a weekly event with no end keeps blocking months after it was synced (the store is expanded afresh as the days go by)', async () => {
    // Thursdays 10:00–11:00 UTC from 3 December 2026, for ever; nothing about it changes afterwards.
    await putEvent(workUrl, 'standup', '20261203T100000Z', '20261203T110000Z', 'RRULE:FREQ=WEEKLY;BYDAY=TH\r\n');
    await call('POST', '/api/calendars/sync', { token: host.token });
    expect(await slotStarts(server, 'ada', 'intro', '2026-12-10')).not.to.include('2026-12-10T10:00:00.000Z');
    // Seven months later (the safety sync has run all along; the calendar itself is unchanged).
    for (let day = 0; day < 210; day += 7) {
      clock.advance(7 * 86_400_000);
      await server.deps.services.calendars.syncAll();
    }
    expect(clock.now().toISOString().slice(0, 10)).to.equal('2027-06-28');
    const thursday = await slotStarts(server, 'ada', 'intro', '2027-07-08');
    expect(thursday, 'Thursday 8 July 2027').to.include('2027-07-08T09:00:00.000Z');
    expect(thursday, 'Thursday 8 July 2027').not.to.include('2027-07-08T10:00:00.000Z');
  });
});
