import { expect } from 'chai';
import { openCalDavSession } from '../../../../core/calendars/caldav/session.js';
import type { CalendarSession, RemoteEvent } from '../../../../core/calendars/types.js';
import { startRadicale, type RadicaleServer } from '../../../fakes/radicale.js';

const USER = 'bea@example.com';
const PASSWORD = 'app-password';
const TOKYO = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//EN',
  'BEGIN:VTIMEZONE',
  'TZID:Asia/Tokyo',
  'BEGIN:STANDARD',
  'DTSTART:19700101T000000',
  'TZOFFSETFROM:+0900',
  'TZOFFSETTO:+0900',
  'TZNAME:JST',
  'END:STANDARD',
  'END:VTIMEZONE',
  'END:VCALENDAR',
  '',
].join('\r\n');
const ics = (uid: string, lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20261130T000000Z', `SUMMARY:${uid}`, ...lines, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
const allDay = ['DTSTART;VALUE=DATE:20261201', 'DTEND;VALUE=DATE:20261202', 'TRANSP:OPAQUE'];
const floating = ['DTSTART:20261202T100000', 'DTEND:20261202T110000'];
const range = (e: RemoteEvent | undefined) => e && [new Date(e.start).toISOString(), new Date(e.end).toISOString()];

describe('core/calendars/caldav/session (radicale)', () => {
  let dav: RadicaleServer;
  let plainUrl: string;
  let tokyoUrl: string;
  let session: CalendarSession;
  const put = async (calendarUrl: string, uid: string, body: string) => {
    const res = await fetch(`${calendarUrl}${uid}.ics`, {
      method: 'PUT',
      headers: { authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`, 'content-type': 'text/calendar' },
      body,
    });
    expect(res.status).to.be.oneOf([201, 204]);
  };
  const eventsOf = async (calendarUrl: string) => {
    // The server names the calendar by its own URL ('@' escaped).
    const calendar = (await session.listCalendars()).find((c) => decodeURIComponent(c.externalId) === calendarUrl)!;
    const batch = await session.syncEvents({ externalId: calendar.externalId, cursor: null, ctag: null }, { start: 0, end: Date.parse('2027-06-01T00:00:00Z') });
    return new Map(batch.events.map((e) => [e.icalUid, e]));
  };

  before(async function () {
    this.timeout(60_000);
    dav = await startRadicale({ [USER]: PASSWORD });
    plainUrl = await dav.makeCalendar(USER, PASSWORD, 'plain', 'Plain');
    tokyoUrl = await dav.makeCalendar(USER, PASSWORD, 'tokyo', 'Tokyo', { timezone: TOKYO });
    for (const url of [plainUrl, tokyoUrl]) {
      await put(url, 'allday', ics('allday', allDay));
      await put(url, 'floating', ics('floating', floating));
    }
    session = await openCalDavSession({ kind: 'caldav', url: dav.url, username: USER, password: PASSWORD }, { hostZone: 'America/New_York' });
  });
  after(async () => {
    await dav?.stop();
  });

  it("reads the calendar's zone from CALDAV:calendar-timezone", async () => {
    const calendars = await session.listCalendars();
    expect(calendars.map((c) => [c.name, c.timezone])).to.deep.equal([
      ['Plain', null],
      ['Tokyo', 'Asia/Tokyo'],
    ]);
  });

  it("places all-day dates and floating times in the calendar's zone", async () => {
    const events = await eventsOf(tokyoUrl);
    expect(range(events.get('allday'))).to.deep.equal(['2026-11-30T15:00:00.000Z', '2026-12-01T15:00:00.000Z']);
    expect(range(events.get('floating'))).to.deep.equal(['2026-12-02T01:00:00.000Z', '2026-12-02T02:00:00.000Z']);
  });

  it("places them in the host's zone when the calendar names none", async () => {
    const events = await eventsOf(plainUrl);
    expect(range(events.get('allday'))).to.deep.equal(['2026-12-01T05:00:00.000Z', '2026-12-02T05:00:00.000Z']);
    expect(range(events.get('floating'))).to.deep.equal(['2026-12-02T15:00:00.000Z', '2026-12-02T16:00:00.000Z']);
    expect(events.get('floating')?.timezone).to.equal('America/New_York');
  });

  it('an invitation the account (its username is an e-mail address) declined does not block', async () => {
    const attendee = (partstat: string) => [`ATTENDEE;PARTSTAT=${partstat}:mailto:${USER}`, 'ORGANIZER:mailto:boss@example.com', 'DTSTART:20261203T100000Z', 'DTEND:20261203T110000Z'];
    await put(plainUrl, 'declined', ics('declined', attendee('DECLINED')));
    await put(plainUrl, 'accepted', ics('accepted', attendee('ACCEPTED')));
    const events = await eventsOf(plainUrl);
    expect(events.get('declined')?.transparency).to.equal('transparent');
    expect(events.get('accepted')?.transparency).to.equal('opaque');
  });

  it('one occurrence of a series the account declined does not block; the others still do', async () => {
    const series = [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
      'BEGIN:VEVENT', 'UID:weekly', 'DTSTAMP:20261130T000000Z', 'SUMMARY:Weekly', 'DTSTART:20261207T150000Z', 'DTEND:20261207T160000Z', 'RRULE:FREQ=WEEKLY;COUNT=3', 'ORGANIZER:mailto:boss@example.com', `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${USER}`, 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:weekly', 'DTSTAMP:20261130T000000Z', 'SUMMARY:Weekly', 'RECURRENCE-ID:20261214T150000Z', 'DTSTART:20261214T150000Z', 'DTEND:20261214T160000Z', 'ORGANIZER:mailto:boss@example.com', `ATTENDEE;PARTSTAT=DECLINED:mailto:${USER}`, 'END:VEVENT',
      'END:VCALENDAR', '',
    ].join('\r\n');
    await put(plainUrl, 'weekly', series);
    const event = (await eventsOf(plainUrl)).get('weekly')!;
    expect(event.transparency).to.equal('opaque');
    expect(event.overrides).to.deep.equal([{ originalStart: Date.parse('2026-12-14T15:00:00Z'), start: Date.parse('2026-12-14T15:00:00Z'), end: Date.parse('2026-12-14T16:00:00Z'), status: 'confirmed', transparency: 'transparent' }]);
  });

  it("takes the account's addresses from its principal's calendar-user-address-set (mailto: entries) too", async () => {
    // Radicale lists only the principal's path there; servers like iCloud list mailto: addresses, as this one now does.
    const withAddress: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const text = await res.text();
      const body = text.replace('<C:calendar-user-address-set>', '<C:calendar-user-address-set><href>mailto:B.Smith@Example.org</href>');
      return new Response(body, { status: res.status, headers: res.headers });
    };
    await put(plainUrl, 'declined-alias', ics('declined-alias', ['ATTENDEE;PARTSTAT=DECLINED:mailto:b.smith@example.org', 'DTSTART:20261204T100000Z', 'DTEND:20261204T110000Z']));
    expect((await eventsOf(plainUrl)).get('declined-alias')?.transparency).to.equal('opaque');
    session = await openCalDavSession({ kind: 'caldav', url: dav.url, username: USER, password: PASSWORD }, { hostZone: 'America/New_York', fetch: withAddress });
    expect((await eventsOf(plainUrl)).get('declined-alias')?.transparency).to.equal('transparent');
  });
});
