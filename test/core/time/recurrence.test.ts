import { expect } from 'chai';
import { describeRule, expandSeries, parseRrule, toRrule } from '../../../core/time/recurrence.js';

const iso = (ms: number[]) => ms.map((m) => new Date(m).toISOString());

describe('core/time/recurrence', () => {
  it('a weekly 10:00 Berlin series stays at 10:00 Berlin across the autumn DST change', () => {
    const starts = expandSeries({ start: Date.parse('2026-10-13T08:00:00Z'), zone: 'Europe/Berlin', rule: { frequency: 'weekly', interval: 1, count: 4 }, maxOccurrences: 12 });
    expect(iso(starts)).to.deep.equal(['2026-10-13T08:00:00.000Z', '2026-10-20T08:00:00.000Z', '2026-10-27T09:00:00.000Z', '2026-11-03T09:00:00.000Z']);
  });

  it('every 2 weeks across the spring change, in New York', () => {
    const starts = expandSeries({ start: Date.parse('2027-03-02T15:00:00Z'), zone: 'America/New_York', rule: { frequency: 'weekly', interval: 2, count: 3 }, maxOccurrences: 12 });
    expect(iso(starts)).to.deep.equal(['2027-03-02T15:00:00.000Z', '2027-03-16T14:00:00.000Z', '2027-03-30T14:00:00.000Z']);
  });

  it('monthly on the 31st skips the months without one, as RFC 5545 does', () => {
    const starts = expandSeries({ start: Date.parse('2027-01-31T09:00:00Z'), zone: 'UTC', rule: { frequency: 'monthly', interval: 1, count: 3 }, maxOccurrences: 12 });
    expect(iso(starts)).to.deep.equal(['2027-01-31T09:00:00.000Z', '2027-03-31T09:00:00.000Z', '2027-05-31T09:00:00.000Z']);
  });

  it('an end date includes a meeting on that local date and refuses more than the maximum', () => {
    const start = Date.parse('2026-12-01T09:00:00Z');
    const until = expandSeries({ start, zone: 'Europe/Berlin', rule: { frequency: 'weekly', interval: 1, until: '2026-12-15' }, maxOccurrences: 12 });
    expect(until).to.have.length(3);
    expect(() => expandSeries({ start, zone: 'Europe/Berlin', rule: { frequency: 'weekly', interval: 1, until: '2027-12-15' }, maxOccurrences: 12 })).to.throw(RangeError, 'more than 12');
    expect(() => expandSeries({ start, zone: 'UTC', rule: { frequency: 'weekly', interval: 1, count: 13 }, maxOccurrences: 12 })).to.throw(RangeError, 'count must be from 1 to 12');
    expect(() => expandSeries({ start, zone: 'UTC', rule: { frequency: 'weekly', interval: 1 }, maxOccurrences: 12 })).to.throw(RangeError, 'count or an end date');
    expect(() => expandSeries({ start, zone: 'UTC', rule: { frequency: 'weekly', interval: 1, until: '2026-11-01' }, maxOccurrences: 12 })).to.throw(RangeError, 'before the first');
  });

  it('writes and reads back RRULEs; UNTIL is the end of the local date in UTC', () => {
    expect(toRrule({ frequency: 'weekly', interval: 2, count: 6 }, 'Europe/Berlin')).to.equal('FREQ=WEEKLY;INTERVAL=2;COUNT=6');
    const rrule = toRrule({ frequency: 'monthly', interval: 1, until: '2027-06-30' }, 'Europe/Berlin');
    expect(rrule).to.equal('FREQ=MONTHLY;INTERVAL=1;UNTIL=20270630T215959Z');
    expect(parseRrule(rrule, 'Europe/Berlin')).to.deep.equal({ frequency: 'monthly', interval: 1, until: '2027-06-30' });
    expect(describeRule({ frequency: 'weekly', interval: 3 })).to.equal('every 3 weeks');
  });
});
