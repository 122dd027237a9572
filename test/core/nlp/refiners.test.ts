import { expect } from 'chai';
import { DateTime } from 'luxon';
import { findAction } from '../../../core/nlp/actions.js';
import { findAttendees } from '../../../core/nlp/attendees.js';
import { findDuration } from '../../../core/nlp/durations.js';
import { PARTS_OF_DAY, applyPartOfDay, findPartOfDay } from '../../../core/nlp/partsOfDay.js';
import { findRecurrence } from '../../../core/nlp/recurrence.js';
import { findTime } from '../../../core/nlp/times.js';
import { findTitle } from '../../../core/nlp/titles.js';
import { findZone } from '../../../core/nlp/zones.js';
import { parseRequest } from '../../../core/nlp/index.js';

describe('findDuration', () => {
  const cases: Array<[string, number]> = [
    ['30 min', 30],
    ['a 45-minute sync', 45],
    ['half an hour', 30],
    ['1h15', 75],
    ['1h 15m', 75],
    ['1.5 hours', 90],
    ['for 90 minutes', 90],
    ['an hour', 60],
    ['an hour and a half', 90],
    ['two hours', 120],
    ['a quarter of an hour', 15],
  ];
  for (const [text, minutes] of cases) {
    it(`reads "${text}" as ${minutes} minutes`, () => {
      expect(findDuration(text)?.minutes).to.equal(minutes);
    });
  }

  it('does not read relative moments or clock times as durations', () => {
    expect(findDuration('in 30 minutes')).to.equal(null);
    expect(findDuration('2 hours ago')).to.equal(null);
    expect(findDuration('at 3pm')).to.equal(null);
    expect(findDuration('for 4 weeks')).to.equal(null);
  });

  it('includes the "for" in the span', () => {
    expect(findDuration('sync for 1h15 tomorrow')).to.deep.equal({ minutes: 75, text: 'for 1h15', index: 5 });
  });
});

