import { expect } from 'chai';
import { readNewStart, splitMove } from '../../../core/nlp/index.js';

describe('core/nlp/moves (a request to move a meeting: which one, and to when)', () => {
  // Tuesday 24 Nov 2026, 11:00 in Paris; the meeting being moved is Thursday at 15:00 Paris.
  const options = { now: '2026-11-24T10:00:00Z', timezone: 'Europe/Paris' };
  const from = '2026-11-26T14:00:00Z';

  it('splits the meeting from the new time at the last "to" (else "for") that a time follows', () => {
    expect(splitMove('move my 3pm to thursday at 10', options)).to.deep.equal({ meeting: 'move my 3pm', to: 'thursday at 10' });
    expect(splitMove('move my call to discuss the budget to friday at 9', options)).to.deep.equal({ meeting: 'move my call to discuss the budget', to: 'friday at 9' });
    expect(splitMove('reschedule my 3pm for tomorrow at ten', options)).to.deep.equal({ meeting: 'reschedule my 3pm', to: 'tomorrow at ten' });
    expect(splitMove('move my talk to the team', options), 'no time after "to"').to.deep.equal({ meeting: 'move my talk to the team', to: null });
    expect(splitMove('move my meeting with alice', options)).to.deep.equal({ meeting: 'move my meeting with alice', to: null });
  });

  it('takes a shift said out of the words of the meeting ("push my 3pm back an hour")', () => {
    expect(splitMove('push my 3pm back an hour', options)).to.deep.equal({ meeting: 'push my 3pm', to: null, shiftMinutes: 60 });
    expect(splitMove("bring tomorrow's 10am forward by fifteen minutes", options)).to.deep.equal({ meeting: "bring tomorrow's 10am", to: null, shiftMinutes: -15 });
    expect(splitMove('delay my meeting with alice by half an hour', options)).to.deep.equal({ meeting: 'delay my meeting with alice', to: null, shiftMinutes: 30 });
    expect(splitMove('move my 3pm with alice to an hour and a half later', options), 'not a new time "to" …').to.deep.equal({ meeting: 'move my 3pm with alice', to: null, shiftMinutes: 90 });
  });

  it('takes a move by days or weeks out of the words of the meeting ("push my 3pm back a day")', () => {
    expect(splitMove('push my 3pm back a day', options)).to.deep.equal({ meeting: 'push my 3pm', to: null, shiftDays: 1 });
    expect(splitMove("bring friday's review forward two days", options)).to.deep.equal({ meeting: "bring friday's review", to: null, shiftDays: -2 });
    expect(splitMove('move the standup to a week later', options)).to.deep.equal({ meeting: 'move the standup', to: null, shiftDays: 7 });
    expect(splitMove('move my 3pm by a day', options), 'no way said').to.deep.equal({ meeting: 'move my 3pm by a day', to: null });
    expect(splitMove('move my 3pm to the day after tomorrow', options)).to.deep.equal({ meeting: 'move my 3pm', to: 'the day after tomorrow' });
  });

  it('reads the new start against the meeting: a time alone on its day, a day alone at its time of day', () => {
    expect(readNewStart('thursday at 10', { ...options, from })).to.equal('2026-11-26T10:00:00.000+01:00');
    expect(readNewStart('4pm', { ...options, from }), 'that Thursday, not today').to.equal('2026-11-26T16:00:00.000+01:00');
    expect(readNewStart('friday', { ...options, from }), 'at 15:00, the meeting’s time').to.equal('2026-11-27T15:00:00.000+01:00');
    expect(readNewStart('10', { ...options, from }), 'a bare hour').to.equal('2026-11-26T10:00:00.000+01:00');
    expect(readNewStart('tomorrow at ten thirty', { ...options, from })).to.equal('2026-11-25T10:30:00.000+01:00');
    expect(readNewStart('3pm PT', { ...options, from }), 'in the zone named').to.equal('2026-11-26T15:00:00.000-08:00');
  });

  it('reads no start from words that name no one instant: a part of a day, a week, a day said two ways', () => {
    for (const words of ['friday afternoon', 'next week', 'next friday', 'whenever']) expect(readNewStart(words, { ...options, from }), words).to.equal(null);
  });

  it('keeps the time of day across a DST change (a day alone after the clocks go back)', () => {
    // Friday 23 Oct 2026 at 09:00 Paris (UTC+2) moved to Monday 26 Oct (UTC+1): still 09:00.
    expect(readNewStart('monday', { now: '2026-10-22T08:00:00Z', timezone: 'Europe/Paris', from: '2026-10-23T07:00:00Z' })).to.equal('2026-10-26T09:00:00.000+01:00');
  });
});
