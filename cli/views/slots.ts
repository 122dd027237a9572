import { DateTime } from 'luxon';
import { formatWallClockTime } from '../../core/time/wallClock.js';
import type { Painter } from '../terminal.js';
import type { Slot } from '../types.js';

/** Slots grouped by local day: "Wed 25 Nov  09:00 09:30 10:00 …"; a group session's time shows its seats left, "09:00 (3/5 left)". */
export function slotsByDay(slots: Slot[], zone: string, paint: Painter): string {
  const days = new Map<string, string[]>();
  for (const slot of slots) {
    const start = DateTime.fromISO(slot.start, { zone: 'utc' }).setZone(zone);
    const key = start.toFormat('ccc dd LLL yyyy');
    if (!days.has(key)) days.set(key, []);
    const seats = slot.seatsTotal !== undefined ? ` (${slot.seatsLeft}/${slot.seatsTotal} left)` : '';
    days.get(key)!.push(`${start.toFormat('HH:mm')}${seats}`);
  }
  return [...days].map(([day, times]) => `${paint('bold', day)}  ${times.join(' ')}`).join('\n');
}

/** Smart ranking: the best three with their scores and reasons, then the rest by day. */
export function rankedSlots(slots: Slot[], zone: string, paint: Painter): string {
  const best = slots.slice(0, 3).map((s, i) => `  ${i + 1}. ${slotLabel(s, zone)}  ${paint('dim', `score ${s.score ?? 0}`)}\n     ${(s.reasons ?? []).join('; ')}`);
  const rest = [...slots.slice(3)].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return [paint('bold', 'Best times:'), ...best, ...(rest.length ? [paint('bold', 'Other free times:'), slotsByDay(rest, zone, paint)] : [])].join('\n');
}

export const slotLabel = (slot: Slot, zone: string): string => {
  const start = DateTime.fromISO(slot.start, { zone: 'utc' }).setZone(zone);
  const end = DateTime.fromISO(slot.end, { zone: 'utc' }).setZone(zone);
  return `${start.toFormat('ccc dd LLL')} ${formatWallClockTime(start)}–${formatWallClockTime(end)}`;
};

/** Each person's state per time, as /api/availability/people answers. */
export interface PeopleStates {
  timezone: string;
  people: string[];
  times: Array<{ start: string; end: string; states: Record<string, string> }>;
}

/** "Tue 01 Dec 09:00  alice busy, bob free", one line per time. */
export function peopleStateLines(list: PeopleStates, zone: string): string[] {
  return list.times.map((t) => `  ${DateTime.fromISO(t.start, { zone: 'utc' }).setZone(zone).toFormat('ccc dd LLL HH:mm')}  ${list.people.map((p) => `${p} ${t.states[p]}`).join(', ')}`);
}
