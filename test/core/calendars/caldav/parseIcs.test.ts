import { expect } from 'chai';
import { parseCalendarObject } from '../../../../core/calendars/caldav/parseIcs.js';

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
});
