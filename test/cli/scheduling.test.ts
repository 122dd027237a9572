import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { RunningServer } from '../../server/compose.js';
import { EXIT } from '../../cli/exitCodes.js';
import { resetTestDb } from '../helpers/db.js';
import { startTestServer, type ApiCall } from '../helpers/server.js';
import { ZONE, apiClient, createEventType, createPerson, envFor, futureWeekday, type Person } from './fixtures.js';
import { FakeTty, tempConfigHome, yava } from './helpers.js';

describe('yava slots, book, meetings, show, reschedule, cancel, approve, decline, parse', () => {
  let server: RunningServer;
  let call: ApiCall;
  let hana: Person;
  let gus: Person;
  let home: ReturnType<typeof tempConfigHome>;
  const day = futureWeekday(8);
  const isoDay = day.toISODate()!;
  const at = (hhmm: string, d = day) => DateTime.fromISO(`${d.toISODate()}T${hhmm}`, { zone: ZONE }).toUTC().toISO()!;
  const asGus = (args: string[], extra = {}) => yava([...args, '--tz', ZONE], { env: envFor(server, gus, home.dir), ...extra });
  const asHana = (args: string[], extra = {}) => yava([...args, '--tz', ZONE], { env: envFor(server, hana, home.dir), ...extra });

  before(async () => {
    await resetTestDb();
    home = tempConfigHome();
    server = await startTestServer();
    call = apiClient(server.url);
    hana = await createPerson(call, 'hana');
    gus = await createPerson(call, 'gus');
    await createEventType(call, hana, { slug: 'intro', title: 'Intro call', durationMinutes: 30 });
    await createEventType(call, hana, { slug: 'ask', title: 'Ask first', durationMinutes: 30, requiresApproval: true });
  });
  after(async () => {
    await server.close();
    home.cleanup();
  });

  it('slots <user>/<event-type> lists free slots in the chosen zone', async () => {
    const res = await asGus(['slots', 'hana/intro', '--from', isoDay, '--days', '1', '--json']);
    expect(res.code, res.stderr).to.equal(0);
    const out = res.json();
    expect(out).to.include({ timezone: ZONE, from: isoDay, to: isoDay });
    expect(out.slots[0]).to.deep.equal({ start: at('09:00'), end: at('09:30') });
    const human = await asGus(['slots', 'hana/intro', '--from', isoDay, '--days', '1']);
    expect(human.stdout).to.contain('09:00 09:30 10:00');
    expect(human.stdout).not.to.match(/\u001b\[/);
  });

  it('slots --with shows common free time', async () => {
    const res = await asGus(['slots', '--with', 'hana,gus', '--duration', '45', '--from', isoDay, '--to', isoDay, '--json']);
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json().slots[0]).to.deep.equal({ start: at('09:00'), end: at('09:45') });
  });

  it('slots for an unknown user exits with the not-found code', async () => {
    const res = await asGus(['slots', 'nobody/intro', '--from', isoDay]);
    expect(res.code).to.equal(EXIT.notFound);
    expect(res.stderr.split('\n')[0]).to.match(/^Error: /);
  });

  let bookedId: string;
  it('book --at ISO books the slot; booking it again is a conflict', async () => {
    const res = await asGus(['book', 'hana/intro', '--at', `${isoDay}T10:00`, '--json']);
    expect(res.code, res.stderr).to.equal(0);
    const m = res.json();
    expect(m).to.include({ status: 'scheduled', start: at('10:00'), end: at('10:30') });
    expect(m.hosts.map((h: any) => h.username)).to.deep.equal(['hana']);
    expect(m.attendees[0].email).to.equal(gus.email);
    bookedId = m.id;
    const again = await asGus(['book', 'hana/intro', '--at', `${isoDay}T10:00`, '--name', 'Other', '--email', 'other@example.com', '--json']);
    expect(again.code).to.equal(EXIT.conflict);
    expect(again.json().error).to.include({ code: 'slot_unavailable', status: 409, exitCode: EXIT.conflict });
  });

  it('book with an e-mail the server refuses names --email', async () => {
    const res = await asGus(['book', 'hana/intro', '--at', `${isoDay}T11:00`, '--name', 'Nope', '--email', 'nope']);
    expect(res.code).to.equal(EXIT.usage);
    expect(res.stderr.trim()).to.match(/^Error: --email: /);
  });

  it('book --at a time off the grid says why and offers the nearest free times', async () => {
    const res = await asGus(['book', 'hana/intro', '--at', `${isoDay}T10:07`]);
    expect(res.code).to.equal(EXIT.conflict);
    expect(res.stderr).to.contain('That time is not one of the offered starts (every 30 minutes). Nearest free times:').and.contain(`(${ZONE})`);
    const json = await asGus(['book', 'hana/intro', '--at', `${isoDay}T10:07`, '--json']);
    expect(json.json().error).to.include({ code: 'slot_unavailable', reason: 'off_grid', exitCode: EXIT.conflict });
    expect(json.json().error.alternatives.map((a: any) => a.start)).to.include(at('10:30'));
  });

  it('book --at accepts plain English through /api/parse', async () => {
    const english = `${day.toFormat('LLLL d yyyy')} at 11am`;
    const res = await asGus(['book', 'hana/intro', '--at', english, '--json']);
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json().start).to.equal(at('11:00'));
  });

  it('book without --at and without a terminal exits 2 naming --at', async () => {
    const res = await asGus(['book', 'hana/intro']);
    expect(res.code).to.equal(EXIT.usage);
    expect(res.stderr).to.contain('--at');
  });

  it('book without --at on a terminal offers the next free slots to pick from', async () => {
    const tty = new FakeTty();
    const done = asGus(['book', 'hana/intro', '--json'], { tty });
    await tty.waitFor('Pick a time');
    tty.press('down');
    await tty.waitFor('❯');
    tty.press('enter');
    const res = await done;
    expect(res.code, res.stderr).to.equal(0);
    const m = res.json();
    expect(m.status).to.equal('scheduled');
    // The second slot offered (whatever day it is on).
    const slots = (await call('GET', `/api/availability?user=hana&eventType=intro&timezone=${ZONE}`)).body.slots;
    expect(Date.parse(m.start)).to.be.greaterThan(Date.now());
    expect(slots.map((s: any) => s.start)).not.to.include(m.start);
  });

  it('book "<sentence>" books with everyone named, checking they are free', async () => {
    const sentence = `30 min with @hana on ${day.toFormat('LLLL d yyyy')} at 2pm`;
    const res = await asGus(['book', sentence, '--json']);
    expect(res.code, res.stderr).to.equal(0);
    const m = res.json();
    expect(m.start).to.equal(at('14:00'));
    expect(m.end).to.equal(at('14:30'));
    const again = await asGus(['book', sentence, '--json']);
    expect(again.code).to.equal(EXIT.conflict);
  });

  it('book "<sentence>" with something missing exits 2 naming it, or asks on a terminal', async () => {
    const res = await asGus(['book', `meeting with @hana on ${day.toFormat('LLLL d yyyy')} at 3pm`]);
    expect(res.code).to.equal(EXIT.usage);
    expect(res.stderr).to.contain('how long');
    const tty = new FakeTty();
    const done = asGus(['book', `meeting with @hana on ${day.toFormat('LLLL d yyyy')} at 3pm`, '--json'], { tty });
    await tty.waitFor('How long');
    tty.answer('0');
    await tty.waitFor('Enter minutes');
    tty.press('backspace');
    tty.answer('45');
    const ok = await done;
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.json()).to.include({ start: at('15:00'), end: at('15:45') });
  });

  it('book "<sentence>" with only yourself asks who else: exit 2 in a script, a question answered on a terminal', async () => {
    const sentence = `30 min with gus on ${day.toFormat('LLLL d yyyy')} at 9:30am`;
    const res = await asGus(['book', sentence]);
    expect(res.code).to.equal(EXIT.usage);
    expect(res.stderr).to.contain('Who else should be in the meeting?');
    const tty = new FakeTty();
    const done = asGus(['book', sentence, '--json'], { tty });
    await tty.waitFor('Who else should be in the meeting?');
    tty.answer('hana');
    const ok = await done;
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.json().hosts.map((h: any) => h.username).sort()).to.deep.equal(['gus', 'hana']);
    expect(ok.json().start).to.equal(at('09:30'));
  });

  it('book <user>/<event-type> by its own host asks for the invitee, or exits 2 naming --name/--email', async () => {
    const res = await asHana(['book', 'hana/intro', '--at', `${isoDay}T10:30`]);
    expect(res.code).to.equal(EXIT.usage);
    expect(res.stderr).to.contain('--name/--email').and.contain('you host hana/intro');
    const tty = new FakeTty();
    const done = asHana(['book', 'hana/intro', '--at', `${isoDay}T10:30`, '--json'], { tty });
    await tty.waitFor('Invitee name');
    tty.answer('Ada Lovelace');
    await tty.waitFor('Invitee email');
    tty.answer('ada@example.org');
    const ok = await done;
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.json().attendees).to.deep.equal([{ name: 'Ada Lovelace', email: 'ada@example.org', timezone: ZONE }]);
  });

  it('meetings lists upcoming meetings; --json is stable, the table readable', async () => {
    const res = await asHana(['meetings', '--json']);
    expect(res.code, res.stderr).to.equal(0);
    const { meetings, nextCursor } = res.json();
    expect(nextCursor).to.equal(null);
    expect(meetings.map((m: any) => m.id)).to.include(bookedId);
    const human = await asHana(['meetings']);
    // Tables show short ids (8 characters), which every meeting command takes back.
    expect(human.stdout).to.contain('ID').and.contain('Intro call').and.contain(bookedId.slice(0, 8)).and.not.contain(bookedId);
    const byShortId = await asHana(['show', bookedId.slice(0, 8), '--json']);
    expect(byShortId.code, byShortId.stderr).to.equal(0);
    expect(byShortId.json().id).to.equal(bookedId);
  });

  it('show, reschedule and cancel a meeting', async () => {
    const shown = await asGus(['show', bookedId, '--json']);
    expect(shown.json()).to.include({ id: bookedId, start: at('10:00') });
    const human = await asGus(['show', bookedId]);
    expect(human.stdout).to.contain('Intro call').and.contain('10:00');
    const moved = await asGus(['reschedule', bookedId, '--to', `${isoDay}T12:00`, '--json']);
    expect(moved.code, moved.stderr).to.equal(0);
    expect(moved.json().start).to.equal(at('12:00'));
    const canceled = await asGus(['cancel', bookedId, '--reason', 'clash', '--json']);
    expect(canceled.code, canceled.stderr).to.equal(0);
    expect(canceled.json().status).to.equal('canceled');
    const twice = await asGus(['cancel', bookedId]);
    expect(twice.code).to.equal(EXIT.conflict);
  });

  it('meetings shows what is still on by default: canceled ones with --status canceled or --all', async () => {
    const ids = async (args: string[]) => (await asGus(['meetings', ...args, '--json'])).json().meetings.map((m: { id: string }) => m.id);
    expect(await ids([])).not.to.include(bookedId);
    expect(await ids(['--status', 'canceled'])).to.include(bookedId);
    expect(await ids(['--all'])).to.include(bookedId);
    const table = await asGus(['meetings']);
    expect(table.stdout).not.to.contain('canceled');
  });

  it('meetings --status pending_payment lists unpaid holds', async () => {
    const booked = await asGus(['book', 'hana/intro', '--at', `${isoDay}T16:30`, '--json']);
    expect(booked.code, booked.stderr).to.equal(0);
    const held = booked.json();
    // A paid hold, as booking a paid event type leaves it (no payment provider in this suite).
    await server.deps.db('bookings').where({ id: held.id }).update({ status: 'pending_payment' });
    const res = await asHana(['meetings', '--status', 'pending_payment', '--json']);
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json().meetings.map((m: { id: string; status: string }) => [m.id, m.status])).to.deep.equal([[held.id, 'pending_payment']]);
  });

  it('an unreadable --at suggests a date in the future, in one sentence', async () => {
    const res = await asGus(['reschedule', bookedId, '--to', 'whenever suits']);
    expect(res.code, res.stderr).to.equal(EXIT.usage);
    const tomorrow = DateTime.now().setZone(ZONE).plus({ days: 1 }).toISODate();
    expect(res.stderr.trim()).to.equal(`Error: Could not read a time from "whenever suits" for --to; try "tomorrow 3pm" or ${tomorrow}T15:00.`);
  });

  it('an ambiguous --to reads as one sentence naming the choices', async () => {
    const res = await asGus(['reschedule', bookedId, '--to', '3/4 at 3pm']);
    expect(res.code, res.stderr).to.equal(EXIT.usage);
    const tomorrow = DateTime.now().setZone(ZONE).plus({ days: 1 }).toISODate();
    expect(res.stderr.trim()).to.match(new RegExp(`^Error: "3/4 at 3pm" for --to could mean \\d+ \\w+ or \\d+ \\w+; give one time, such as "tomorrow 3pm" or ${tomorrow}T15:00\\.$`));
    expect(res.stderr.match(/[.?!](\s|$)/g), 'one sentence').to.have.length(1);
  });

  it('show of an unknown meeting exits with the not-found code', async () => {
    const res = await asGus(['show', '00000000-0000-4000-8000-000000000000', '--json']);
    expect(res.code).to.equal(EXIT.notFound);
    expect(res.json().error.status).to.equal(404);
  });

  it('approve and decline pending requests', async () => {
    const a = (await asGus(['book', 'hana/ask', '--at', `${isoDay}T13:00`, '--json'])).json();
    const b = (await asGus(['book', 'hana/ask', '--at', `${isoDay}T16:00`, '--json'])).json();
    expect(a.status).to.equal('pending');
    const pending = await asHana(['meetings', '--status', 'pending', '--json']);
    expect(pending.json().meetings.map((m: any) => m.id)).to.include.members([a.id, b.id]);
    const approved = await asHana(['approve', a.id, '--json']);
    expect(approved.code, approved.stderr).to.equal(0);
    expect(approved.json().status).to.equal('scheduled');
    const declined = await asHana(['decline', b.id, '--reason', 'full', '--json']);
    expect(declined.json().status).to.equal('rejected');
    const notYours = await asGus(['approve', a.id]);
    expect([EXIT.auth, EXIT.notFound, EXIT.conflict]).to.include(notYours.code);
  });

  it('parse reads one request, and JSONL from stdin', async () => {
    const res = await asGus(['parse', '30 min with @alice tomorrow 3pm', '--now', '2026-11-24T09:00:00Z', '--json']);
    expect(res.code, res.stderr).to.equal(0);
    const intent = res.json();
    expect(intent).to.include({ action: 'book', durationMinutes: 30, start: '2026-11-25T15:00:00.000+01:00' });
    const lines = await asGus(['parse', '--now', '2026-11-24T09:00:00Z'], { stdin: 'call @bob friday 10am\n\nlunch tomorrow noon\n' });
    expect(lines.code, lines.stderr).to.equal(0);
    const intents = lines.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(intents).to.have.length(2);
    expect(intents[0].attendees[0].handle).to.equal('bob');
    const human = await asGus(['parse', 'call @bob friday 10am', '--now', '2026-11-24T09:00:00Z']);
    expect(human.stdout).to.match(/action\s+book/);
    const pushed = await asGus(['parse', 'push my 3pm back 30 minutes', '--now', '2026-11-24T09:00:00Z']);
    expect(pushed.stdout).to.match(/move by\s+\+30 min \(later\)/);
    const postponed = await asGus(['parse', 'postpone my 3pm by a week', '--now', '2026-11-24T09:00:00Z', '--json']);
    expect(postponed.json()).to.include({ action: 'reschedule', shiftDays: 7 });
  });
});
