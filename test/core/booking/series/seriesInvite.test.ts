import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import ICAL from 'ical.js';
import { createBookingService } from '../../../../core/booking/index.js';
import { createOutboxNotifier } from '../../../../core/notify/outbox.js';
import { installed } from '../../../helpers/ics.js';
import { invitee, setUpBookingWorld, type BookingWorld } from '../helpers.js';

const run = promisify(execFile);

/** Imports into a fresh calcurse in `zone` and lists the appointments of the days from `from` as "YYYY-MM-DD HH:MM-HH:MM summary". */
async function calcurseAgenda(ics: string, zone: string, from: string, days: number): Promise<{ apts: string; agenda: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'yava-calcurse-series-'));
  try {
    await writeFile(join(dir, 'in.ics'), ics);
    const env = { ...process.env, TZ: zone };
    const { stdout: report } = await run('calcurse', ['-D', dir, '-i', join(dir, 'in.ics')], { env, timeout: 10_000 });
    expect(report).to.match(/\b0 skipped/);
    const format = '%(start:%Y-%m-%d %H:%M)-%(end:%H:%M) %m\\n';
    const { stdout } = await run('calcurse', ['-D', dir, '-Q', '--from', from, '--days', String(days), '--format-apt', format, '--format-recur-apt', format], { env, timeout: 10_000 });
    const { stdout: apts } = await run('cat', [join(dir, 'apts')]);
    return { apts, agenda: stdout.split('\n').filter((l) => /^\d{4}-/.test(l)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The invite e-mails queued for `to`, newest last. */
async function invitesTo(world: BookingWorld, to: string, keyPrefix = ''): Promise<Array<{ subject: string; ics: string; icsMethod: string }>> {
  const rows = await world.db('outbox').where({ channel: 'email' }).whereLike('idempotency_key', `${keyPrefix}%`).select('payload');
  return rows.map((r: { payload: unknown }) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload)).filter((p: { to: string }) => p.to === to);
}

describe('a series invite (one recurring event: RRULE, EXDATE, RECURRENCE-ID)', () => {
  let world: BookingWorld;
  let service: ReturnType<typeof createBookingService>;
  let ids: string[];

  before(async function () {
    this.timeout(120_000);
    world = await setUpBookingWorld();
    service = createBookingService({ db: world.db, clock: world.clock, notifier: createOutboxNotifier({ clock: world.clock, publicUrl: 'http://yava.test', maxAttempts: 3 }) });
    await world.scheduling.createEventType(world.users.bob, { slug: 'sync', title: 'Weekly sync', durationMinutes: 30, allowsSeries: true });
    // Tuesdays 10:00 Berlin from 16 March 2027: the clocks go forward on 28 March.
    const result = await service.scheduleSeries({ user: 'bob', eventType: 'sync', start: '2027-03-16T09:00:00Z', invitee: invitee('Gil', 'gil@x.org', 'Europe/Berlin'), recurrence: { frequency: 'weekly', count: 5 } });
    ids = result.occurrences.map((o) => o.booking.id);
  });

  it('booking a series sends ONE invite, which calcurse imports as one weekly event at 10:00 Berlin on both sides of the DST change', async function () {
    const invites = await invitesTo(world, 'gil@x.org');
    expect(invites).to.have.length(1);
    const ics = invites[0]!.ics;
    expect(ics).to.include('RRULE:FREQ=WEEKLY;INTERVAL=1;UNTIL=20270413T080000Z\r\n');
    expect(ics).to.include('DTSTART;TZID=Europe/Berlin:20270316T100000\r\n');
    expect(ics.match(/BEGIN:VEVENT/g)).to.have.length(1);
    if (!(await installed('calcurse'))) return this.skip();
    const { apts, agenda } = await calcurseAgenda(ics, 'Europe/Berlin', '03/15/2027', 30);
    expect(apts.trim().split('\n')).to.have.length(1);
    expect(apts).to.match(/^03\/16\/2027 @ 10:00 -> 03\/16\/2027 @ 10:30 \{1W -> 04\/13\/2027\}/);
    expect(agenda).to.deep.equal(['2027-03-16 10:00-10:30 Weekly sync', '2027-03-23 10:00-10:30 Weekly sync', '2027-03-30 10:00-10:30 Weekly sync', '2027-04-06 10:00-10:30 Weekly sync', '2027-04-13 10:00-10:30 Weekly sync']);
  });

  it('a cancelled occurrence becomes an EXDATE and a moved one a RECURRENCE-ID override; ical.js expands the same instants as the bookings', async function () {
    await service.cancelBooking(ids[1]!, {}, { userId: world.users.bob });
    await service.rescheduleBooking(ids[3]!, { start: '2027-04-07T12:00:00Z' }, { userId: world.users.bob });
    expect(await invitesTo(world, 'gil@x.org')).to.have.length(3);
    // The cancellation of one meeting carries the series with an EXDATE: a REQUEST, in the header too.
    const canceled = (await invitesTo(world, 'gil@x.org', `email:${ids[1]}:canceled:`))[0]!;
    expect([canceled.icsMethod, canceled.ics.includes('METHOD:REQUEST')]).to.deep.equal(['REQUEST', true]);
    const ics = (await invitesTo(world, 'gil@x.org', `email:${ids[3]}:rescheduled:`))[0]!.ics;
    expect(ics).to.include('EXDATE;TZID=Europe/Berlin:20270323T100000\r\n');
    expect(ics).to.include('RECURRENCE-ID;TZID=Europe/Berlin:20270406T100000\r\n');
    expect(ics).to.include('DTSTART;TZID=Europe/Berlin:20270407T140000\r\n');
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const [master, ...overrides] = calendar.getAllSubcomponents('vevent');
    expect(overrides).to.have.length(1);
    const event = new ICAL.Event(master!, { exceptions: overrides });
    const it = event.iterator();
    const starts: string[] = [];
    for (let next = it.next(); next; next = it.next()) starts.push(event.getOccurrenceDetails(next).startDate.toJSDate().toISOString());
    const held = await world.db('bookings').whereIn('id', ids).whereNot({ status: 'canceled' }).orderBy('start_at').pluck('start_at');
    expect(starts).to.deep.equal(held.map((d: Date) => new Date(d).toISOString()));
    expect(starts).to.deep.equal(['2027-03-16T09:00:00.000Z', '2027-03-30T08:00:00.000Z', '2027-04-07T12:00:00.000Z', '2027-04-13T08:00:00.000Z']);
    if (!(await installed('calcurse'))) return this.skip();
    const { agenda } = await calcurseAgenda(ics, 'Europe/Berlin', '03/15/2027', 30);
    expect(agenda).to.include.members(['2027-03-16 10:00-10:30 Weekly sync', '2027-03-30 10:00-10:30 Weekly sync', '2027-04-07 14:00-14:30 Weekly sync', '2027-04-13 10:00-10:30 Weekly sync']);
    expect(agenda).not.to.include('2027-03-23 10:00-10:30 Weekly sync');
    // Written with UNTIL, not COUNT: calcurse counts EXDATEs against COUNT and would add a week.
    expect(agenda.filter((l) => l.startsWith('2027-04-20'))).to.deep.equal([]);
  });

  it('cancelling "this and following" sends a cancellation naming those meetings, with the series invite listing them as EXDATEs', async () => {
    // Meeting 4 was moved to Wednesday 7 April 14:00 (above); meeting 5 is on Tuesday 13 April.
    await service.cancelSeries(ids[3]!, { scope: 'following' }, { userId: world.users.bob });
    const series = await world.db('booking_series').first('id');
    const [mail, ...more] = await invitesTo(world, 'gil@x.org', `series:${series.id}:email:${ids[3]}:`);
    expect(more).to.have.length(0);
    const { subject, text, ics, icsMethod } = mail as unknown as { subject: string; text: string; ics: string; icsMethod: string };
    expect(subject).to.match(/^Canceled: Weekly sync/);
    expect(text).to.include('Wednesday, 7 April 2027, 14:00–14:30 (Europe/Berlin)');
    expect(text).to.include('Tuesday, 13 April 2027, 10:00–10:30 (Europe/Berlin)');
    expect(text).to.include('2 meetings');
    expect(text).not.to.match(/Rescheduled|new time|Reschedule:|Cancel:/);
    // The rest of the series stays: the invite is the series (REQUEST) with the canceled meeting as an EXDATE.
    expect(icsMethod).to.equal('REQUEST');
    expect(ics).to.include('METHOD:REQUEST');
    expect(ics).to.match(/EXDATE;TZID=Europe\/Berlin:[0-9T,]*20270406T100000/);
    expect(ics).to.match(/EXDATE;TZID=Europe\/Berlin:[0-9T,]*20270413T100000/);
    expect(ics).not.to.include('RECURRENCE-ID');
    expect(ics).not.to.include('STATUS:CANCELLED');
  });

  it('cancelling the whole series sends METHOD:CANCEL for the series UID', async () => {
    await service.cancelSeries(ids[0]!, { scope: 'series' }, { userId: world.users.bob });
    const series = await world.db('booking_series').first('id', 'ical_uid');
    const [last, ...more] = await invitesTo(world, 'gil@x.org', `series:${series.id}:email:${ids[0]}:canceled:`);
    expect(more).to.have.length(0);
    expect(last!.icsMethod).to.equal('CANCEL');
    expect(last!.ics).to.include(`UID:${series.ical_uid}\r\n`);
    expect(last!.ics).to.include('STATUS:CANCELLED');
  });

  it('canceling the last meeting still on, one by one, sends METHOD:CANCEL for the series, as a series cancel does', async () => {
    const two = await service.scheduleSeries({ user: 'bob', eventType: 'sync', start: '2027-05-04T08:00:00Z', invitee: invitee('Hal', 'hal@x.org', 'Europe/Berlin'), recurrence: { frequency: 'weekly', count: 2 } });
    const [a, b] = two.occurrences.map((o) => o.booking.id);
    await service.cancelBooking(a!, {}, { userId: world.users.bob });
    await service.cancelBooking(b!, {}, { userId: world.users.bob });
    const first = (await invitesTo(world, 'hal@x.org', `email:${a}:canceled:`))[0]!;
    const last = (await invitesTo(world, 'hal@x.org', `email:${b}:canceled:`))[0]!;
    expect([first.icsMethod, first.ics.includes('METHOD:REQUEST')], 'one left: the series goes on').to.deep.equal(['REQUEST', true]);
    expect([last.icsMethod, last.ics.includes('METHOD:CANCEL')], 'none left').to.deep.equal(['CANCEL', true]);
  });
});