describe('parts of day and findTime', () => {
  const cases: Array<[string, number, number]> = [
    ['4:30 in the evening', 16, 30],
    ['half past 3', 15, 30],
    ['quarter to 5', 16, 45],
    ['quarter past 8 in the morning', 8, 15],
    ['noon', 12, 0],
    ['midnight', 24, 0],
    ['EOD', 17, 0],
    ['at 4', 16, 0],
    ['at 9', 9, 0],
    ['11 am', 11, 0],
    ["11 o'clock", 11, 0],
    ['5 o"clock in the evening', 17, 0],
    ['15:30', 15, 30],
    ['09:00', 9, 0],
    ['afternoon 3:30', 15, 30],
    ['night 10', 22, 0],
    ['twelve in the afternoon', 12, 0],
    ['five pm', 17, 0],
    ['9:30 in the night', 21, 30],
  ];
  for (const [text, hour, minute] of cases) {
    it(`reads "${text}" as ${hour}:${String(minute).padStart(2, '0')}`, () => {
      expect(findTime(text)?.start).to.deep.equal({ hour, minute });
    });
  }

  it('reads "3-4pm" as a range and "between 2 and 4" as a window', () => {
    expect(findTime('3-4pm')).to.include({ kind: 'range' });
    expect(findTime('3-4pm')?.end).to.deep.equal({ hour: 16, minute: 0 });
    expect(findTime('between 2 and 4 on Friday')).to.deep.include({ kind: 'window', start: { hour: 14, minute: 0 }, end: { hour: 16, minute: 0 } });
  });

  it('reads a time said as a bound ("before noon", "by 3pm", "after 4:30pm") as the window up to it or after it', () => {
    expect(findTime('tomorrow before noon')).to.deep.include({ kind: 'window', start: { hour: 0, minute: 0 }, end: { hour: 12, minute: 0 }, text: 'before noon' });
    expect(findTime('friday by 3pm')).to.deep.include({ kind: 'window', start: { hour: 0, minute: 0 }, end: { hour: 15, minute: 0 } });
    expect(findTime('until 11:30 tomorrow')).to.deep.include({ kind: 'window', end: { hour: 11, minute: 30 } });
    expect(findTime('tomorrow after 4:30pm')).to.deep.include({ kind: 'window', start: { hour: 16, minute: 30 }, end: { hour: 24, minute: 0 }, text: 'after 4:30pm' });
    expect(findTime('no earlier than 2pm')).to.deep.include({ kind: 'window', start: { hour: 14, minute: 0 } });
    // Said inside a clock time, "after" and "to" are its minutes: still one moment.
    expect(findTime('at ten after 3pm')).to.deep.include({ kind: 'moment', start: { hour: 15, minute: 10 } });
    expect(parseRequest('30 min with @alice tomorrow before noon', { now: '2026-11-24T10:00:00+01:00', timezone: 'Europe/Berlin' })).to.deep.include({
      start: null,
      window: { start: '2026-11-25T00:00:00.000+01:00', end: '2026-11-25T12:00:00.000+01:00' },
    });
  });

  it('reads a year after a date as the year, never as a clock time ("25 November 2026 in the afternoon")', () => {
    const opts = { now: '2026-11-24T10:00:00+01:00', timezone: 'Europe/Berlin' };
    for (const text of ['on 25 November 2026 in the afternoon', 'on November 25 2026 in the afternoon', 'on November 25, 2026 in the afternoon', 'nov 25th 2026 in the afternoon']) {
      expect(parseRequest(text, opts), text).to.deep.include({ start: null, window: { start: '2026-11-25T12:00:00.000+01:00', end: '2026-11-25T17:00:00.000+01:00' } });
    }
    // A compact time still reads where no month comes before it.
    expect(findTime('tonight 1030')?.start).to.deep.equal({ hour: 22, minute: 30 });
  });

  it('reads a day written before its month with a time after it ("on 25 December at 15:00")', () => {
    const opts = { now: '2026-11-24T10:00:00+01:00', timezone: 'Europe/Berlin' };
    expect(parseRequest('on 25 December at 15:00', opts).start).to.equal('2026-12-25T15:00:00.000+01:00');
    expect(parseRequest('book 30 min on 3 December at 10am with @alice', opts).start).to.equal('2026-12-03T10:00:00.000+01:00');
    const i = parseRequest('on 3 December at 10am', opts);
    expect(i.spans.find((s) => s.index === 0)).to.deep.include({ text: 'on 3 December' });
    // Said with another week around the blanked time, as before.
    expect(parseRequest('friday at 3pm next week', opts).start).to.equal('2026-12-04T15:00:00.000+01:00');
  });

  it('reads a weekday said after its week ("next week on tuesday", "next week thursday at 3pm") as that week\'s day', () => {
    // Tuesday 24 November 2026: next week's Tuesday is 1 December.
    const opts = { now: '2026-11-24T10:00:00+01:00', timezone: 'Europe/Berlin' };
    expect(parseRequest('next week on tuesday', opts).window?.start).to.equal('2026-12-01T00:00:00.000+01:00');
    expect(parseRequest('30 min with @bob next week thursday at 3pm', opts).start).to.equal('2026-12-03T15:00:00.000+01:00');
    expect(parseRequest('this week, friday', opts).window?.start).to.equal('2026-11-27T00:00:00.000+01:00');
    expect(parseRequest('next week', opts).window).to.deep.equal({ start: '2026-11-30T00:00:00.000+01:00', end: '2026-12-07T00:00:00.000+01:00' });
  });

  it('reads "the week after next" and "the week of 7 December" as those weeks, Monday to Sunday', () => {
    const opts = { now: '2026-11-24T10:00:00+01:00', timezone: 'Europe/Berlin' };
    const week = (text: string) => parseRequest(`30 min with @bob ${text}`, opts).window;
    const monday7 = { start: '2026-12-07T00:00:00.000+01:00', end: '2026-12-14T00:00:00.000+01:00' };
    expect(week('the week after next')).to.deep.equal(monday7);
    expect(week('week after next')).to.deep.equal(monday7);
    expect(week('the week of 7 December')).to.deep.equal(monday7);
    expect(week('in the week of December 9th')).to.deep.equal(monday7);
    expect(week('the week of the 10th')).to.deep.equal(monday7);
  });

  it('ignores bare numbers without "at" and dates', () => {
    expect(findTime('book 1 ticket')).to.equal(null);
    expect(findTime('March 5')).to.equal(null);
    expect(findTime('2026-11-25')).to.equal(null);
  });

  it('prefers an unmistakable time over a bare "at N" (house numbers)', () => {
    expect(findTime("It's at 1, 4050 Dublin Boulevard tomorrow morning 11:30")?.start).to.deep.equal({ hour: 11, minute: 30 });
  });

  it('maps standalone parts of day to windows', () => {
    expect(findPartOfDay('next Tue afternoon')?.part).to.deep.equal(PARTS_OF_DAY.afternoon);
    expect(findPartOfDay('tonight')?.part).to.deep.equal(PARTS_OF_DAY.evening);
    expect(PARTS_OF_DAY.morning).to.include({ startHour: 9, endHour: 12 });
    expect(PARTS_OF_DAY.evening).to.include({ startHour: 17, endHour: 21 });
    expect(applyPartOfDay(2, PARTS_OF_DAY.night)).to.equal(2);
  });
});

