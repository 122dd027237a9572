export type {
  DailyLimit,
  DateOverride,
  HostAvailability,
  ListAvailableSlotsOptions,
  Schedule,
  SchedulingKind,
  Slot,
  Weekday,
  WeeklyRule,
} from './types.js';
export { listAvailableSlots } from './slots.js';
export { explainUnavailableStart, UNAVAILABLE_REASONS, type UnavailableReason } from './explain.js';
export { compileSchedule, listWorkingIntervals, type CompiledSchedule } from './workingHours.js';
export { pickRoundRobinHost, type RoundRobinCandidate, type RoundRobinPick } from './roundRobin.js';
export type { Interval } from '../time/intervals.js';
export { effectiveSlotStepMinutes, minimumSlotStepMinutes, slotStepProblem } from './slotStep.js';
