import { expect } from 'chai';
import { createSchedulingService } from '../../../core/booking/index.js';
import { checkDateOverride } from '../../../core/booking/dateOverrides.js';
import { expectCode, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/dateOverrides', () => {
  describe('checkDateOverride', () => {
    const fields = (date: string, intervals: Array<{ start: string; end: string }>) => checkDateOverride({ date, intervals }, '2026-11-24').map((e) => e.field);

    it('accepts today, a later date, a day off, touching ranges and ranges in any order', () => {
      expect(fields('2026-11-24', [])).to.deep.equal([]);
      expect(fields('2027-01-01', [{ start: '13:00', end: '24:00' }, { start: '09:00', end: '13:00' }])).to.deep.equal([]);
    });

    it('names the field of each problem: past or malformed date, malformed time, end not after start, overlap', () => {
      expect(fields('2026-11-23', [])).to.deep.equal(['date']);
      expect(fields('2026-13-01', [])).to.deep.equal(['date']);
      expect(fields('', [])).to.deep.equal(['date']);
      expect(fields('2026-12-01', [{ start: '9:00', end: '25:00' }])).to.deep.equal(['intervals.0.start', 'intervals.0.end']);
      expect(fields('2026-12-01', [{ start: '12:00', end: '12:00' }])).to.deep.equal(['intervals.0.end']);
      const overlap = checkDateOverride({ date: '2026-12-01', intervals: [{ start: '11:00', end: '13:00' }, { start: '09:00', end: '12:00' }] }, '2026-11-24');
      expect(overlap).to.deep.equal([{ field: 'intervals.0.start', message: '11:00–13:00 overlaps 09:00–12:00; make them one range or move one' }]);
      expect(checkDateOverride({ date: '2026-11-01', intervals: [] }, '2026-11-24')[0]!.message).to.equal('2026-11-01 has passed (today is 2026-11-24); pick today or a later date');
    });
  });

  describe('set, list and remove', () => {
    let w: BookingWorld;
    const changedFor: string[] = [];
    let scheduling: BookingWorld['scheduling'];
    before(async () => {
      w = await setUpBookingWorld();
      scheduling = createSchedulingService({ db: w.db, clock: w.clock, onScheduleChanged: async (userId) => changedFor.push(userId) });
    });

    it('adds an override to the default schedule without touching the weekly hours, replaces the one on the same date, and tells conflict repair', async () => {
      const weekly = (await scheduling.getSchedule(w.users.bob)).weekly;
      await scheduling.setDateOverride(w.users.bob, { date: '2026-12-24', intervals: [] });
      const saved = await scheduling.setDateOverride(w.users.bob, { date: '2026-12-24', intervals: [{ start: '10:00', end: '12:00' }] });
      expect(saved).to.deep.equal({ timezone: 'Europe/Berlin', weekly, overrides: [{ date: '2026-12-24', intervals: [{ start: '10:00', end: '12:00' }] }], saved: true });
      expect(await scheduling.getSchedule(w.users.bob)).to.deep.equal(saved);
      expect(changedFor).to.deep.equal([w.users.bob, w.users.bob]);
    });

    it('refuses a bad override with every problem listed, and saves nothing', async () => {
      const before = await scheduling.getSchedule(w.users.bob);
      const error = await expectCode(scheduling.setDateOverride(w.users.bob, { date: '2026-11-01', intervals: [{ start: '17:00', end: '09:00' }] }), 'validation_failed');
      expect(error.errors.map((e) => e.field)).to.deep.equal(['date', 'intervals.0.end']);
      expect(await scheduling.getSchedule(w.users.bob)).to.deep.equal(before);
    });

    it('keeps all of twelve overrides added at the same moment to a schedule never saved (a per-user lock while it changes)', async () => {
      const dates = Array.from({ length: 12 }, (_, i) => `2027-01-${String(i + 10)}`);
      await Promise.all(dates.map((date) => scheduling.setDateOverride(w.users.cy, { date, intervals: [] })));
      expect((await scheduling.getSchedule(w.users.cy)).overrides.map((o) => o.date)).to.deep.equal(dates);
    });

    it('lists the overrides from today on in the schedule zone, by date', async () => {
      // 2026-11-24T10:00Z: still the 24th in New York.
      await scheduling.saveSchedule(w.users.cy, { timezone: 'America/New_York', weekly: [], overrides: [{ date: '2026-12-02', intervals: [] }, { date: '2026-11-23', intervals: [] }, { date: '2026-11-24', intervals: [] }] });
      expect(await scheduling.listUpcomingDateOverrides(w.users.cy)).to.deep.equal({
        timezone: 'America/New_York',
        today: '2026-11-24',
        overrides: [{ date: '2026-11-24', intervals: [] }, { date: '2026-12-02', intervals: [] }],
      });
    });

    it('removes an override; a date without one is not_found (another user’s override is not theirs to remove)', async () => {
      await expectCode(scheduling.removeDateOverride(w.users.ada, '2026-12-02'), 'not_found');
      expect((await scheduling.getSchedule(w.users.cy)).overrides).to.have.length(3);
      await expectCode(scheduling.removeDateOverride(w.users.cy, 'tomorrow'), 'validation_failed');
      const after = await scheduling.removeDateOverride(w.users.cy, '2026-12-02');
      expect(after.overrides.map((o) => o.date)).to.deep.equal(['2026-11-23', '2026-11-24']);
    });
  });
});
