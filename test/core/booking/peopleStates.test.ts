import { expect } from 'chai';
import { listPeopleStates } from '../../../core/booking/peopleStates.js';
import { expectCode, invitee, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/peopleStates', () => {
  let w: BookingWorld;
  before(async function () {
    this.timeout(120_000);
    w = await setUpBookingWorld();
    await w.scheduling.saveSchedule(w.users.bob, { timezone: 'UTC', weekly: [{ day: 'wed', start: '09:00', end: '12:00' }] });
    await w.scheduling.saveSchedule(w.users.ada, { timezone: 'UTC', weekly: [{ day: 'wed', start: '09:00', end: '11:00' }] });
  });
  const ctx = () => ({ db: w.db, clock: w.clock });

  it("names each person's state per candidate time: free, busy, limit, off", async () => {
    // ada works 09–11 and is busy 09:55–10:40 (intro 10:00 with buffers 5/10); bob works 09–12.
    await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T10:00:00Z', invitee: invitee() });
    const list = await listPeopleStates(ctx(), { usernames: ['ada', 'bob'], durationMinutes: 30, from: '2026-11-25', to: '2026-11-25', timezone: 'UTC' });
    expect(list.people).to.deep.equal(['ada', 'bob']);
    const at = (hhmm: string) => list.times.find((t) => t.start === `2026-11-25T${hhmm}:00.000Z`)?.states;
    expect(list.times.map((t) => t.start.slice(11, 16))).to.deep.equal(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30']);
    expect(at('09:00')).to.deep.equal({ ada: 'free', bob: 'free' });
    expect(at('09:30')).to.deep.equal({ ada: 'busy', bob: 'free' });
    expect(at('10:30')).to.deep.equal({ ada: 'busy', bob: 'free' });
    expect(at('11:00')).to.deep.equal({ ada: 'off', bob: 'free' });
    await w.scheduling.updateUserSettings(w.users.ada, { dailyMeetingLimit: 1 });
    const limited = await listPeopleStates(ctx(), { usernames: ['ada', 'bob'], durationMinutes: 30, from: '2026-11-25', to: '2026-11-25', timezone: 'UTC' });
    expect(limited.times.find((t) => t.start === '2026-11-25T09:00:00.000Z')?.states).to.deep.equal({ ada: 'limit', bob: 'free' });
  });

  it('refuses unknown people', async () => {
    await expectCode(listPeopleStates(ctx(), { usernames: ['ada', 'nobody'], durationMinutes: 30 }), 'user_not_found');
  });
});
