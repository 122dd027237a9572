import { expect } from 'chai';
import { parseCalendarObject } from '../../../../core/calendars/caldav/parseIcs.js';
import { expandEvent } from '../../../../core/calendars/recurrence.js';

const ics = (lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', 'UID:u1', 'DTSTAMP:20261130T000000Z', ...lines, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
const meeting = (partstat: string) =>
  ics([
    'DTSTART:20261201T100000Z',
    'DTEND:20261201T110000Z',
    'ORGANIZER:mailto:boss@example.com',
    `ATTENDEE;PARTSTAT=${partstat};CN=Ada:mailto:Ada@Example.com`,
    'ATTENDEE;PARTSTAT=DECLINED:mailto:someone@example.com',
  ]);

describe('core/calendars/caldav/parseIcs parseCalendarObject', () => {
  it("does not block when the account's own ATTENDEE declined", () => {
    const event = parseCalendarObject(meeting('DECLINED'), '/ada/work/u1.ics', null, { selfAddresses: ['ada@example.com'] });
    expect(event?.transparency).to.equal('transparent');
  });

  it('blocks when the account accepted, when only someone else declined, and when its address is unknown', () => {
    expect(parseCalendarObject(meeting('ACCEPTED'), '/u1.ics', null, { selfAddresses: ['ada@example.com'] })?.transparency).to.equal('opaque');
    expect(parseCalendarObject(meeting('DECLINED'), '/u1.ics', null, { selfAddresses: ['eve@example.com'] })?.transparency).to.equal('opaque');
    expect(parseCalendarObject(meeting('DECLINED'), '/u1.ics', null)?.transparency).to.equal('opaque');
  });

  describe('one occurrence of a series answered or marked on its own (an overriding VEVENT)', () => {
    const SELF = { selfAddresses: ['ada@example.com'] };
    const series = (masterParts: string[], override: string[]) =>
      [
        'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
        'BEGIN:VEVENT', 'UID:s1', 'DTSTAMP:20261130T000000Z', 'DTSTART:20261207T100000Z', 'DTEND:20261207T110000Z', 'RRULE:FREQ=WEEKLY;COUNT=3', ...masterParts, 'END:VEVENT',
        'BEGIN:VEVENT', 'UID:s1', 'DTSTAMP:20261130T000000Z', 'RECURRENCE-ID:20261214T100000Z', 'DTSTART:20261214T100000Z', 'DTEND:20261214T110000Z', ...override, 'END:VEVENT',
        'END:VCALENDAR', '',
      ].join('\r\n');
    const blocking = (text: string, options = SELF) => {
      const event = parseCalendarObject(text, '/s1.ics', null, options)!;
      return expandEvent(event, { from: Date.parse('2026-12-01T00:00:00Z'), to: Date.parse('2027-01-01T00:00:00Z') }).map((o) => (o.transparency ?? event.transparency) === 'opaque');
    };
    const attendee = (partstat: string) => `ATTENDEE;PARTSTAT=${partstat}:mailto:ada@example.com`;

    it('declined just once: that occurrence does not block, the others do', () => {
      expect(blocking(series([attendee('ACCEPTED')], [attendee('DECLINED')]))).to.deep.equal([true, false, true]);
    });
    it('marked free just once (TRANSP), or busy once in a free series', () => {
      expect(blocking(series([], ['TRANSP:TRANSPARENT']))).to.deep.equal([true, false, true]);
      expect(blocking(series(['TRANSP:TRANSPARENT'], ['TRANSP:OPAQUE']))).to.deep.equal([false, true, false]);
    });
    it('accepted once in a declined series: that occurrence blocks', () => {
      expect(blocking(series([attendee('DECLINED')], [attendee('ACCEPTED')]))).to.deep.equal([false, true, false]);
    });
    it('an occurrence not yet answered (NEEDS-ACTION) in a declined series stays free, and an all-day one without TRANSP too', () => {
      expect(blocking(series([attendee('DECLINED')], [attendee('NEEDS-ACTION')]))).to.deep.equal([false, false, false]);
      const allDay = (override: string[]) =>
        [
          'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
          'BEGIN:VEVENT', 'UID:s2', 'DTSTAMP:20261130T000000Z', 'DTSTART;VALUE=DATE:20261207', 'DTEND;VALUE=DATE:20261208', 'RRULE:FREQ=WEEKLY;COUNT=3', 'END:VEVENT',
          'BEGIN:VEVENT', 'UID:s2', 'DTSTAMP:20261130T000000Z', 'RECURRENCE-ID;VALUE=DATE:20261214', 'DTSTART;VALUE=DATE:20261215', 'DTEND;VALUE=DATE:20261216', ...override, 'END:VEVENT',
          'END:VCALENDAR', '',
        ].join('\r\n');
      expect(blocking(allDay([]))).to.deep.equal([false, false, false]);
      expect(blocking(allDay(['TRANSP:OPAQUE']))).to.deep.equal([false, true, false]);
    });
    it("a moved occurrence that says nothing of either keeps the series'; an unknown account's decline counts for nothing", () => {
      expect(blocking(series(['TRANSP:TRANSPARENT'], []))).to.deep.equal([false, false, false]);
      expect(blocking(series([], [attendee('DECLINED')]), { selfAddresses: [] })).to.deep.equal([true, true, true]);
    });
  });
});
