import { expect } from 'chai';
import { listAvailableSlots, type HostAvailability } from '../../../core/availability/index.js';
import { closedByWeeklyLimits, isoWeekOfDate, isoWeekOfInstant } from '../../../core/availability/weeklyLimits.js';
import { listLocalDays } from '../../../core/time/zones.js';
import { at, DAY, host, schedule, wall, weekly } from './helpers.js';

describe('core/availability weekly meeting limits', () => {
  const NY = 'America/New_York';

  it('names ISO weeks (Monday to Sunday), across a year boundary', () => {
    expect(isoWeekOfDate('2026-11-30')).to.equal('2026-W49');
    expect(isoWeekOfDate('2026-11-29')).to.equal('2026-W48');
    expect(isoWeekOfDate('2027-01-01')).to.equal('2026-W53');
    // Monday 04:00Z is still Sunday evening in New York: the week before.
    expect(isoWeekOfInstant(Date.parse('2026-11-30T04:00:00Z'), NY)).to.equal('2026-W48');
    expect(isoWeekOfInstant(Date.parse('2026-11-30T04:00:00Z'), 'UTC')).to.equal('2026-W49');
  });

  it('closes every day of a week holding `limit` starts, counting starts outside the listed days', () => {
    const days = listLocalDays({ start: at('2026-11-26T00:00', NY), end: at('2026-12-02T00:00', NY) }, NY);
    const limits = [{ limit: 2, starts: [at('2026-11-23T10:00', NY), at('2026-11-29T23:00', NY)] }];
    const closed = closedByWeeklyLimits(limits, days, NY);
    expect(days.map((d, i) => `${d.date}:${closed[i] ? 'closed' : 'open'}`)).to.deep.equal([
      '2026-11-26:closed', '2026-11-27:closed', '2026-11-28:closed', '2026-11-29:closed', '2026-11-30:open', '2026-12-01:open',
    ]);
    expect(() => closedByWeeklyLimits([{ limit: 1.5, starts: [] }], days, NY)).to.throw(RangeError);
  });

  it("the slot engine offers nothing in a full week of the host's zone and everything the week after", () => {
    const sched = schedule(NY, weekly('09:00', '17:00'));
    // Limit 1, one meeting on Sunday 29 Nov 23:00 New York (Monday 04:00Z): week 48 is full in New York.
    const busy = host('h', sched, [], []);
    const full: HostAvailability = { ...busy, weeklyLimits: [{ limit: 1, starts: [at('2026-11-29T23:00', NY)] }] };
    const range = { start: at('2026-11-27T00:00', NY), end: at('2026-12-01T00:00', NY) };
    const base = { now: range.start - DAY, range, durationMinutes: 60, kind: 'one_on_one' as const };
    const days = (hosts: HostAvailability[]) => [...new Set(listAvailableSlots({ ...base, hosts }).map((s) => wall(s.start, NY).slice(0, 10)))];
    expect(days([busy])).to.deep.equal(['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30']);
    expect(days([full])).to.deep.equal(['2026-11-30']);
  });
});
