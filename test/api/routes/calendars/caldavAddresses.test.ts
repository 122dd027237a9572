import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { expectProblem, type createHost } from '../../../helpers/scheduling.js';
import type { ApiCall } from '../../../helpers/server.js';
import { startRadicale, type RadicaleServer } from '../../../fakes/radicale.js';
import { startCalendarServer } from './helpers.js';

describe('CalDAV servers on private addresses', () => {
  let server: RunningServer;
  let call: ApiCall;
  let dav: RadicaleServer;
  let host: Awaited<ReturnType<typeof createHost>>;
  const clock = createFixedClock('2026-11-30T08:00:00Z');

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    dav = await startRadicale({ ada: 'app-password' });
    await dav.makeCalendar('ada', 'app-password', 'work', 'Work');
    ({ server, call, host } = await startCalendarServer(clock, { CALDAV_ALLOW_PRIVATE_URLS: 'off' }));
  });
  after(async () => {
    await server?.close();
    await dav?.stop();
  });

  it('refuses a CalDAV server on this machine or the private network (400 naming url), reaching nothing, unless CALDAV_ALLOW_PRIVATE_URLS is on', async () => {
    let reached = 0;
    const { createServer } = await import('node:http');
    const trap = createServer((_req, res) => {
      reached += 1;
      res.writeHead(207, { 'content-type': 'text/xml' }).end('<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"/>');
    });
    await new Promise<void>((ok) => trap.listen(0, '127.0.0.1', ok));
    const port = (trap.address() as { port: number }).port;
    try {
      for (const url of [dav.url, `http://localhost:${port}/`, 'http://169.254.169.254/latest/meta-data/', `http://[::ffff:127.0.0.1]:${port}/`]) {
        const res = await call('POST', '/api/calendars/connect', { token: host.token, body: { provider: 'caldav', url, username: 'ada', password: 'app-password' } });
        expectProblem(res, 400, 'validation_failed');
        expect(res.body.errors[0].field, url).to.equal('url');
        expect(res.body.errors[0].message).to.include('CALDAV_ALLOW_PRIVATE_URLS');
      }
      expect(reached, 'no request reached the local server').to.equal(0);
      expect(await server.deps.db('calendar_connections').count('* as n').first()).to.deep.equal({ n: 0 });
    } finally {
      await new Promise((ok) => trap.close(ok));
    }
  });
});
