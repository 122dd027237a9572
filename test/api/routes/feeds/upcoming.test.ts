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
import { apiClient, registerUser, startTestServer } from '../../../helpers/server.js';

const run = promisify(execFile);

describe('GET /ics/<token>.ics?upcoming=1', () => {
  let server: RunningServer;
  let feedUrl: string;
  const clock = createFixedClock('2026-11-24T08:00:00Z');

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock });
    const call = apiClient(server.url);
    const host = await registerUser(call, { name: 'Ada Host', username: 'ada', timezone: 'UTC' });
    const { scheduling, booking } = server.deps.services;
    await scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro', durationMinutes: 30 });
    const book = (start: string, name: string) => booking.scheduleBooking({ user: 'ada', eventType: 'intro', start, invitee: { name, email: `${name.toLowerCase()}@example.com`, timezone: 'UTC' } });
    await book('2026-11-25T09:00:00Z', 'Kept');
    const dropped = await book('2026-11-25T11:00:00Z', 'Dropped');
    await booking.cancelBooking(dropped.booking.id, { reason: 'no longer' }, { manageToken: dropped.manageToken });
    await server.deps.db('bookings').where({ id: dropped.booking.id }).update({ title: 'Canceled one' });
    feedUrl = (await call('GET', '/api/me/feed', { token: host.accessToken })).body.url.replace(/^https?:\/\/[^/]+/, server.url);
  });
  after(() => server.close());

  const statuses = async (url: string) => {
    const cal = new ICAL.Component(ICAL.parse(await (await fetch(url)).text()));
    return cal.getAllSubcomponents('vevent').map((e) => `${e.getFirstPropertyValue('summary')}:${e.getFirstPropertyValue('status')}`);
  };

  it('keeps canceled meetings as STATUS:CANCELLED in the full feed and leaves them out of the upcoming one', async () => {
    expect(await statuses(feedUrl)).to.have.members(['Intro:CONFIRMED', 'Canceled one:CANCELLED']);
    expect(await statuses(`${feedUrl}?upcoming=1`)).to.deep.equal(['Intro:CONFIRMED']);
    expect((await fetch(`${feedUrl}?upcoming=maybe`)).status).to.equal(400);
  });

  it('calcurse, which ignores STATUS, shows only the meeting that is on', async function () {
    try {
      await run('calcurse', ['--version']);
    } catch {
      if (process.env.CI === 'true') throw new Error('calcurse is not installed (apt-get install -y calcurse)');
      this.skip();
    }
    const dir = await mkdtemp(join(tmpdir(), 'yava-calcurse-'));
    try {
      const read = async (url: string, name: string) => {
        const data = join(dir, name);
        await writeFile(`${data}.ics`, await (await fetch(url)).text());
        await run('calcurse', ['-D', data, '-i', `${data}.ics`], { env: { ...process.env, TZ: 'UTC' }, timeout: 10_000 });
        return readFile(join(data, 'apts'), 'utf8');
      };
      expect(await read(feedUrl, 'full')).to.contain('Canceled one');
      const upcoming = await read(`${feedUrl}?upcoming=1`, 'upcoming');
      expect(upcoming).to.contain('Intro').and.not.contain('Canceled one');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