describe('findZone', () => {
  const cases: Array<[string, string]> = [
    ['3pm PT', 'America/Los_Angeles'],
    ['15:00 CET', 'Europe/Berlin'],
    ['at 9 London time', 'Europe/London'],
    ['10am Europe/Paris', 'Europe/Paris'],
    ['in New York time', 'America/New_York'],
    ['9am EST', 'America/New_York'],
    ['6pm IST', 'Asia/Kolkata'],
    ['10am JST', 'Asia/Tokyo'],
    ['8am AEDT', 'Australia/Sydney'],
    ['noon UTC', 'UTC'],
    ['11am BST', 'Europe/London'],
    ['2pm Pacific time', 'America/Los_Angeles'],
    ['3pm UTC+2', 'Etc/GMT-2'],
  ];
  for (const [text, zone] of cases) {
    it(`finds ${zone} in "${text}"`, () => {
      expect(findZone(text)?.zone).to.equal(zone);
    });
  }
  it('ignores lower-case words and cities without "time"', () => {
    expect(findZone('meet at the pt clinic')).to.equal(null);
    expect(findZone('dinner in London tomorrow')).to.equal(null);
  });
});

describe('findAttendees', () => {
  it('reads handles, emails and names after "with"', () => {
    expect(findAttendees('sync with @alice and bob@example.com').map((a) => a.attendee)).to.deep.equal([
      { handle: 'alice' },
      { email: 'bob@example.com' },
    ]);
    expect(findAttendees('lunch with Alice and Bob').map((a) => a.attendee)).to.deep.equal([{ name: 'Alice' }, { name: 'Bob' }]);
    expect(findAttendees('call with alice, bob and carol tomorrow').map((a) => a.attendee)).to.deep.equal([
      { name: 'alice' },
      { name: 'bob' },
      { name: 'carol' },
    ]);
    expect(findAttendees('meet with John Smith at 3').map((a) => a.attendee)).to.deep.equal([{ name: 'John Smith' }]);
  });
  it('reads names in any script, with accents composed or combining (dictation says "José", not "Jose")', () => {
    expect(findAttendees('meeting with josé tomorrow at 4 pm').map((a) => a.attendee)).to.deep.equal([{ name: 'josé' }]);
    expect(findAttendees('meeting with José García tomorrow').map((a) => a.attendee)).to.deep.equal([{ name: 'José García' }]);
    expect(findAttendees('lunch with Zoë, Łukasz Nowak and Ångström').map((a) => a.attendee)).to.deep.equal([{ name: 'Zoë' }, { name: 'Łukasz Nowak' }, { name: 'Ångström' }]);
    expect(findAttendees('sync with Jose\u0301 on friday').map((a) => a.attendee)).to.deep.equal([{ name: 'Jose\u0301' }]);
    expect(findAttendees('call with 山田 tomorrow').map((a) => a.attendee)).to.deep.equal([{ name: '山田' }]);
  });
  it('does not take time words for names', () => {
    expect(findAttendees('anything with tomorrow free?')).to.deep.equal([]);
    expect(findAttendees('a call with the team next week')).to.deep.equal([]);
  });
  it('takes a word after an @handle or email as a name only after "and" or a comma ("with @alice day after tomorrow")', () => {
    const said = (text: string) => findAttendees(text).map((a) => a.attendee);
    expect(said('30 min with @alice day after tomorrow at 3pm')).to.deep.equal([{ handle: 'alice' }]);
    expect(said('30 min with @alice asap')).to.deep.equal([{ handle: 'alice' }]);
    expect(said('30 min with bob@example.com sometime next week')).to.deep.equal([{ email: 'bob@example.com' }]);
    expect(said('30 min with @alice, Bob and carol end of day')).to.deep.equal([{ handle: 'alice' }, { name: 'Bob' }, { name: 'carol' }]);
    expect(parseRequest('30 min with @alice day after tomorrow at 3pm', { now: '2026-11-24T10:00:00+01:00', timezone: 'Europe/Berlin' }).start).to.equal('2026-11-26T15:00:00.000+01:00');
  });
});

