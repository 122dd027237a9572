import { DateTime } from 'luxon';
import { minimumSlotStepMinutes } from '../availability/slotStep.js';
import type { SchedulingService } from '../booking/index.js';
import { isOpenWindow, MAX_SLOT_CHOICES, widenedWindow } from './searchWindow.js';
import type { ProposedSlot, SearchWindow } from './types.js';

export interface FindFreeSlotsOptions {
  usernames: string[];
  durationMinutes: number;
  timezone: string;
  /** Where to look: one window, or one per alternative a request offers ("monday or tuesday"). */
  windows: SearchWindow[];
  now: Date;
}

/** The best of each list in turn (each list best first), each start once: every window offers its best. */
function takeInTurn(lists: ProposedSlot[][]): ProposedSlot[] {
  const taken: ProposedSlot[] = [];
  for (let rank = 0; lists.some((list) => rank < list.length); rank += 1) {
    for (const slot of lists.flatMap((list) => list[rank] ?? [])) if (!taken.some((t) => t.start === slot.start)) taken.push(slot);
  }
  return taken.slice(0, MAX_SLOT_CHOICES);
}

/**
 * Up to {@link MAX_SLOT_CHOICES} times when everyone named is free inside the windows, best first
 * by smart times (core/availability/ranking.ts: closeness to the asked time, everyone's
 * working day, focus, buffers, load); with several windows (a choice: "monday or tuesday") the
 * best of each in turn, so every one is offered. When there are none, the best ones in the
 * widened window after the last ({@link widenedWindow}). A window one meeting long (a time named
 * exactly, "friday at quarter past nine") is looked up on the finest grid, so a free 09:15 is
 * found where the meeting-long grid has only 09:00 and 09:30.
 * Throws user_not_found and validation_failed from the scheduling service.
 */
export async function findFreeSlots(scheduling: Pick<SchedulingService, 'listCommonSlots'>, options: FindFreeSlotsOptions): Promise<{ slots: ProposedSlot[]; widened: boolean }> {
  const { usernames, durationMinutes, timezone } = options;
  // The service takes whole days in the zone: ask for the days the window covers, keep the slots inside it.
  // Smart times rank by closeness to `near`: the start of the window asked for, also when searching the days after it.
  const list = async (window: SearchWindow, near = Date.parse(window.from)): Promise<ProposedSlot[]> => {
    const fromMs = Date.parse(window.from);
    const toMs = Date.parse(window.to);
    const day = (ms: number) => DateTime.fromMillis(ms, { zone: timezone }).toISODate()!;
    const exact = toMs - fromMs === durationMinutes * 60_000;
    const query = { usernames, durationMinutes, timezone, from: day(fromMs), to: day(Math.max(fromMs, toMs - 1)) };
    const found = await scheduling.listCommonSlots(exact ? { ...query, stepMinutes: minimumSlotStepMinutes(durationMinutes) } : { ...query, smart: { near } });
    return found.slots
      .filter((s) => Date.parse(s.start) >= fromMs && Date.parse(s.end) <= toMs)
      .slice(0, MAX_SLOT_CHOICES)
      .map((s) => ({ start: s.start, end: s.end }));
  };
  const lists: ProposedSlot[][] = [];
  for (const window of options.windows.filter(isOpenWindow)) lists.push(await list(window));
  const slots = takeInTurn(lists);
  if (slots.length) return { slots, widened: false };
  const last = options.windows.reduce((a, b) => (Date.parse(b.to) > Date.parse(a.to) ? b : a));
  return { slots: await list(widenedWindow(last, options.now), Date.parse(last.from)), widened: true };
}
