import { DateTime } from 'luxon';
import { minimumSlotStepMinutes } from '../availability/slotStep.js';
import type { SchedulingService } from '../booking/index.js';
import { isOpenWindow, MAX_SLOT_CHOICES, widenedWindow } from './searchWindow.js';
import type { ProposedSlot, SearchWindow } from './types.js';

export interface FindFreeSlotsOptions {
  usernames: string[];
  durationMinutes: number;
  timezone: string;
  window: SearchWindow;
  now: Date;
}

/**
 * Up to {@link MAX_SLOT_CHOICES} times when everyone named is free inside `window`, best first
 * by smart times (core/availability/ranking.ts: closeness to the asked time, everyone's
 * working day, focus, buffers, load); when there are none, the best ones in the widened window
 * after it ({@link widenedWindow}). A window one meeting long (a time named exactly, "friday at
 * quarter past nine") is looked up on the finest grid, so a free 09:15 is found where the
 * meeting-long grid has only 09:00 and 09:30.
 * Throws user_not_found and validation_failed from the scheduling service.
 */
export async function findFreeSlots(scheduling: Pick<SchedulingService, 'listCommonSlots'>, options: FindFreeSlotsOptions): Promise<{ slots: ProposedSlot[]; widened: boolean }> {
  const { usernames, durationMinutes, timezone } = options;
  // The service takes whole days in the zone: ask for the days the window covers, keep the slots inside it.
  const list = async (window: SearchWindow): Promise<ProposedSlot[]> => {
    const fromMs = Date.parse(window.from);
    const toMs = Date.parse(window.to);
    const day = (ms: number) => DateTime.fromMillis(ms, { zone: timezone }).toISODate()!;
    const exact = toMs - fromMs === durationMinutes * 60_000;
    const query = { usernames, durationMinutes, timezone, from: day(fromMs), to: day(Math.max(fromMs, toMs - 1)) };
    const found = await scheduling.listCommonSlots(exact ? { ...query, stepMinutes: minimumSlotStepMinutes(durationMinutes) } : { ...query, smart: { near: Date.parse(options.window.from) } });
    return found.slots
      .filter((s) => Date.parse(s.start) >= fromMs && Date.parse(s.end) <= toMs)
      .slice(0, MAX_SLOT_CHOICES)
      .map((s) => ({ start: s.start, end: s.end }));
  };
  const slots = isOpenWindow(options.window) ? await list(options.window) : [];
  if (slots.length) return { slots, widened: false };
  return { slots: await list(widenedWindow(options.window, options.now)), widened: true };
}
