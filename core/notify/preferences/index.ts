/**
 * Notification settings as the API and CLI use them: preferences, unsubscribe, and the
 * reminder and follow-up rules of event types, wired over one database and clock.
 */
import type { Knex } from 'knex';
import type { Clock } from '../../clock.js';
import { getEventTypeNotifications, setEventTypeNotifications, type EventTypeNotificationsInput } from '../reminders/service.js';
import { getNotificationPreferences, resubscribeByToken, unsubscribeByToken, updateNotificationPreferences, type NotificationPreferencesInput, type ReplanNotices } from './service.js';
import { verifyUnsubscribeToken } from './unsubscribe.js';

export function createNotificationSettings({ db, clock, unsubscribeKey, replan }: { db: Knex; clock: Clock; unsubscribeKey: Buffer; replan?: ReplanNotices }) {
  return {
    getPreferences: (userId: string) => getNotificationPreferences(db, userId),
    updatePreferences: (userId: string, input: NotificationPreferencesInput) => updateNotificationPreferences(db, clock, userId, input, replan),
    /** What an unsubscribe token names (null when invalid), for the confirmation page. */
    readUnsubscribeToken: (token: string) => verifyUnsubscribeToken(unsubscribeKey, token),
    unsubscribe: (token: string) => unsubscribeByToken(db, clock, unsubscribeKey, token, replan),
    /** Undoes `unsubscribe` for the same token. */
    resubscribe: (token: string) => resubscribeByToken(db, unsubscribeKey, token, replan),
    getEventTypeNotifications: (userId: string, eventTypeId: string) => getEventTypeNotifications(db, userId, eventTypeId),
    setEventTypeNotifications: (userId: string, eventTypeId: string, input: EventTypeNotificationsInput) => setEventTypeNotifications(db, userId, eventTypeId, input),
  };
}

export type NotificationSettings = ReturnType<typeof createNotificationSettings>;
