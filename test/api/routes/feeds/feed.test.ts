import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ICAL from 'ical.js';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

const run = promisify(execFile);

function events(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return {
    cal,
    events: cal.getAllSubcomponents('vevent').map((e) => ({
      uid: String(e.getFirstPropertyValue('uid')),
      sequence: Number(e.getFirstPropertyValue('sequence')),
      status: String(e.getFirstPropertyValue('status')),
      start: (e.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
      summary: String(e.getFirstPropertyValue('summary')),
      organizer: String(e.getFirstPropertyValue('organizer')),
      attendees: e.getAllProperties('attendee').map((p) => String(p.getFirstValue()).toLowerCase()),
      dtstamp: e.getFirstPropertyValue('dtstamp'),
    })),
  };
}

async function hasCalcurse(): Promise<boolean> {
  try {
    await run('calcurse', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/** Imports an .ics into a fresh calcurse data dir and returns its appointments file. */
async function importWithCalcurse(ics: string, tz: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'yava-calcurse-'));
  try {
    const file = join(dir, 'feed.ics');
    await writeFile(file, ics);
    const { stdout } = await run('calcurse', ['-D', dir, '-i', file], { env: { ...process.env, TZ: tz }, timeout: 10_000 });
    expect(stdout).to.match(/0 skipped/);
    return await readFile(join(dir, 'apts'), 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('ICS feeds', () => {
  let server: RunningServer;
  let call: ApiCall;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  let host: Awaited<ReturnType<typeof registerUser>>;
  let meetingId: string;
  let icalUid: string;
  let manageToken: string;

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    host = await registerUser(call, { name: 'Ada Host', username: 'ada', timezone: 'Europe/Berlin' });
    const { scheduling, booking } = server.deps.services;
    await scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro, call; <b>', durationMinutes: 30 });
    const booked = await booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: { name: 'Ivy', email: 'ivy@example.com', timezone: 'America/New_York' } });
    meetingId = booked.booking.id;
    icalUid = booked.booking.icalUid;
    manageToken = booked.manageToken;
  });
  after(() => server.close());

  it('GET /api/me/feed needs a login and returns a stable secret URL', async () => {
    expect((await call('GET', '/api/me/feed')).status).to.equal(401);
    const a = await call('GET', '/api/me/feed', { token: host.accessToken });
    expect(a.status).to.equal(200);
    expect(a.body.url).to.match(/\/ics\/yfeed_[\w-]+\.ics$/);
    expect(a.body.webcalUrl).to.equal(a.body.url.replace(/^http:/, 'webcal:'));
    expect((await call('GET', '/api/me/feed', { token: host.accessToken })).body.url).to.equal(a.body.url);
  });

  it('serves the feed as text/calendar with ETag and Last-Modified, and 304 for If-None-Match', async () => {
    const { url } = (await call('GET', '/api/me/feed', { token: host.accessToken })).body;
    const path = new URL(url).pathname;
    const res = await call('GET', path);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('text/calendar; charset=utf-8');
    const etag = res.headers.get('etag')!;
    expect(etag).to.match(/^"[\w-]+"$/);
    expect(res.headers.get('last-modified')).to.be.a('string');
    expect(res.text).to.match(/\r\nX-WR-CALNAME:Ada Host \(Yava\)\r\n/);
    expect(res.text).to.match(/\r\nREFRESH-INTERVAL;VALUE=DURATION:PT15M\r\n/);
    expect(res.text).to.match(/\r\nX-PUBLISHED-TTL:PT15M\r\n/);
    const { events: evs } = events(res.text);
    expect(evs).to.have.length(1);
    expect(evs[0]).to.include({ uid: icalUid, sequence: 0, status: 'CONFIRMED', start: '2026-11-25T09:00:00.000Z', summary: 'Intro, call; <b>' });
    expect(evs[0]!.organizer.toLowerCase()).to.equal(`mailto:${host.email}`);
    expect(evs[0]!.attendees).to.include('mailto:ivy@example.com');
    expect(evs[0]!.dtstamp).to.exist;

    const again = await call('GET', path, { headers: { 'if-none-match': etag } });
    expect(again.status).to.equal(304);
    expect(again.text).to.equal('');
  });

  it('is imported by calcurse at the right local time', async function () {
    if (!(await hasCalcurse())) {
      if (process.env.CI === 'true') throw new Error('calcurse is not installed (apt-get install -y calcurse)');
      this.skip();
    }
    const { url } = (await call('GET', '/api/me/feed', { token: host.accessToken })).body;
    const ics = (await call('GET', new URL(url).pathname)).text;
    const apts = await importWithCalcurse(ics, 'Europe/Berlin');
    expect(apts).to.include('11/25/2026 @ 10:00 -> 11/25/2026 @ 10:30|Intro, call; <b>');
    expect(await importWithCalcurse(ics, 'America/New_York')).to.include('11/25/2026 @ 04:00 -> 11/25/2026 @ 04:30');
  });

  it('POST /api/me/feed/rotate issues a new URL and kills the old one', async () => {
    const old = (await call('GET', '/api/me/feed', { token: host.accessToken })).body.url;
    const rotated = await call('POST', '/api/me/feed/rotate', { token: host.accessToken });
    expect(rotated.status).to.equal(200);
    expect(rotated.body.url).not.to.equal(old);
    expect((await call('GET', new URL(old).pathname)).status).to.equal(404);
    expect((await call('GET', new URL(rotated.body.url).pathname)).status).to.equal(200);
    expect((await call('GET', '/ics/yfeed_guess.ics')).status).to.equal(404);
  });

  it('GET /meetings/:id.ics serves one meeting to the holder of its manage token', async () => {
    const ok = await call('GET', `/meetings/${meetingId}.ics?token=${encodeURIComponent(manageToken)}`);
    expect(ok.status).to.equal(200);
    expect(ok.headers.get('content-type')).to.equal('text/calendar; charset=utf-8');
    expect(ok.headers.get('content-disposition')).to.match(/^attachment; filename="meeting\.ics"/);
    const parsed = events(ok.text);
    expect(parsed.cal.getFirstPropertyValue('method')).to.equal('PUBLISH');
    expect(parsed.events[0]).to.include({ uid: icalUid });
    expect((await call('GET', `/meetings/${meetingId}.ics?token=yava_mt_wrong`)).status).to.equal(404);
    expect((await call('GET', `/meetings/${meetingId}.ics`)).status).to.equal(401);
    expect((await call('GET', `/meetings/${meetingId}.ics`, { token: host.accessToken })).status).to.equal(200);
  });
  it('a reschedule keeps the UID, raises SEQUENCE and changes the ETag; a cancel shows STATUS:CANCELLED for 30 days', async () => {
    const { url } = (await call('GET', '/api/me/feed', { token: host.accessToken })).body;
    const path = new URL(url).pathname;
    const before = await call('GET', path);
    clock.advance(60_000);
    await server.deps.services.booking.rescheduleBooking(meetingId, { start: '2026-11-26T13:00:00Z' }, { manageToken });
    const moved = await call('GET', path, { headers: { 'if-none-match': before.headers.get('etag')! } });
    expect(moved.status).to.equal(200);
    expect(events(moved.text).events[0]).to.include({ uid: icalUid, sequence: 1, start: '2026-11-26T13:00:00.000Z' });
    if (await hasCalcurse()) expect(await importWithCalcurse(moved.text, 'Europe/Berlin')).to.include('11/26/2026 @ 14:00 -> 11/26/2026 @ 14:30');

    clock.advance(60_000);
    await server.deps.services.booking.cancelBooking(meetingId, { reason: 'sick' }, { manageToken });
    const canceled = await call('GET', path);
    expect(events(canceled.text).events[0]).to.include({ uid: icalUid, status: 'CANCELLED' });
    clock.advance(31 * 86_400_000);
    expect(events((await call('GET', path)).text).events).to.have.length(0);
  });
});
