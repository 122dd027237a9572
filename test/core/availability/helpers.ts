import { DateTime } from 'luxon';
import type { HostAvailability, Schedule, Weekday, WeeklyRule } from '../../../core/availability/index.js';
import type { Interval } from '../../../core/time/intervals.js';

export const ALL_DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const WORKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** An unambiguous local ISO date-time ("2026-06-01T09:00") in a zone → epoch ms. */
export function at(localIso: string, zone: string): number {
  const dt = DateTime.fromISO(localIso, { zone });
  if (!dt.isValid) throw new Error(`bad test time ${localIso}`);
  return dt.toMillis();
}

/** Epoch ms → "yyyy-MM-dd HH:mm" in a zone. */
export function wall(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');
}

/** Epoch ms → "HH:mm" in a zone. */
export function clock(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat('HH:mm');
}

export function weekly(start: string, end: string, days: Weekday[] = ALL_DAYS): WeeklyRule[] {
  return days.map((day) => ({ day, start, end }));
}

export function schedule(timezone: string, rules: WeeklyRule[], overrides: Schedule['overrides'] = []): Schedule {
  return { timezone, weekly: rules, overrides };
}

export function host(hostId: string, sched: Schedule, busy: Interval[] = [], dailyLimits: HostAvailability['dailyLimits'] = []): HostAvailability {
  return { hostId, schedule: sched, busy, dailyLimits };
}
