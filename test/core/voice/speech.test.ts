import { expect } from 'chai';
import { spokenChoices, spokenClock, spokenList, spokenWhen } from '../../../core/voice/speech.js';
import { DateTime } from 'luxon';

describe('core/voice/speech (times and names as they read aloud)', () => {
  // Tuesday 24 Nov 2026, 08:00 UTC.
  const now = new Date('2026-11-24T08:00:00Z');

  it('says clock times the way people do', () => {
    const at = (iso: string) => spokenClock(DateTime.fromISO(iso, { zone: 'UTC' }));
    expect([at('2026-11-24T15:00:00Z'), at('2026-11-24T10:30:00Z'), at('2026-11-24T12:00:00Z'), at('2026-11-24T00:00:00Z'), at('2026-11-24T00:05:00Z')]).to.deep.equal(['3 PM', '10:30 AM', 'noon', 'midnight', '12:05 AM']);
  });

  it('says the day relative to now in the listener\'s zone', () => {
    expect(spokenWhen('2026-11-24T14:00:00Z', 'Europe/Paris', now)).to.equal('today at 3 PM');
    expect(spokenWhen('2026-11-25T09:00:00Z', 'Europe/Paris', now)).to.equal('tomorrow at 10 AM');
    expect(spokenWhen('2026-11-27T13:30:00Z', 'Europe/Paris', now)).to.equal('on Friday at 2:30 PM');
    expect(spokenWhen('2026-12-08T08:00:00Z', 'Europe/Paris', now)).to.equal('on Tuesday, December 8 at 9 AM');
    // 04:00 UTC on the 25th is still the 24th in New York: "today".
    expect(spokenWhen('2026-11-25T04:00:00Z', 'America/New_York', now)).to.equal('today at 11 PM');
  });

  it('lists names and choices', () => {
    expect([spokenList(['Alice']), spokenList(['Alice', 'Bob']), spokenList(['Alice', 'Bob', 'Carol'])]).to.deep.equal(['Alice', 'Alice and Bob', 'Alice, Bob and Carol']);
    expect(spokenChoices(['2026-11-25T13:00:00Z', '2026-11-25T13:30:00Z', '2026-11-25T14:00:00Z'], 'Europe/Paris', now)).to.equal('tomorrow at 2 PM, 2:30 PM or 3 PM');
    expect(spokenChoices(['2026-11-25T13:00:00Z', '2026-11-27T13:00:00Z'], 'Europe/Paris', now)).to.equal('tomorrow at 2 PM or on Friday at 2 PM');
  });
});
