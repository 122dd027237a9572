/**
 * The rules a slot is offered or booked under: an event type's, or an ad-hoc booking's
 * (no event type: no buffers, no notice, no limits).
 */
import type { SchedulingKind } from '../availability/index.js';
import type { EventTypeRow } from './records.js';
import type { EventKind } from './types.js';

/** The rules of a slot query: an event type's, or an ad-hoc booking's (no buffers, no limits). */
export interface SlotRules {
  kind: SchedulingKind;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minimumNoticeMinutes: number;
  slotStepMinutes: number | null;
  maxDaysAhead: number | null;
  eventTypeId: string | null;
  dailyLimit: number | null;
  /** Seats per session of a group event type (its open sessions are offered until full). */
  seatsTotal?: number | null;
}

/** Whether every host attends each meeting (collective, and group sessions) rather than one of them (round robin). */
export const needsEveryHost = (kind: EventKind): boolean => kind === 'collective' || kind === 'group';

/** The slot rules an event type row sets. */
export function rulesOfEventType(row: EventTypeRow): SlotRules {
  return {
    // A group session needs every host free, once; later bookers take seats in it (core/booking/seats.ts).
    kind: row.kind === 'group' ? 'collective' : row.kind,
    durationMinutes: row.duration_minutes,
    bufferBeforeMinutes: row.buffer_before_minutes,
    bufferAfterMinutes: row.buffer_after_minutes,
    minimumNoticeMinutes: row.minimum_notice_minutes,
    slotStepMinutes: row.slot_step_minutes,
    maxDaysAhead: row.max_days_ahead,
    eventTypeId: row.id,
    dailyLimit: row.daily_limit,
    ...(row.kind === 'group' ? { seatsTotal: row.seats } : {}),
  };
}

/**
 * Rules of an ad-hoc booking (no event type). Listing steps by the duration; booking accepts any
 * whole minute (`slotStepMinutes: 1`), since people name times like 14:10 in chat.
 */
export function adHocRules(durationMinutes: number, hostCount: number, slotStepMinutes: number | null = 1): SlotRules {
  return {
    kind: hostCount === 1 ? 'one_on_one' : 'collective',
    durationMinutes,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minimumNoticeMinutes: 0,
    slotStepMinutes,
    maxDaysAhead: null,
    eventTypeId: null,
    dailyLimit: null,
  };
}
