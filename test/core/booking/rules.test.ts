import { expect } from 'chai';
import type { EventTypeRow } from '../../../core/booking/records.js';
import { adHocRules, rulesOfEventType } from '../../../core/booking/rules.js';

describe('core/booking/rules', () => {
  const row = (kind: EventTypeRow['kind']): EventTypeRow => ({
    id: 'et', owner_user_id: 'u', team_id: null, slug: 'intro', title: 'Intro', description: null, kind,
    duration_minutes: 45, buffer_before_minutes: 5, buffer_after_minutes: 10, minimum_notice_minutes: 60,
    slot_step_minutes: 15, max_days_ahead: 30, daily_limit: 4, requires_approval: false, pending_holds_slot: true,
    location: null, is_public: true, archived_at: null, created_at: new Date(0), updated_at: new Date(0),
  });

  it("takes an event type's rules; a group session needs every host free and carries its seats", () => {
    expect(rulesOfEventType(row('round_robin'))).to.deep.equal({
      kind: 'round_robin', durationMinutes: 45, bufferBeforeMinutes: 5, bufferAfterMinutes: 10, minimumNoticeMinutes: 60,
      slotStepMinutes: 15, maxDaysAhead: 30, eventTypeId: 'et', dailyLimit: 4,
    });
    expect(rulesOfEventType({ ...row('group'), seats: 12 })).to.include({ kind: 'collective', seatsTotal: 12 });
    expect(rulesOfEventType(row('one_on_one'))).not.to.have.property('seatsTotal');
  });

  it('gives ad-hoc bookings no buffers, notice, horizon or limits, collective with several hosts', () => {
    expect(adHocRules(30, 1)).to.include({ kind: 'one_on_one', slotStepMinutes: 1, bufferBeforeMinutes: 0, minimumNoticeMinutes: 0, maxDaysAhead: null, dailyLimit: null, eventTypeId: null });
    expect(adHocRules(30, 3, null)).to.include({ kind: 'collective', slotStepMinutes: null });
  });
});
