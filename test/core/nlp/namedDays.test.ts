// Days of a named month that chrono drops: a day the month does not have, and 29 February.
import { expect } from 'chai';
import { DateTime } from 'luxon';
import { clarify, parseRequest } from '../../../core/nlp/index.js';

const now = (zone: string) => DateTime.fromISO('2026-12-02T09:00', { zone }).toISO()!;
const read = (text: string, zone = 'Europe/Berlin') => parseRequest(text, { now: now(zone), timezone: zone, locale: 'en-US' });
const wall = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toFormat('yyyy-MM-dd HH:mm');

describe('core/nlp named days the month does not have (readNamedDay)', () => {
  for (const [text, said, choices] of [
    ['30 min with bob feb 30 at 10am', 'February has no day 30', ['2027-02-28 10:00', '2027-03-01 10:00']],
    ['book nov 31 at 3pm', 'November has no day 31', ['2027-11-30 15:00', '2027-12-01 15:00']],
    ['meet on the 31st of April at 9am', 'April has no day 31', ['2027-04-30 09:00', '2027-05-01 09:00']],
    ['call on February 29, 2027 at noon', 'February 2027 has no day 29', ['2027-02-28 12:00', '2027-03-01 12:00']],
  ] as const) {
    it(`asks about "${text}" instead of booking another day`, () => {
      for (const zone of ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata']) {
        const intent = read(text, zone);
        expect(intent.start, zone).to.equal(null);
        expect(intent.missing).to.include('start');
        const [ambiguity] = intent.ambiguities;
        expect(ambiguity).to.include({ kind: 'no_such_date', blocking: true, field: 'start' });
        expect(ambiguity!.candidates.map(wall)).to.deep.equal(choices);
        expect(clarify(intent)!.question).to.match(new RegExp(`^${said}\\. `));
      }
    });
  }

  it('reads 29 February without a year as the next one there is (2028), not tomorrow', () => {
    expect(wall(read('30 min on feb 29 at 10am').start!)).to.equal('2028-02-29 10:00');
    expect(wall(read('the 29th of February, 2028 at 10am').start!)).to.equal('2028-02-29 10:00');
  });

  it('leaves real days, and numbers that are not days, to the rest of the parser', () => {
    expect(wall(read('book feb 28 at 10am').start!)).to.equal('2027-02-28 10:00');
    expect(wall(read('book december 31 at 10am').start!)).to.equal('2026-12-31 10:00');
    expect(read('a meeting in march, 45 min').ambiguities).to.deep.equal([]);
    expect(read('decide 31 things tomorrow at 3pm').ambiguities.map((a) => a.kind)).not.to.include('no_such_date');
    expect(read('feb 30 min call tomorrow at 3pm').ambiguities.map((a) => a.kind)).not.to.include('no_such_date');
  });
});
