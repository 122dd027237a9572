/**
 * Reminder and follow-up rules of an event type, as its owner reads and replaces them.
 * Rules apply to meetings planned after the change (and to those moved later).
 */
import type { Knex } from 'knex';
import { requireOwnEventType } from '../../booking/eventTypeHosts.js';
import { DomainError } from '../../errors.js';
import { listNotificationRules, replaceNotificationRules } from './rules.js';
import { NOTIFICATION_CHANNELS, type NotificationChannel, type NotificationRule } from './types.js';

export interface EventTypeNotificationsInput {
  reminders: Array<{ minutesBefore: number; channel: NotificationChannel; template?: string | null }>;
  followUps: Array<{ hoursAfter: number; channel: NotificationChannel; template?: string | null }>;
}

export interface EventTypeNotifications {
  eventTypeId: string;
  reminders: Array<{ id: string; minutesBefore: number; channel: NotificationChannel; template: string | null }>;
  followUps: Array<{ id: string; hoursAfter: number; channel: NotificationChannel; template: string | null }>;
}

const MAX_RULES = 20;

function present(eventTypeId: string, rules: NotificationRule[]): EventTypeNotifications {
  return {
    eventTypeId,
    reminders: rules.filter((r) => r.kind === 'reminder').map((r) => ({ id: r.id, minutesBefore: r.offsetMinutes, channel: r.channel, template: r.template })),
    followUps: rules.filter((r) => r.kind === 'follow_up').map((r) => ({ id: r.id, hoursAfter: r.offsetMinutes / 60, channel: r.channel, template: r.template })),
  };
}

/** Rules of the caller's event type. Throws event_type_not_found. */
export async function getEventTypeNotifications(db: Knex, userId: string, eventTypeId: string): Promise<EventTypeNotifications> {
  const row = await requireOwnEventType(db, userId, eventTypeId);
  return present(row.id, await listNotificationRules(db, row.id));
}

/**
 * Replaces the rules of the caller's event type. Throws event_type_not_found, and
 * validation_failed for an unknown channel, more than 20 rules, or one rule given twice.
 */
export async function setEventTypeNotifications(db: Knex, userId: string, eventTypeId: string, input: EventTypeNotificationsInput): Promise<EventTypeNotifications> {
  const row = await requireOwnEventType(db, userId, eventTypeId);
  const rules = [
    ...input.reminders.map((r) => ({ kind: 'reminder' as const, channel: r.channel, offsetMinutes: r.minutesBefore, template: r.template ?? null })),
    ...input.followUps.map((r) => ({ kind: 'follow_up' as const, channel: r.channel, offsetMinutes: Math.round(r.hoursAfter * 60), template: r.template ?? null })),
  ];
  if (rules.length > MAX_RULES) throw new DomainError('validation_failed', `At most ${MAX_RULES} reminders and follow-ups per event type`, { errors: [{ field: 'reminders', message: `at most ${MAX_RULES} in all` }] });
  const seen = new Set<string>();
  for (const r of rules) {
    if (!NOTIFICATION_CHANNELS.includes(r.channel)) throw new DomainError('validation_failed', `Unknown channel ${r.channel}`, { errors: [{ field: 'channel', message: `one of ${NOTIFICATION_CHANNELS.join(', ')}` }] });
    const key = `${r.kind}:${r.channel}:${r.offsetMinutes}`;
    if (seen.has(key)) throw new DomainError('validation_failed', `The same ${r.kind === 'reminder' ? 'reminder' : 'follow-up'} is given twice (${r.channel}, ${r.offsetMinutes} min)`, { errors: [{ field: r.kind === 'reminder' ? 'reminders' : 'followUps', message: 'given twice' }] });
    seen.add(key);
  }
  return present(row.id, await replaceNotificationRules(db, row.id, rules));
}
