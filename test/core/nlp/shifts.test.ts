import { expect } from 'chai';
import { findShift, intentSchema, parseRequest, shiftedStart } from '../../../core/nlp/index.js';

describe('core/nlp/shifts (moving a meeting by an amount: "push my 3pm back an hour")', () => {
  // Tuesday 24 Nov 2026, 11:00 in Paris.
  const options = { now: '2026-11-24T10:00:00Z', timezone: 'Europe/Paris' };
  const shiftOf = (text: string) => parseRequest(text, options).shiftMinutes;
  const daysOf = (text: string) => parseRequest(text, options).shiftDays;

  it('reads later from back, out and later, before or after the amount', () => {
    expect(shiftOf('push my 3pm back an hour')).to.equal(60);
    expect(shiftOf('move my 2pm meeting 30 minutes later')).to.equal(30);
    expect(shiftOf('move my 3pm back an hour'), '"move it back" is later, as "push back" is').to.equal(60);
    expect(shiftOf('push the review out by 2 hours')).to.equal(120);
    expect(shiftOf('can you push the standup an hour and a half later')).to.equal(90);
    expect(shiftOf('move my 3pm to an hour later'), '"to … later" is a shift, not a time').to.equal(60);
    expect(shiftOf('bump my 4pm an hour back')).to.equal(60);
  });

  it('reads earlier from forward, up, earlier and sooner', () => {
    expect(shiftOf("bring tomorrow's 10am forward by 15 minutes")).to.equal(-15);
    expect(shiftOf('pull my 10am with alice forward half an hour')).to.equal(-30);
    expect(shiftOf('move my meeting with bob up 45 minutes')).to.equal(-45);
    expect(shiftOf('shift my 3pm 2 hours earlier')).to.equal(-120);
    expect(shiftOf('move the standup 10 min sooner')).to.equal(-10);
    expect(shiftOf('bring my 3pm an hour earlier')).to.equal(-60);
  });

  it('reads the way from the verb when the amount follows "by" or ends the request', () => {
    expect(shiftOf('delay my meeting with alice by half an hour')).to.equal(30);
    expect(shiftOf('postpone the standup 15 minutes please')).to.equal(15);
    expect(shiftOf('push my 3pm by an hour')).to.equal(60);
    expect(shiftOf('push back my 3pm by 20 minutes')).to.equal(20);
    expect(shiftOf('bring forward my 10am by 15 minutes')).to.equal(-15);
    expect(shiftOf('move up my 10am by 2 hours')).to.equal(-120);
  });

  it('reads amounts in digits and in words, written or spoken', () => {
    expect(shiftOf('push my 3pm back 90 minutes')).to.equal(90);
    expect(shiftOf('push my 3pm back fifteen minutes')).to.equal(15);
    expect(shiftOf('push my three pm back forty five minutes')).to.equal(45);
    expect(shiftOf('push my 3pm back 2 hours')).to.equal(120);
    expect(shiftOf('move my 3pm 1h30 later')).to.equal(90);
    expect(shiftOf('move my 3pm 1.5 hours later')).to.equal(90);
    expect(shiftOf('push my 3pm back a quarter of an hour')).to.equal(15);
    expect(shiftOf('move my 3pm an hour and 15 minutes later')).to.equal(75);
  });

  it('keeps the meeting described, and does not read the amount as its length', () => {
    const intent = parseRequest('push my 3pm with alice back an hour', options);
    expect(intentSchema.parse(intent)).to.deep.equal(intent);
    expect(intent).to.deep.include({ action: 'reschedule', start: '2026-11-24T15:00:00.000+01:00', durationMinutes: null, attendees: [{ name: 'alice' }], shiftMinutes: 60, missing: [], confidence: 1 });
    expect(intent.spans).to.deep.include({ field: 'shift', text: 'back an hour', index: 23 });
    const described = parseRequest("bring tomorrow's 10am forward by 15 minutes", options);
    expect(described).to.deep.include({ action: 'reschedule', start: '2026-11-25T10:00:00.000+01:00', durationMinutes: null, shiftMinutes: -15 });
    expect(parseRequest('delay my meeting with alice by half an hour', options).missing, 'the shift is the new time').to.deep.equal([]);
  });

  it('reads no shift without a way, in a length or a moment, or outside a move', () => {
    expect(shiftOf('move my 3pm by an hour'), 'no way said').to.equal(undefined);
    expect(shiftOf('move my 3pm back by an hour'), 'the same with one').to.equal(60);
    expect(shiftOf('push my 3pm to friday')).to.equal(undefined);
    expect(shiftOf('push my 30 minute call with alice to friday'), 'a length of the meeting').to.equal(undefined);
    expect(shiftOf('push my 3pm for an hour')).to.equal(undefined);
    expect(shiftOf('move my 3pm to 30 minutes from now')).to.equal(undefined);
    expect(shiftOf('book 30 min with alice an hour later than usual'), 'not a move').to.equal(undefined);
    expect(parseRequest('book 30 min with alice tomorrow', options).durationMinutes).to.equal(30);
    expect(findShift('move it in 30 minutes')).to.equal(null);
    expect(parseRequest('pull up my schedule for earlier today', options).action, 'a look at the calendar').to.equal('list');
  });

  it('reads days and weeks as calendar days, later or earlier, in digits or words', () => {
    expect(daysOf('push it back a day')).to.equal(1);
    expect(daysOf('move the standup a week later')).to.equal(7);
    expect(daysOf("bring friday's review forward two days")).to.equal(-2);
    expect(daysOf('postpone my 3pm by a week')).to.equal(7);
    expect(daysOf('push my 3pm back 2 days')).to.equal(2);
    expect(daysOf('delay my meeting with alice by three days')).to.equal(3);
    expect(daysOf('push the review out 2 weeks')).to.equal(14);
    expect(daysOf('move my meeting with bob up a day')).to.equal(-1);
    expect(daysOf('shift my 3pm one week earlier')).to.equal(-7);
    expect(daysOf('move my 3pm to a day sooner')).to.equal(-1);
    expect(daysOf('push back my 10am by 1 day')).to.equal(1);
    expect(daysOf('push my 3pm back 8 weeks'), 'eight weeks at most').to.equal(56);
    expect(daysOf('push my 3pm back 9 weeks'), 'further is a new date, asked for').to.equal(undefined);
    expect(shiftOf('push it back a day'), 'not in minutes').to.equal(undefined);
    expect(shiftOf('push my 3pm back an hour'), 'and hours not in days').to.equal(60);
    expect(daysOf('push my 3pm back an hour')).to.equal(undefined);
  });

  it('describes the meeting with the rest of the words, and needs no new time, for a move by days', () => {
    const intent = parseRequest('push my 3pm with alice back 2 days', options);
    expect(intentSchema.parse(intent)).to.deep.equal(intent);
    expect(intent).to.deep.include({ action: 'reschedule', start: '2026-11-24T15:00:00.000+01:00', durationMinutes: null, window: null, attendees: [{ name: 'alice' }], shiftDays: 2, missing: [], confidence: 1 });
    expect(intent.spans).to.deep.include({ field: 'shift', text: 'back 2 days', index: 23 });
    expect(findShift('postpone my 3pm by a week')).to.deep.equal({ days: 7, text: 'by a week', index: 16 });
    expect(intentSchema.safeParse({ ...intent, shiftDays: 0 }).success, 'no move').to.equal(false);
    expect(intentSchema.safeParse({ ...intent, shiftDays: 57 }).success, 'over eight weeks').to.equal(false);
  });

  it('reads no move by days without a way, in a length, a moment or a repetition, or outside a move', () => {
    expect(daysOf('move my 3pm by a day'), 'no way said').to.equal(undefined);
    expect(daysOf('postpone the offsite for 2 days'), 'a length').to.equal(undefined);
    expect(daysOf('move my 3pm to the day after tomorrow')).to.equal(undefined);
    expect(parseRequest('move my 3pm to the day after tomorrow', options).start).to.equal('2026-11-26T15:00:00.000+01:00');
    expect(daysOf('move my 3pm to 2 days from now')).to.equal(undefined);
    expect(daysOf('move my 3pm to in two days')).to.equal(undefined);
    expect(findShift('push my meeting every 2 weeks back')).to.equal(null);
    expect(findShift('push it in 2 days later')).to.equal(null);
    const moment = parseRequest('push my meeting in two days back an hour', options);
    expect(moment, '"back" is the hour\'s, and two days from now the meeting\'s').to.deep.include({ shiftMinutes: 60, window: { start: '2026-11-26T00:00:00.000+01:00', end: '2026-11-27T00:00:00.000+01:00' } });
    expect(moment.shiftDays).to.equal(undefined);
    expect(findShift('push my meeting in 30 minutes back an hour'), 'the same with minutes').to.deep.include({ minutes: 60, text: 'back an hour' });
    expect(parseRequest('book 30 min in two days', options)).to.deep.include({ action: 'book', durationMinutes: 30, window: { start: '2026-11-26T00:00:00.000+01:00', end: '2026-11-27T00:00:00.000+01:00' } });
    expect(daysOf('book 30 min with alice a day later than usual'), 'not a move').to.equal(undefined);
    expect(daysOf('move my standup to every day at 9'), 'a repetition').to.equal(undefined);
  });

  it('moves a start by days at its time of day in the zone given, and by minutes in real time', () => {
    // Saturday 24 Oct 2026 15:00 in Paris (UTC+2); the clocks go back on the 25th (UTC+1).
    const start = '2026-10-24T13:00:00.000Z';
    expect(shiftedStart(start, { shiftDays: 1 }, 'Europe/Paris'), '15:00 the next day, 25 hours later').to.equal('2026-10-25T14:00:00.000Z');
    expect(shiftedStart(start, { shiftDays: 7 }, 'Europe/Paris')).to.equal('2026-10-31T14:00:00.000Z');
    expect(shiftedStart('2026-10-26T14:00:00.000Z', { shiftDays: -2 }, 'Europe/Paris'), 'earlier, across it too').to.equal('2026-10-24T13:00:00.000Z');
    expect(shiftedStart(start, { shiftDays: 1 }, 'America/New_York'), 'New York changes later: 24 hours').to.equal('2026-10-25T13:00:00.000Z');
    expect(shiftedStart(start, { shiftMinutes: 24 * 60 }, 'Europe/Paris'), '24 hours are real time').to.equal('2026-10-25T13:00:00.000Z');
    // Lord Howe's clocks go forward 30 minutes at 02:00 on Sunday 4 Oct 2026: 02:15 that day is skipped.
    expect(shiftedStart('2026-10-02T15:45:00.000Z', { shiftDays: 1 }, 'Australia/Lord_Howe'), '02:15 a day later is past the gap: 02:45').to.equal('2026-10-03T15:45:00.000Z');
    expect(shiftedStart(start, {}, 'Europe/Paris'), 'no shift').to.equal(null);
  });

  it('points at the words it read, way and "by" included', () => {
    expect(findShift('push my 3pm back an hour')).to.deep.equal({ minutes: 60, text: 'back an hour', index: 12 });
    expect(findShift('delay my meeting by half an hour')).to.deep.equal({ minutes: 30, text: 'by half an hour', index: 17 });
    expect(findShift('move my 2pm 30 minutes later')).to.deep.equal({ minutes: 30, text: '30 minutes later', index: 12 });
  });
});
