import { expect } from 'chai';
import { parseRequest } from '../../../core/nlp/index.js';
import { correctDayWord } from '../../../core/nlp/spelling.js';

describe('core/nlp spelling of day and month names', () => {
  it('reads a day or month name typed with a letter missing, doubled, wrong or swapped', () => {
    const fixed = ['Tomorow', 'tommorow', 'tommorrow', 'thrusday', 'wendesday', 'wensday', 'firday', 'tusday', 'saterday', 'yestrday', 'febuary', 'septmber', 'decemeber'].map(correctDayWord);
    expect(fixed).to.deep.equal(['tomorrow', 'tomorrow', 'tomorrow', 'thursday', 'wednesday', 'wednesday', 'friday', 'tuesday', 'saturday', 'yesterday', 'february', 'september', 'december']);
  });

  it('leaves names, plurals, other words and short words as written', () => {
    for (const word of ['Frida', 'Sundar', 'sundry', 'morrow', 'tuesdays', 'mondays', 'monthly', 'friend', 'fridge', 'saturate', 'tmrw', 'friday', 'meeting']) {
      expect(correctDayWord(word), word).to.equal(null);
    }
  });

  it('books the day meant, not the next such time, and points the span at what was typed', () => {
    const berlin = { now: '2026-11-24T10:00:00+01:00', timezone: 'Europe/Berlin' };
    const intent = parseRequest('tomorow at 3pm 30 min with @alice', berlin);
    expect(intent.start).to.equal('2026-11-25T15:00:00.000+01:00');
    expect(intent.spans.find((s) => s.field === 'start' && s.index === 0)?.text).to.equal('tomorow');
    expect(parseRequest('30 min with alice on thrusday at 10am', berlin).start).to.equal('2026-11-26T10:00:00.000+01:00');
    expect(parseRequest('30 min with alice tommorow afternoon', berlin).attendees).to.deep.equal([{ name: 'alice' }]);
  });
});
