import { CANCELABLE } from './access.js';
import type { BookingDetails, BookingStatus } from './types.js';

/** What someone holding a meeting's link may do with it. */
export type MeetingAction = 'addToCalendar' | 'reschedule' | 'cancel';

export interface AllowedActionsOptions {
  /** The meeting was booked through an event type that still exists, so new slots can be offered. */
  canPickNewSlot: boolean;
}

/** Whether a booking in this status can still be rescheduled or canceled (the rule reschedule and cancel enforce). */
export const isChangeable = (status: BookingStatus): boolean => CANCELABLE.includes(status);

/**
 * What an invitee may do with a meeting: add a pending or scheduled one to a calendar, cancel
 * it, and reschedule it when there is an event type to pick a new slot from. A canceled,
 * declined, completed or no-show meeting allows nothing.
 * @example allowedActions({ status: 'scheduled' }, { canPickNewSlot: false }) // ['addToCalendar', 'cancel']
 */
export function allowedActions(booking: Pick<BookingDetails, 'status'>, options: AllowedActionsOptions): MeetingAction[] {
  if (!isChangeable(booking.status)) return [];
  return options.canPickNewSlot ? ['addToCalendar', 'reschedule', 'cancel'] : ['addToCalendar', 'cancel'];
}
