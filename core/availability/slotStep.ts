/**
 * How finely slots may be offered. A 1-minute step over a 62-day window is 89,280 slots for one
 * host — megabytes per request — and nobody picks a meeting to the minute, so the step has a
 * floor that grows with the duration: 5 minutes, or a sixth of the duration rounded up, never
 * more than 15 (so a 2-hour meeting may still start every quarter hour).
 */

/** The smallest slot step allowed for a duration, in minutes. @example minimumSlotStepMinutes(60) // 10 */
export function minimumSlotStepMinutes(durationMinutes: number): number {
  return Math.min(15, Math.max(5, Math.ceil(durationMinutes / 6)));
}

/** The step a listing uses: the event type's own (default: the duration), raised to the floor. */
export function effectiveSlotStepMinutes(durationMinutes: number, slotStepMinutes: number | null | undefined): number {
  return Math.max(slotStepMinutes ?? durationMinutes, minimumSlotStepMinutes(durationMinutes));
}

/** Why an explicit step is refused, or null when it is allowed (no step means the duration, floored when listing). */
export function slotStepProblem(durationMinutes: number, slotStepMinutes: number | null | undefined): string | null {
  if (slotStepMinutes === null || slotStepMinutes === undefined) return null;
  const floor = minimumSlotStepMinutes(durationMinutes);
  return slotStepMinutes < floor ? `at least ${floor} minutes for a ${durationMinutes}-minute event (5, or a sixth of the duration, up to 15)` : null;
}
