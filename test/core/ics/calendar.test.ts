import { expect } from 'chai';
import ICAL from 'ical.js';
import { buildCalendar, type IcsMeeting } from '../../../core/ics/calendar.js';
import { HOSTILE, asLine, asText, expectOneIntactEvent, importWithCalcurse, importWithKhal, installed } from '../../helpers/ics.js';

const meeting: IcsMeeting = {
  uid: `uid-${HOSTILE}`,
  sequence: 1,
  status: 'scheduled',
  title: `Title ${HOSTILE}`,
  description: `Description ${HOSTILE}`,
  location: `Location ${HOSTILE}`,
  start: new Date('2026-11-25T09:00:00Z'),
  end: new Date('2026-11-25T09:30:00Z'),
  organizer: { name: `Organizer ${HOSTILE}`, email: 'host@example.com\r\nATTENDEE:mailto:evil@example.com' },
  attendees: [{ name: `Attendee ${HOSTILE}`, email: 'ivy@example.com' }],
  url: `https://yava.test/meetings/1?x=\r\nBEGIN:VEVENT`,
  createdAt: new Date('2026-11-24T08:00:00Z'),
  updatedAt: new Date('2026-11-24T08:00:00Z'),
};

describe('core/ics/calendar buildCalendar', () => {
  const expected = { calendarName: `Calendar ${HOSTILE}`, title: meeting.title, description: meeting.description!, location: meeting.location!, names: [meeting.organizer.name, meeting.attendees[0]!.name] };

  for (const method of [undefined, 'REQUEST', 'CANCEL', 'PUBLISH'] as const) {
    it(`escapes and folds every value (${method ?? 'feed'}): CR, LF, ; , \\ and non-ASCII read back intact, one VEVENT`, () => {
      const text = buildCalendar([meeting], { name: expected.calendarName, method, now: new Date('2026-11-24T08:00:00Z'), refreshSeconds: 900, url: `https://yava.test/\r\nBEGIN:VEVENT` });
      expectOneIntactEvent(text, expected);
      const event = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!;
      expect(event.getFirstPropertyValue('uid')).to.equal(asText(meeting.uid));
      expect(String(event.getFirstPropertyValue('organizer'))).to.equal('mailto:host@example.com%0D%0AATTENDEE:mailto:evil@example.com');
      expect(event.getAllProperties('attendee')).to.have.length(1);
    });
  }

  it('is imported by calcurse as exactly one appointment with the title on one line', async function () {
    if (!(await installed('calcurse'))) this.skip();
    const { report, apts } = await importWithCalcurse(buildCalendar([meeting], { name: `Calendar ${HOSTILE}` }));
    expect(report).to.match(/1 app \/ 0 events \/ 0 todos \/ 0 skipped/);
    const lines = apts.trim().split('\n');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include(`|${asLine(meeting.title)}`);
  });

  it('is imported by khal as exactly one event, with the hostile title intact', async function () {
    this.timeout(60_000);
    if (!(await installed('khal'))) this.skip();
    const stored = await importWithKhal(buildCalendar([meeting], { name: `Calendar ${HOSTILE}` }));
    expect(stored).to.have.length(1);
    const event = new ICAL.Component(ICAL.parse(stored[0]!)).getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('summary')).to.equal(asLine(meeting.title));
    expect(event.getFirstPropertyValue('description')).to.equal(asText(meeting.description!));
  });
});
