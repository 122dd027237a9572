/**
 * Reminder and follow-up rules of an event type: read when a meeting is planned, replaced
 * as a whole by the event type's owner.
 */
import type { Knex } from 'knex';
import type { NotificationChannel, NotificationRule } from './types.js';

interface RuleRow {
  id: string;
  kind: 'reminder' | 'follow_up';
  channel: NotificationChannel;
  offset_minutes: number;
  template: string | null;
}

const toRule = (r: RuleRow): NotificationRule => ({ id: r.id, kind: r.kind, channel: r.channel, offsetMinutes: r.offset_minutes, template: r.template });

/** The rules of one event type (none for a meeting without one), reminders first, longest lead first. */
export async function listNotificationRules(db: Knex | Knex.Transaction, eventTypeId: string | null): Promise<NotificationRule[]> {
  if (!eventTypeId) return [];
  const rows: RuleRow[] = await db('event_type_notifications').where({ event_type_id: eventTypeId }).orderBy([{ column: 'kind', order: 'desc' }, { column: 'offset_minutes', order: 'desc' }, { column: 'channel' }]);
  return rows.map(toRule);
}

/** Replaces the event type's rules with `rules` in one transaction. */
export async function replaceNotificationRules(db: Knex, eventTypeId: string, rules: ReadonlyArray<Omit<NotificationRule, 'id'>>): Promise<NotificationRule[]> {
  return db.transaction(async (trx) => {
    await trx('event_type_notifications').where({ event_type_id: eventTypeId }).delete();
    if (rules.length) {
      await trx('event_type_notifications').insert(rules.map((r) => ({ event_type_id: eventTypeId, kind: r.kind, channel: r.channel, offset_minutes: r.offsetMinutes, template: r.template })));
    }
    return listNotificationRules(trx, eventTypeId);
  });
}
