import { expect } from 'chai';
import { expectCode, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/userSettings', () => {
  let w: BookingWorld;
  before(async () => {
    w = await setUpBookingWorld();
  });

  it('updates the zone, the name and the daily meeting limit (null removes it)', async () => {
    const user = await w.scheduling.updateUserSettings(w.users.cy, { timezone: 'Asia/Tokyo', name: '  Cy Young ', dailyMeetingLimit: 3 });
    expect(user).to.include({ timezone: 'Asia/Tokyo', name: 'Cy Young', daily_meeting_limit: 3 });
    expect((await w.scheduling.updateUserSettings(w.users.cy, { dailyMeetingLimit: null })).daily_meeting_limit).to.equal(null);
  });

  it('names the bad field', async () => {
    expect((await expectCode(w.scheduling.updateUserSettings(w.users.cy, { dailyMeetingLimit: 0 }), 'validation_failed')).errors[0]!.field).to.equal('dailyMeetingLimit');
    expect((await expectCode(w.scheduling.updateUserSettings(w.users.cy, { timezone: 'Atlantis' }), 'validation_failed')).errors[0]!.field).to.equal('timezone');
  });

  it('finds a user by username in any case', async () => {
    expect((await w.scheduling.findUser('ADA')).id).to.equal(w.users.ada);
    await expectCode(w.scheduling.findUser('nobody'), 'user_not_found');
  });
});
