/** In-app notifications, wired: the writer the notifiers use, and the reads of the API and stream. */
import type { Knex } from 'knex';
import { createMemoryPubSub, type PubSub } from '../../cache/pubsub.js';
import type { Clock } from '../../clock.js';
import { DomainError } from '../../errors.js';
import { listNotificationLog, type NotificationLogQuery, type NotificationLogViewer } from '../log.js';
import { createInboxWriter, latestNotificationId, listNotifications, markNotificationsRead, notificationsChannel, type ListNotificationsOptions } from './store.js';

export interface InboxServiceDeps {
  db: Knex;
  clock: Clock;
  /** Wakes streams in every process (Redis) or this one (memory, the default). */
  pubsub?: PubSub;
}

const ID = /^\d{1,18}$/;

export function createInboxService({ db, clock, pubsub = createMemoryPubSub() }: InboxServiceDeps) {
  return {
    writer: createInboxWriter({ clock, pubsub }),
    list: (userId: string, options: ListNotificationsOptions = {}) => listNotifications(db, userId, options),
    latestId: (userId: string) => latestNotificationId(db, userId),
    /** Marks the given ids (or all) read. Throws validation_failed for an id that is not a notification id. */
    async markRead(userId: string, target: { ids: string[] } | 'all'): Promise<number> {
      if (target !== 'all') {
        const bad = target.ids.find((id) => !ID.test(id));
        if (bad !== undefined) throw new DomainError('validation_failed', `"${bad}" is not a notification id`, { errors: [{ field: 'ids', message: 'expected notification ids' }] });
      }
      return markNotificationsRead(db, userId, target, clock.now());
    },
    /** The notification log (every channel's messages). Throws validation_failed for a bad cursor. */
    log: (viewer: NotificationLogViewer, query: NotificationLogQuery) => listNotificationLog(db, viewer, query),
    /** Calls `wake` whenever a notification for `userId` commits (in any process sharing the pub/sub). */
    subscribe: (userId: string, wake: () => void) => pubsub.subscribe(notificationsChannel(userId), () => wake()),
  };
}

export type InboxService = ReturnType<typeof createInboxService>;
