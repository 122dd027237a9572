import { expect } from 'chai';
import { allowedActions, isChangeable } from '../../../core/booking/allowedActions.js';
import type { BookingStatus } from '../../../core/booking/types.js';

describe('allowedActions', () => {
  it('lets an invitee add, reschedule and cancel a pending or scheduled meeting booked through an event type', () => {
    for (const status of ['pending', 'scheduled'] as const) {
      expect(allowedActions({ status }, { canPickNewSlot: true })).to.deep.equal(['addToCalendar', 'reschedule', 'cancel']);
    }
  });

  it('offers no reschedule when there is no event type to pick a new slot from', () => {
    expect(allowedActions({ status: 'scheduled' }, { canPickNewSlot: false })).to.deep.equal(['addToCalendar', 'cancel']);
  });

  it('allows nothing once a meeting is canceled, declined, completed or a no-show', () => {
    for (const status of ['canceled', 'rejected', 'completed', 'no_show'] as BookingStatus[]) {
      expect(allowedActions({ status }, { canPickNewSlot: true }), status).to.deep.equal([]);
      expect(isChangeable(status)).to.equal(false);
    }
  });
});
