import { expect } from 'chai';
import { findShift, intentSchema, parseRequest } from '../../../core/nlp/index.js';

describe('core/nlp/shifts (moving a meeting by an amount: "push my 3pm back an hour")', () => {
  // Tuesday 24 Nov 2026, 11:00 in Paris.
  const options = { now: '2026-11-24T10:00:00Z', timezone: 'Europe/Paris' };
  const shiftOf = (text: string) => parseRequest(text, options).shiftMinutes;

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

  it('points at the words it read, way and "by" included', () => {
    expect(findShift('push my 3pm back an hour')).to.deep.equal({ minutes: 60, text: 'back an hour', index: 12 });
    expect(findShift('delay my meeting by half an hour')).to.deep.equal({ minutes: 30, text: 'by half an hour', index: 17 });
    expect(findShift('move my 2pm 30 minutes later')).to.deep.equal({ minutes: 30, text: '30 minutes later', index: 12 });
  });
});
