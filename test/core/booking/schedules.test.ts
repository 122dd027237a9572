import { expect } from 'chai';
import { expectCode, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/schedules', () => {
  let w: BookingWorld;
  before(async () => {
    w = await setUpBookingWorld();
  });

  it('gives Mon–Fri 09:00–17:00 in the user zone until a schedule is saved, then the saved one', async () => {
    const unsaved = await w.scheduling.getSchedule(w.users.bob);
    expect(unsaved).to.include({ timezone: 'Europe/Berlin', saved: false });
    expect(unsaved.weekly).to.have.length(5);
    const weekly = [{ day: 'sat' as const, start: '10:00', end: '14:00' }];
    const overrides = [{ date: '2026-12-05', intervals: [] }];
    expect(await w.scheduling.saveSchedule(w.users.bob, { timezone: 'Europe/Berlin', weekly, overrides })).to.deep.equal({ timezone: 'Europe/Berlin', weekly, overrides, saved: true });
    expect(await w.scheduling.getSchedule(w.users.bob)).to.deep.equal({ timezone: 'Europe/Berlin', weekly, overrides, saved: true });
  });

  it('refuses an unknown zone or reversed hours, and an unknown user', async () => {
    await expectCode(w.scheduling.saveSchedule(w.users.bob, { timezone: 'Nowhere/Land', weekly: [] }), 'validation_failed');
    const reversed = await expectCode(w.scheduling.saveSchedule(w.users.bob, { timezone: 'UTC', weekly: [{ day: 'mon', start: '17:00', end: '09:00' }] }), 'validation_failed');
    expect(reversed.errors[0]!.field).to.equal('weekly');
    // A bad override is named as one (the CLI's --off/--date), not as the weekly hours.
    const badDate = await expectCode(w.scheduling.saveSchedule(w.users.bob, { timezone: 'UTC', weekly: [], overrides: [{ date: '2026-13-45', intervals: [] }] }), 'validation_failed');
    expect(badDate.errors[0]!.field).to.equal('overrides');
    await expectCode(w.scheduling.getSchedule('00000000-0000-4000-8000-000000000000'), 'user_not_found');
  });
});