describe('findTitle', () => {
  it('reads quoted text, "about", "re:"', () => {
    expect(findTitle('book "Design review" at 3')?.title).to.equal('Design review');
    expect(findTitle('30 min about the Q3 budget tomorrow')?.title).to.equal('Q3 budget');
    expect(findTitle('call re: launch')?.title).to.equal('launch');
  });
  it('does not take o"clock quotes or "how about" for titles', () => {
    expect(findTitle('at 5 o"clock in the evening or 6 o"clock')).to.equal(null);
    expect(findTitle('how about Monday?')).to.equal(null);
  });
});

describe('findRecurrence', () => {
  const now = DateTime.fromISO('2026-11-25T10:00:00', { zone: 'Europe/Berlin' });
  const cases: Array<[string, string]> = [
    ['every Tuesday', 'FREQ=WEEKLY;BYDAY=TU'],
    ['weekly', 'FREQ=WEEKLY'],
    ['daily standup', 'FREQ=DAILY'],
    ['every weekday', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'],
    ['every other Friday', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR'],
    ['monthly on the 1st', 'FREQ=MONTHLY;BYMONTHDAY=1'],
    ['every Monday and Thursday', 'FREQ=WEEKLY;BYDAY=MO,TH'],
    ['every Tuesday until March', 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20270331T215959Z'],
    ['weekly for 4 weeks', 'FREQ=WEEKLY;COUNT=4'],
    ['every 2 weeks', 'FREQ=WEEKLY;INTERVAL=2'],
  ];
  for (const [text, rrule] of cases) {
    it(`reads "${text}" as ${rrule}`, () => {
      expect(findRecurrence(text, { now })?.rrule).to.equal(rrule);
    });
  }
  it('finds nothing in a one-off request', () => {
    expect(findRecurrence('tomorrow at 3', { now })).to.equal(null);
  });
});

describe('findAction', () => {
  const cases: Array<[string, string]> = [
    ['book a call', 'book'],
    ['schedule 30 min with Bob', 'book'],
    ['set up a sync', 'book'],
    ['arrange a meeting', 'book'],
    ['meet Alice tomorrow', 'book'],
    ['move my 3pm to Friday', 'reschedule'],
    ['push the standup by an hour', 'reschedule'],
    ['reschedule with Bob', 'reschedule'],
    ['shift it to 4', 'reschedule'],
    ['cancel tomorrow', 'cancel'],
    ['drop the 1:1', 'cancel'],
    ['call off the review', 'cancel'],
    ["what's on tomorrow", 'list'],
    ['show my meetings', 'list'],
    ['list next week', 'list'],
    ['do I have anything Friday', 'list'],
    ['when is Bob free', 'availability'],
    ['free slots on Monday', 'availability'],
    ['my availability next week', 'availability'],
    ['am I free at 3', 'availability'],
  ];
  for (const [text, action] of cases) {
    it(`reads "${text}" as ${action}`, () => {
      expect(findAction(text)?.action).to.equal(action);
    });
  }
  it('does not take "my schedule" for a booking', () => {
    expect(findAction('is my schedule open')?.action).to.equal('availability');
  });
});
