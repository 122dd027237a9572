import { expect } from 'chai';
import ICAL from 'ical.js';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, type ApiCall, startTestServer } from '../../../helpers/server.js';
import { HOSTILE, expectOneIntactEvent, importWithCalcurse, installed } from '../../../helpers/ics.js';

/**
 * Calendar injection through every door that writes iCalendar: a host's name, an event
 * type's title and place, an invitee's name and notes carry CR/LF, `;` `,` `\` and
 * non-ASCII; the feed, the .ics download and the e-mailed invite each hold one event.
 */
describe('calendar injection (feed, .ics download, e-mailed invite)', function () {
  // Setup starts a server and registers users: slow when the machine is loaded.
  this.timeout(120_000);
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  const hostName = `Host ${HOSTILE}`.slice(0, 200).trim();
  const inviteeName = `Ivy ${HOSTILE}`.slice(0, 200).trim();
  const title = `Intro ${HOSTILE}`.slice(0, 200).trim();
  let host: Awaited<ReturnType<typeof registerUser>>;
  let meetingId: string;
  let manageToken: string;

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    host = await registerUser(call, { name: hostName, username: 'inj', timezone: 'UTC' });
    const { scheduling } = server.deps.services;
    await scheduling.saveSchedule(host.user.id, { timezone: 'UTC', weekly: [{ day: 'wed', start: '09:00', end: '17:00' }], overrides: [] });
    await scheduling.createEventType(host.user.id, { slug: 'intro', title, durationMinutes: 30, location: `Room ${HOSTILE}`, description: `About ${HOSTILE}` });
    const res = await call('POST', '/api/meetings/schedule', {
      body: { user: 'inj', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: { name: inviteeName, email: 'ivy@example.com', timezone: 'UTC' }, notes: `Notes ${HOSTILE}` },
    });
    expect(res.status, res.text).to.equal(201);
    meetingId = res.body.id;
    manageToken = res.body.manageToken;
  });
  after(() => server?.close());

  it('the subscription feed: X-WR-CALNAME from the host name and the event read back intact', async () => {
    const feed = await call('GET', '/api/me/feed', { token: host.accessToken });
    const res = await call('GET', new URL(feed.body.url).pathname);
    expect(res.status).to.equal(200);
    expectOneIntactEvent(res.text, { calendarName: `${hostName} (Yava)`, title, names: [hostName, inviteeName] });
    if (await installed('calcurse')) expect((await importWithCalcurse(res.text)).report).to.match(/1 app \/ 0 events \/ 0 todos \/ 0 skipped/);
  });

  it('the .ics download of one meeting', async () => {
    const res = await call('GET', `/meetings/${meetingId}.ics?token=${encodeURIComponent(manageToken)}`);
    expect(res.status).to.equal(200);
    expectOneIntactEvent(res.text, { calendarName: title, title, names: [hostName, inviteeName] });
  });

  it('every e-mailed invite in the outbox', async () => {
    const rows = await server.deps.db('outbox').select('payload');
    const invites = rows.map((r: { payload: { ics: string | null } }) => r.payload.ics).filter((ics): ics is string => Boolean(ics));
    expect(invites.length).to.be.greaterThan(0);
    for (const ics of invites) {
      expectOneIntactEvent(ics, { calendarName: title, title, names: [hostName, inviteeName] });
      expect(new ICAL.Component(ICAL.parse(ics)).getFirstPropertyValue('method')).to.equal('REQUEST');
    }
  });
});
