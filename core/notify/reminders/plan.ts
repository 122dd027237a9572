/**
 * When each reminder and follow-up of a meeting is due. Pure: instants in, instants out.
 * Offsets are exact durations on the UTC timeline ("24 h before" is 86 400 s before the
 * start), so a DST change between the reminder and the meeting moves neither.
 */
import type { NotificationRule } from './types.js';

export interface PlannedNotification {
  rule: NotificationRule;
  dueAt: Date;
}

export interface PlanNotificationsOptions {
  start: Date;
  end: Date;
  now: Date;
}

const MINUTE_MS = 60_000;

/**
 * The due instant of every rule: reminders `offsetMinutes` before `start`, follow-ups
 * `offsetMinutes` after `end`. A reminder whose instant has already passed when the meeting
 * is booked (a meeting booked 30 minutes ahead has no "24 h before") is left out rather than
 * sent at once; one due in a few seconds is kept, however short the dispatcher's interval.
 * Example: start 10:00Z, rules 24 h and 1 h before → due 10:00Z the day before and 09:00Z.
 */
export function planNotifications(rules: readonly NotificationRule[], { start, end, now }: PlanNotificationsOptions): PlannedNotification[] {
  const out: PlannedNotification[] = [];
  for (const rule of rules) {
    const dueAt = rule.kind === 'reminder' ? new Date(start.getTime() - rule.offsetMinutes * MINUTE_MS) : new Date(end.getTime() + rule.offsetMinutes * MINUTE_MS);
    if (dueAt.getTime() < now.getTime()) continue;
    out.push({ rule, dueAt });
  }
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}
