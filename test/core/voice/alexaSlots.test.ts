import { expect } from 'chai';
import { parseRequest } from '../../../core/nlp/index.js';
import { dateWords, durationWords, timeWords, wordsOfDetails } from '../../../core/voice/alexaSlots.js';

describe('core/voice/alexaSlots (typed Alexa slot values as words)', () => {
  // Tuesday 24 November 2026, 10:00 in Paris.
  const read = (text: string) => parseRequest(text, { now: '2026-11-24T10:00:00+01:00', timezone: 'Europe/Paris' });
  const window = (text: string) => {
    const w = read(text).window;
    return w && [w.start.slice(0, 10), w.end.slice(0, 10)];
  };

  it('reads AMAZON.DATE days, weeks, weekends, months and years as the days they stand for', () => {
    expect(window(dateWords('2026-12-04')!)).to.deep.equal(['2026-12-04', '2026-12-05']);
    expect(dateWords('2026-W49')).to.equal('from 30 November 2026 to 6 December 2026');
    expect(window(dateWords('2026-W49')!)).to.deep.equal(['2026-11-30', '2026-12-07']);
    expect(window(dateWords('2026-W49-WE')!)).to.deep.equal(['2026-12-05', '2026-12-07']);
    expect(window(dateWords('2026-W53')!), 'a week across the new year').to.deep.equal(['2026-12-28', '2027-01-04']);
    expect(window(dateWords('2026-12')!)).to.deep.equal(['2026-12-01', '2027-01-01']);
    expect(window(dateWords('XXXX-WE')!)).to.deep.equal(['2026-11-28', '2026-11-30']);
    expect(window(dateWords('XXXX-12-04')!)).to.deep.equal(['2026-12-04', '2026-12-05']);
    expect(window(dateWords('2027')!)).to.deep.equal(['2027-01-01', '2028-01-01']);
    for (const unreadable of ['2026-WI', '201X', 'nonsense', '2026-02-30']) expect(dateWords(unreadable), unreadable).to.equal(null);
  });

  it('reads AMAZON.TIME clock times and parts of the day, and AMAZON.DURATION lengths', () => {
    expect(read(`on 4 December 2026 ${timeWords('15:30')}`).start).to.equal('2026-12-04T15:30:00.000+01:00');
    expect(['MO', 'AF', 'EV', 'NI'].map((part) => read(`on 4 December 2026 ${timeWords(part)}`).window?.start.slice(11, 16))).to.deep.equal(['09:00', '12:00', '17:00', '21:00']);
    expect(timeWords('25:00')).to.equal(null);
    expect(read(durationWords('PT1H30M')!).durationMinutes).to.equal(90);
    expect([durationWords('PT0M'), durationWords('P2D'), durationWords('x')]).to.deep.equal([null, null, null]);
  });

  it('puts an answer in typed slots into one request in words', () => {
    const words = wordsOfDetails({ person: 'Maria Park', duration: 'PT45M', date: '2026-12-04', time: 'AF' });
    expect(words).to.equal('with Maria Park for 45 minutes on 4 December 2026 in the afternoon');
    expect(read(words)).to.deep.include({ durationMinutes: 45, attendees: [{ name: 'Maria Park' }], window: { start: '2026-12-04T12:00:00.000+01:00', end: '2026-12-04T17:00:00.000+01:00' } });
    expect(wordsOfDetails({ date: '2026-WI', time: 'MO' })).to.equal('in the morning');
  });
});
