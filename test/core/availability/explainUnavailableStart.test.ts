import { expect } from 'chai';
import { explainUnavailableStart, type ListAvailableSlotsOptions } from '../../../core/availability/index.js';
import { DAY, WORKDAYS, host, schedule, weekly } from './helpers.js';

describe('core/availability/explain: explainUnavailableStart', () => {
  const t = (iso: string) => Date.parse(iso);
  // Tuesday 10:00 UTC; a host working Mon–Fri 09:00–17:00 UTC, booked Wed 10:00–10:30, with one
  // meeting on Thursday and a daily limit of one.
  const options = (overrides: Partial<ListAvailableSlotsOptions> = {}): ListAvailableSlotsOptions => ({
    now: t('2026-11-24T10:00:00Z'),
    range: { start: t('2026-11-23T00:00:00Z'), end: t('2027-02-01T00:00:00Z') },
    durationMinutes: 30,
    minimumNoticeMinutes: 60,
    maxDaysAhead: 30,
    kind: 'one_on_one',
    hosts: [host('h', schedule('UTC', weekly('09:00', '17:00', WORKDAYS)), [{ start: t('2026-11-25T10:00:00Z'), end: t('2026-11-25T10:30:00Z') }], [{ limit: 1, starts: [t('2026-11-26T09:00:00Z')] }])],
    ...overrides,
  });
  const cases: Array<[string, string, string | null]> = [
    ['a free slot', '2026-11-25T11:00:00Z', null],
    ['a time before now', '2026-11-24T09:00:00Z', 'in_past'],
    ['a time inside the minimum notice', '2026-11-24T10:30:00Z', 'too_soon'],
    ['a time past maxDaysAhead', '2027-01-05T10:00:00Z', 'beyond_horizon'],
    ['09:07, between the 30-minute starts', '2026-11-25T09:07:00Z', 'off_grid'],
    ['a time with seconds', '2026-11-25T09:00:30Z', 'off_grid'],
    ['20:00, after working hours', '2026-11-25T20:00:00Z', 'outside_hours'],
    ['a Saturday', '2026-11-28T10:00:00Z', 'outside_hours'],
    ['a slot ending after working hours', '2026-11-25T16:45:00Z', 'outside_hours'],
    ['a booked time', '2026-11-25T10:00:00Z', 'taken'],
    ['a free time on a day closed by the daily limit', '2026-11-26T11:00:00Z', 'limit_reached'],
  ];
  for (const [what, start, reason] of cases) {
    it(`${what}: ${reason ?? 'offered'}`, () => {
      expect(explainUnavailableStart(options(), t(start))).to.equal(reason);
    });
  }

  it('reads a collective booking as outside hours when any host is off, taken when any is busy', () => {
    const early = host('e', schedule('UTC', weekly('06:00', '12:00', WORKDAYS)));
    const busy = host('b', schedule('UTC', weekly('09:00', '17:00', WORKDAYS)), [{ start: t('2026-11-25T11:00:00Z'), end: t('2026-11-25T12:00:00Z') }]);
    const collective = options({ kind: 'collective', hosts: [early, busy], minimumNoticeMinutes: 0, maxDaysAhead: null });
    expect(explainUnavailableStart(collective, t('2026-11-25T13:00:00Z'))).to.equal('outside_hours');
    expect(explainUnavailableStart(collective, t('2026-11-25T11:00:00Z'))).to.equal('taken');
    expect(explainUnavailableStart(collective, t('2026-11-25T10:00:00Z'))).to.equal(null);
  });

  it('does not count the horizon when there is none', () => {
    expect(explainUnavailableStart(options({ maxDaysAhead: null, range: { start: t('2026-11-23T00:00:00Z'), end: t('2027-01-05T00:00:00Z') + DAY } }), t('2027-01-05T10:00:00Z'))).to.equal(null);
  });
});
