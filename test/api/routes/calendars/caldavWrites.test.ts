import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import type { createHost } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { startRadicale, type RadicaleServer } from '../../../fakes/radicale.js';
import { bookIntro, davObjects, deliverOutbox, startCalendarServer } from './helpers.js';

describe('CalDAV calendars (radicale): what Yava writes, and a server that fails', () => {
  let server: RunningServer;
  let call: ApiCall;
  let dav: RadicaleServer;
  let host: Awaited<ReturnType<typeof createHost>>;
  let workUrl: string;
  const clock = createFixedClock('2026-11-30T08:00:00Z');
  const ours = async (uid: string) => (await davObjects(dav.url, workUrl)).filter((o) => String(o.data).includes(`UID:${uid}`)).map((o) => String(o.data));

  before(async function () {
    // Starting the shared database and the fakes can be slow on a loaded machine.
    this.timeout(120_000);
    await resetTestDb();
    dav = await startRadicale({ ada: 'app-password' });
    workUrl = await dav.makeCalendar('ada', 'app-password', 'work', 'Work');
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
});
