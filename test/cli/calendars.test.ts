import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { createFixedClock } from '../../core/clock.js';
import type { RunningServer } from '../../server/compose.js';
import { EXIT } from '../../cli/exitCodes.js';
import { startGoogleFake, type GoogleFake } from '../fakes/google.js';
import { startRadicale, type RadicaleServer } from '../fakes/radicale.js';
import { resetTestDb } from '../helpers/db.js';
import { openStartLink, startCalendarServer } from '../api/routes/calendars/helpers.js';
import { tempConfigHome, yava } from './helpers.js';
import { renderConnections, type CalendarConnection } from '../../cli/calendars.js';
import type { Painter } from '../../cli/terminal.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('yava calendars', () => {
  let server: RunningServer;
  let dav: RadicaleServer;
  let google: GoogleFake;
  let pat: string;
  let home: ReturnType<typeof tempConfigHome>;
  const env = () => ({ XDG_CONFIG_HOME: home.dir, YAVA_SERVER: server.url, YAVA_TOKEN: pat, NO_COLOR: '1' });

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    home = tempConfigHome();
    dav = await startRadicale({ ada: 'app-password' });
    await dav.makeCalendar('ada', 'app-password', 'work', 'Work');
    await dav.makeCalendar('ada', 'app-password', 'zhome', 'Home');
    google = await startGoogleFake();
    google.addCalendar('ada@gmail.com', 'Ada', { primary: true });
    const started = await startCalendarServer(createFixedClock('2026-11-30T08:00:00Z'), {
      GOOGLE_CLIENT_ID: google.clientId,
      GOOGLE_CLIENT_SECRET: google.clientSecret,
      GOOGLE_AUTH_URL: `${google.url}/o/oauth2/v2/auth`,
      GOOGLE_OAUTH_URL: `${google.url}/`,
      GOOGLE_API_URL: `${google.url}/`,
    });
    server = started.server;
    pat = (await started.call('POST', '/api/tokens', { token: started.host.token, body: { name: 'cli' } })).body.token;
  });
  after(async () => {
    await server?.close();
    await dav?.stop();
    await google?.stop();
    home?.cleanup();
  });

  it('lists nothing yet and says how to connect', async () => {
    const res = await yava(['calendars'], { env: env() });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.include('yava calendars connect google|microsoft|caldav');
  });

  it('connect caldav reads the app password from stdin; a missing one in a script is a usage error', async () => {
    const missing = await yava(['calendars', 'connect', 'caldav', '--url', dav.url, '--username', 'ada'], { env: env(), stdin: '' });
    expect(missing.code).to.equal(EXIT.usage);
    const res = await yava(['calendars', 'connect', 'caldav', '--url', dav.url, '--username', 'ada', '--password-stdin', '--json'], { env: env(), stdin: 'app-password\n' });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json().connection.calendars.map((c: { name: string }) => c.name)).to.deep.equal(['Work', 'Home']);
    const list = await yava(['calendars', 'list'], { env: env() });
    expect(list.stdout).to.match(/caldav.*ada@127\.0\.0\.1.*active.*Work.*yes.*yes/);
  });

  it('use makes a calendar the destination and a conflict calendar; flags set one or the other', async () => {
    const res = await yava(['calendars', 'use', 'home', '--json'], { env: env() });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json().calendar).to.include({ name: 'Home', isDestination: true, checkConflicts: true });
    const off = await yava(['calendars', 'use', 'Work', '--no-conflicts'], { env: env() });
    expect(off.stdout).to.include('Work: bookings are not written here; its busy time does not block your slots.');
    expect((await yava(['calendars', 'use', 'Nope'], { env: env() })).code).to.equal(EXIT.notFound);
    const perType = await yava(['calendars', 'use', 'Work', '--event-type', 'intro'], { env: env() });
    expect(perType.code, perType.stderr).to.equal(0);
    expect(perType.stdout).to.include('Bookings of intro are written to Work.');
  });

  it('sync syncs now and reports', async () => {
    const res = await yava(['calendars', 'sync'], { env: env() });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.match(/calendar\(s\) synced/);
  });

  it('connect google prints the address, waits for the browser, then shows the connection (the built binary)', async function () {
    this.timeout(60_000);
    const child = spawn(process.execPath, [join(root, 'bin/run.js'), 'calendars', 'connect', 'google', '--timeout', '45'], { env: { ...process.env, ...env() } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    const url = await new Promise<string>((ok, fail) => {
      child.stderr.on('data', (d) => {
        stderr += String(d);
        const m = /(http:\/\/127\.0\.0\.1:\d+\/oauth\/google\/start\S+)/.exec(stderr);
        if (m) ok(m[1]!);
      });
      child.once('exit', () => fail(new Error(`exited early: ${stderr}`)));
    });
    expect(stderr).to.include('Waiting for you to finish');
    // The printed address is Yava's start link: a browser without a Yava session is shown the
    // account it connects to and goes on with Continue; that browser is the one that connects.
    const flow = await openStartLink(url);
    expect(flow.pageHtml).to.include('<strong>@ada</strong> (a•••@example.com)');
    expect(flow.status).to.equal(200);
    const code = await new Promise<number | null>((ok) => child.once('exit', ok));
    expect(code, stderr).to.equal(0);
    expect(stdout).to.match(/google.*ada@gmail\.com.*active/);
  });

  it('disconnect removes a connection; an unknown id is not found', async () => {
    const { connections } = (await yava(['calendars', '--json'], { env: env() })).json();
    const caldav = connections.find((c: { provider: string }) => c.provider === 'caldav');
    const res = await yava(['calendars', 'disconnect', caldav.id], { env: env() });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.include('Your bookings are unchanged');
    expect((await yava(['calendars', 'disconnect', '00000000-0000-4000-8000-000000000000'], { env: env() })).code).to.equal(EXIT.notFound);
  });
});

describe('renderConnections', () => {
  const plain: Painter = Object.assign((_style: string, text: string) => text, { enabled: false });
  const connection = (over: Partial<CalendarConnection>): CalendarConnection => ({
    id: 'c1',
    provider: 'caldav',
    account: 'ada@dav.example.com',
    status: 'active',
    lastSyncedAt: '2026-11-30T08:00:00Z',
    lastError: null,
    calendars: [{ id: 'k1', name: 'Work', checkConflicts: true, isDestination: true }],
    ...over,
  });

  it('says why the last sync of an active connection failed and how to try again', () => {
    const out = renderConnections([connection({ lastError: 'the CalDAV server answered 503' })], plain);
    expect(out).to.include('caldav ada@dav.example.com: the last sync failed (the CalDAV server answered 503), so its busy times may be out of date');
    expect(out).to.include('yava calendars sync');
  });

  it('adds nothing for a connection whose last sync worked', () => {
    const out = renderConnections([connection({})], plain);
    expect(out).not.to.include('failed');
  });
});
