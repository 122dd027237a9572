import { expect } from 'chai';
import type { RunningServer } from '../../server/compose.js';
import { EXIT } from '../../cli/exitCodes.js';
import { resetTestDb } from '../helpers/db.js';
import { startTestServer, type ApiCall } from '../helpers/server.js';
import { ZONE, apiClient, createPerson, envFor, futureWeekday, type Person } from './fixtures.js';
import { FakeTty, tempConfigHome, yava } from './helpers.js';

describe('yava hours, event-types, week, heatmap, load, exit-codes', () => {
  let server: RunningServer;
  let call: ApiCall;
  let kim: Person;
  let lee: Person;
  let home: ReturnType<typeof tempConfigHome>;
  const day = futureWeekday(9);
  const asKim = (args: string[], extra = {}) => yava([...args, '--tz', ZONE], { env: envFor(server, kim, home.dir), ...extra });

  before(async () => {
    await resetTestDb();
    home = tempConfigHome();
    server = await startTestServer();
    call = apiClient(server.url);
    kim = await createPerson(call, 'kim');
    lee = await createPerson(call, 'lee');
  });
  after(async () => {
    await server.close();
    home.cleanup();
  });

  it('hours set with flags changes only what it names; hours show prints it', async () => {
    const res = await yava(['hours', 'set', '--mon', '09:00-12:00,13:00-17:00', '--tz', 'America/New_York', '--off', '2026-12-24', '--date', '2026-12-31=10:00-14:00', '--json'], { env: envFor(server, kim, home.dir) });
    expect(res.code, res.stderr).to.equal(0);
    const s = res.json();
    expect(s.timezone).to.equal('America/New_York');
    expect(s.weekly.filter((r: any) => r.day === 'mon')).to.deep.equal([
      { day: 'mon', start: '09:00', end: '12:00' },
      { day: 'mon', start: '13:00', end: '17:00' },
    ]);
    expect(s.weekly.filter((r: any) => r.day === 'tue')).to.deep.equal([{ day: 'tue', start: '09:00', end: '17:00' }]);
    expect(s.overrides).to.deep.equal([
      { date: '2026-12-24', intervals: [] },
      { date: '2026-12-31', intervals: [{ start: '10:00', end: '14:00' }] },
    ]);
    const shown = await asKim(['hours', 'show']);
    expect(shown.stdout).to.match(/mon\s+09:00-12:00,13:00-17:00/).and.match(/sat\s+off/).and.contain('2026-12-24  off');
    await yava(['hours', 'set', '--zone', ZONE, '--clear', '2026-12-24', '--clear', '2026-12-31', '--mon', '09:00-17:00'], { env: envFor(server, kim, home.dir) });
  });

  it('hours set rejects a malformed range naming the flag, and needs flags without a terminal', async () => {
    const bad = await asKim(['hours', 'set', '--wed', '9-5']);
    expect(bad.code).to.equal(EXIT.usage);
    expect(bad.stderr).to.contain('--wed');
    const none = await yava(['hours', 'set'], { env: envFor(server, kim, home.dir) });
    expect(none.code).to.equal(EXIT.usage);
  });

  it('hours set says the end is before the start for a reversed range', async () => {
    const res = await asKim(['hours', 'set', '--mon', '17:00-09:00']);
    expect(res.code).to.equal(EXIT.usage);
    expect(res.stderr.trim()).to.equal('Error: --mon: the end 09:00 is before the start 17:00; write the earlier time first, e.g. 09:00-17:00 (hours past midnight are two ranges, one on each day)');
  });

  it('a validation error from the API prints once and names the flag, not the request body', async () => {
    const slug = await asKim(['event-types', 'create', '--slug', 'Bad Slug', '--title', 'X', '--duration', '30']);
    expect(slug.code).to.equal(EXIT.usage);
    expect(slug.stderr.trim().split('\n'), slug.stderr).to.have.length(1);
    expect(slug.stderr).to.match(/^Error: --slug: /).and.not.contain('request body');
    const title = await asKim(['event-types', 'create', '--slug', 'long-title', '--title', 'x'.repeat(250), '--duration', '30']);
    expect(title.code).to.equal(EXIT.usage);
    expect(title.stderr.trim().split('\n'), title.stderr).to.have.length(1);
    expect(title.stderr).to.match(/^Error: --title: /).and.not.contain('request body');
    const json = await asKim(['event-types', 'create', '--slug', 'long-title', '--title', 'x'.repeat(250), '--duration', '30', '--json']);
    expect(json.json().error).to.include({ code: 'validation_failed', exitCode: EXIT.usage });
    expect(json.json().error.message).to.match(/^--title: /);
  });

  it('hours set on a terminal is an interactive editor', async () => {
    const tty = new FakeTty();
    const done = yava(['hours', 'set', '--json'], { env: envFor(server, kim, home.dir), tty });
    await tty.waitFor('pick what to change');
    for (let i = 0; i < 5; i++) tty.press('down');
    tty.press('enter');
    await tty.waitFor('sat hours');
    tty.answer('10:00-14:00');
    await tty.waitFor('pick what to change');
    for (let i = 0; i < 9; i++) tty.press('down');
    tty.press('enter');
    const res = await done;
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json().weekly.filter((r: any) => r.day === 'sat')).to.deep.equal([{ day: 'sat', start: '10:00', end: '14:00' }]);
  });

  it('event-types create, list, edit and delete', async () => {
    const created = await asKim(['event-types', 'create', '--slug', 'chat', '--title', 'Chat', '--duration', '25', '--buffer-after', '5', '--approval', '--json']);
    expect(created.code, created.stderr).to.equal(0);
    expect(created.json()).to.include({ slug: 'chat', durationMinutes: 25, bufferAfterMinutes: 5, requiresApproval: true });
    const dup = await asKim(['event-types', 'create', '--slug', 'chat', '--title', 'Again', '--duration', '25']);
    expect(dup.code).to.equal(EXIT.conflict);
    const missing = await asKim(['event-types', 'create', '--slug', 'x']);
    expect(missing.code).to.equal(EXIT.usage);
    expect(missing.stderr).to.contain('--title');
    const list = await asKim(['event-types', 'list', '--json']);
    expect(list.json().eventTypes.map((e: any) => e.slug)).to.deep.equal(['chat']);
    const edited = await asKim(['event-types', 'edit', 'chat', '--duration', '40', '--no-approval', '--json']);
    expect(edited.code, edited.stderr).to.equal(0);
    expect(edited.json()).to.include({ durationMinutes: 40, requiresApproval: false });
    const table = await asKim(['event-types', 'list']);
    expect(table.stdout).to.match(/chat\s+Chat\s+40/);
    const deleted = await asKim(['event-types', 'delete', 'chat', '--json']);
    expect(deleted.json()).to.include({ slug: 'chat', deleted: true });
    const gone = await asKim(['event-types', 'edit', 'chat', '--duration', '10']);
    expect(gone.code).to.equal(EXIT.notFound);
  });

  it('week shows the meetings of a week as a grid; load counts them per day', async () => {
    await asKim(['event-types', 'create', '--slug', 'sync', '--title', 'Sync', '--duration', '60']);
    const at = `${day.toISODate()}T10:00`;
    const booked = await yava(['book', 'kim/sync', '--at', at, '--tz', ZONE, '--json'], { env: envFor(server, lee, home.dir) });
    expect(booked.code, booked.stderr).to.equal(0);
    const week = await asKim(['week', '--date', day.toISODate()!, '--json']);
    expect(week.code, week.stderr).to.equal(0);
    const w = week.json();
    expect(w.days).to.have.length(7);
    expect(w.days.find((d: any) => d.date === day.toISODate()).meetings[0].id).to.equal(booked.json().id);
    const grid = await asKim(['week', '--date', day.toISODate()!]);
    expect(grid.stdout).to.contain('10:00 Sync').and.contain('1 meeting this week');
    expect(grid.stdout).not.to.match(/\u001b\[/);
    const load = await asKim(['load', '--from', day.toISODate()!, '--to', day.plus({ days: 1 }).toISODate()!, '--json']);
    expect(load.code, load.stderr).to.equal(0);
    expect(load.json().days[0]).to.deep.equal({ date: day.toISODate(), count: 1, busyMinutes: 60 });
  });

  it('heatmap prints characters without colour, ANSI colour only when forced', async () => {
    // The heatmap counts past weeks: move one of kim's meetings two weeks back.
    const db = server.deps.db;
    const [past] = await db('bookings').join('booking_hosts as h', 'h.booking_id', 'bookings.id').join('users as u', 'u.id', 'h.user_id').where({ 'u.username': 'kim', 'bookings.status': 'scheduled' }).select('bookings.id').limit(1);
    expect(past, 'a meeting of kim').to.exist;
    await db('bookings').where({ id: past.id }).update({ start_at: db.raw("start_at - interval '14 days'"), end_at: db.raw("end_at - interval '14 days'") });
    await db('booking_hosts').where({ booking_id: past.id }).update({ busy: db.raw("tstzrange(lower(busy) - interval '14 days', upper(busy) - interval '14 days')") });
    const res = await asKim(['heatmap', '--weeks', '2', '--json']);
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json().busyMinutes).to.have.length(7);
    expect(res.json().busyMinutes[0]).to.have.length(24);
    const plain = await asKim(['heatmap', '--weeks', '2']);
    expect(plain.stdout).to.contain('Mon').and.contain('legend').and.not.match(/\u001b\[/);
    const coloured = await yava(['heatmap', '--weeks', '2', '--tz', ZONE], { env: { ...envFor(server, kim, home.dir), NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(coloured.stdout).to.match(/\u001b\[48;5;/);
  });

  it('heatmap with no meetings says so instead of an empty grid', async () => {
    const nia = await createPerson(call, 'nia');
    const res = await yava(['heatmap', '--weeks', '2', '--tz', ZONE], { env: envFor(server, nia, home.dir) });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout.trim()).to.equal(`No meetings in the last 2 weeks (${ZONE}), so there is no heatmap yet; it fills in as meetings happen (try --weeks 52 for a longer look).`);
  });

  it('bot slack and bot discord name the variable to set and exit 2 when not configured', async () => {
    const slack = await yava(['bot', 'slack'], { env: { DATABASE_URL: undefined, SLACK_APP_TOKEN: undefined } });
    expect(slack.code).to.equal(2);
    expect(slack.stderr).to.include('Set DATABASE_URL');
    const discord = await yava(['bot', 'discord', '--json'], { env: { DATABASE_URL: undefined } });
    expect(discord.code).to.equal(2);
    expect(discord.json().error.code).to.equal('not_configured');
  });

  it('exit-codes documents every code', async () => {
    const res = await yava(['exit-codes', '--json']);
    expect(res.json().exitCodes.map((e: any) => e.code)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('every command has examples in its help', async () => {
    const { loadCliConfig } = await import('./helpers.js');
    const config = await loadCliConfig();
    const ours = config.commands.filter((c) => c.pluginName === 'yava');
    expect(ours.length).to.be.greaterThan(25);
    for (const c of ours) expect(c.examples?.length ?? 0, c.id).to.be.greaterThan(0);
    const help = await yava(['help', 'book']);
    expect(help.stdout).to.contain('EXAMPLES').and.contain('yava book demo/intro');
  });
});
