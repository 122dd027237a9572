import { expect } from 'chai';
import ICAL from 'ical.js';
import { createFeedService } from '../../../core/feeds/service.js';
import { importWithCalcurse, installed } from '../../helpers/ics.js';
import { invitee, setUpBookingWorld, type BookingWorld } from '../booking/helpers.js';

describe('core/feeds/service: series', () => {
  let w: BookingWorld;
  let token: string;
  let ids: string[];
  const feeds = () => createFeedService({ db: w.db, clock: w.clock, publicUrl: 'https://yava.example.com' });

  before(async function () {
    this.timeout(300_000); // the first suite starts the shared database, slow on a loaded machine
    w = await setUpBookingWorld();
    await w.scheduling.createEventType(w.users.bob, { slug: 'sync', title: 'Sync', durationMinutes: 30, allowsSeries: true });
    const series = await w.booking.scheduleSeries({ user: 'bob', eventType: 'sync', start: '2026-12-01T09:00:00Z', invitee: invitee('Gil', 'gil@x.org'), recurrence: { frequency: 'weekly', count: 4 } });
    ids = series.occurrences.map((o) => o.booking.id);
    await w.booking.scheduleBooking({ user: 'bob', eventType: 'sync', start: '2026-12-02T09:00:00Z', invitee: invitee('Ivy', 'ivy@x.org') });
    await w.booking.cancelBooking(ids[2]!, {}, { userId: w.users.bob });
    const url = (await feeds().getFeedUrls(w.users.bob)).url;
    token = url.slice(url.lastIndexOf('/') + 1, -'.ics'.length);
  });

  it("the host's feed holds the series as one recurring event (with the cancelled week as EXDATE) beside a single meeting", async function () {
    const { body } = await feeds().buildUserFeed(token, { upcoming: true });
    const events = new ICAL.Component(ICAL.parse(body)).getAllSubcomponents('vevent');
    expect(events).to.have.length(2);
    const master = events.find((e) => e.hasProperty('rrule'))!;
    expect(String(master.getFirstPropertyValue('rrule'))).to.equal('FREQ=WEEKLY;UNTIL=20261222T090000Z');
    expect(body).to.include('EXDATE;TZID=Europe/Berlin:20261215T100000\r\n');
    if (!(await installed('calcurse'))) return this.skip();
    const { apts } = await importWithCalcurse(body);
    expect(apts.trim().split('\n').map((l) => l.replace(/ >[0-9a-f]{40} /, ' ')).sort()).to.deep.equal(['12/01/2026 @ 09:00 -> 12/01/2026 @ 09:30 {1W -> 12/22/2026 !12/15/2026} |Sync', '12/02/2026 @ 09:00 -> 12/02/2026 @ 09:30|Sync']);
  });

  it('two series of one zone on both sides of a clock change share one VTIMEZONE, and both read back at their times', async () => {
    await w.scheduling.createEventType(w.users.bob, { slug: 'later', title: 'Later', durationMinutes: 30, allowsSeries: true, maxDaysAhead: 365 });
    // 10:00 in Berlin in summer time is 08:00Z (the series above is in winter time, 10:00 = 09:00Z).
    const laterSeries = await w.booking.scheduleSeries({ user: 'bob', eventType: 'later', start: '2027-06-01T08:00:00Z', invitee: invitee('Ola', 'ola@x.org'), recurrence: { frequency: 'weekly', count: 2 } });
    const { body } = await feeds().buildUserFeed(token, { upcoming: true });
    const calendar = new ICAL.Component(ICAL.parse(body));
    expect(calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).to.deep.equal(['Europe/Berlin']);
    const later = calendar.getAllSubcomponents('vevent').find((e) => e.getFirstPropertyValue('summary') === 'Later')!;
    const firstStarts = (event: ICAL.Component) => {
      const it = new ICAL.Event(event).iterator();
      return [it.next()!, it.next()!].map((t) => t.toJSDate().toISOString());
    };
    expect(firstStarts(later)).to.deep.equal(['2027-06-01T08:00:00.000Z', '2027-06-08T08:00:00.000Z']);
    const sync = calendar.getAllSubcomponents('vevent').find((e) => e.hasProperty('rrule') && e.getFirstPropertyValue('summary') === 'Sync')!;
    expect(firstStarts(sync)).to.deep.equal(['2026-12-01T09:00:00.000Z', '2026-12-08T09:00:00.000Z']);
    await w.booking.cancelSeries(laterSeries.occurrences[0]!.booking.id, { scope: 'series' }, { userId: w.users.bob });
  });

  it('a moved occurrence is its own event in the feed (EXDATE on the rule), so calcurse shows it once; the invitation keeps RECURRENCE-ID', async function () {
    await w.booking.rescheduleBooking(ids[1]!, { start: '2026-12-09T10:00:00Z' }, { userId: w.users.bob });
    const { body } = await feeds().buildUserFeed(token, { upcoming: true });
    expect(body).not.to.include('RECURRENCE-ID');
    expect(body).to.include('EXDATE;TZID=Europe/Berlin:20261208T100000\r\n');
    const events = new ICAL.Component(ICAL.parse(body)).getAllSubcomponents('vevent').filter((e) => e.getFirstPropertyValue('summary') === 'Sync');
    const single = events.filter((e) => !e.hasProperty('rrule')).map((e) => (e.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString());
    expect(single).to.include('2026-12-09T10:00:00.000Z');
    const invite = (await feeds().buildMeetingIcs(ids[0]!, { userId: w.users.bob })).body;
    expect(invite).to.include('RECURRENCE-ID;TZID=Europe/Berlin:20261208T100000\r\n');
    if (!(await installed('calcurse'))) return this.skip();
    const { apts } = await importWithCalcurse(body);
    const lines = apts.trim().split('\n').map((l) => l.replace(/ >[0-9a-f]{40} /, ' '));
    expect(lines.filter((l) => l.endsWith('|Sync') && l.includes('12/09/2026 @ 10:00'))).to.have.length(1);
    expect(lines.find((l) => l.includes('{1W'))).to.include('!12/08/2026').and.include('!12/15/2026');
  });

  it("one meeting's .ics is the whole series", async () => {
    const { body, filename } = await feeds().buildMeetingIcs(ids[0]!, { userId: w.users.bob });
    expect(filename).to.equal('series.ics');
    expect(body).to.include('RRULE:FREQ=WEEKLY;INTERVAL=1;UNTIL=20261222T090000Z\r\n');
  });

  it('a cancelled series stays out of ?upcoming', async () => {
    await w.booking.cancelSeries(ids[0]!, { scope: 'series' }, { userId: w.users.bob });
    const { body } = await feeds().buildUserFeed(token, { upcoming: true });
    expect(body).not.to.include('RRULE');
    expect((await feeds().buildUserFeed(token)).body).to.include('RRULE');
  });
});
