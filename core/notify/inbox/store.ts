/**
 * In-app notifications (`inapp_notifications`): written inside the transaction of the change
 * they tell about, announced on the pub/sub channel `notifications:<userId>` once that
 * transaction commits, read by the API (list, mark read) and the live stream (SSE).
 * Ids grow: the stream resumes after the last id a client saw (Last-Event-ID).
 */
import type { Knex } from 'knex';
import type { PubSub } from '../../cache/pubsub.js';
import type { Clock } from '../../clock.js';

export interface InAppNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  bookingId: string | null;
  read: boolean;
  createdAt: string;
}

export interface NewInAppNotification {
  userId: string;
  kind: string;
  title: string;
  body: string;
  bookingId?: string | null;
  /** Unique per notice: the same notice is stored once however often it is written. */
  dedupKey: string;
}

interface NotificationRow {
  id: string | number | bigint;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  booking_id: string | null;
  read_at: Date | string | null;
  created_at: Date | string;
}

type Db = Knex | Knex.Transaction;

/** The pub/sub channel that wakes a user's streams. */
export const notificationsChannel = (userId: string): string => `notifications:${userId}`;

export const presentNotification = (r: NotificationRow): InAppNotification => ({
  id: String(r.id),
  kind: r.kind,
  title: r.title,
  body: r.body,
  bookingId: r.booking_id,
  read: Boolean(r.read_at),
  createdAt: new Date(r.created_at).toISOString(),
});

/** Runs `fn` once the outermost transaction of `trx` commits (never when it rolls back). */
export function afterCommit(trx: Db, fn: () => void): void {
  let root = trx as Knex.Transaction;
  while (root.parentTransaction) root = root.parentTransaction;
  if (!root.isTransaction || !root.executionPromise) {
    fn();
    return;
  }
  root.executionPromise.then(fn, () => {});
}

/** Writes notifications for a change; what the booking notifier and the webhook sender use. */
export interface InboxWriter {
  add(trx: Db, notices: NewInAppNotification[]): Promise<void>;
}

export function createInboxWriter({ clock, pubsub }: { clock: Clock; pubsub?: PubSub }): InboxWriter {
  return {
    async add(trx, notices) {
      if (!notices.length) return;
      const now = clock.now();
      const rows = await trx('inapp_notifications')
        .insert(notices.map((n) => ({ user_id: n.userId, kind: n.kind, title: n.title, body: n.body, booking_id: n.bookingId ?? null, dedup_key: n.dedupKey, created_at: now })))
        .onConflict('dedup_key')
        .ignore()
        .returning(['id', 'user_id']);
      if (!pubsub) return;
      const users = [...new Set((rows as Array<{ user_id: string }>).map((r) => r.user_id))];
      afterCommit(trx, () => {
        for (const userId of users) void pubsub.publish(notificationsChannel(userId), { userId }).catch(() => {});
      });
    },
  };
}

export interface ListNotificationsOptions {
  unread?: boolean;
  limit?: number;
  /** Only notifications after this id (the stream's cursor), oldest first. */
  afterId?: string;
}

/** A user's notifications: newest first, or oldest first after `afterId`. */
export async function listNotifications(db: Db, userId: string, options: ListNotificationsOptions = {}): Promise<InAppNotification[]> {
  const q = db('inapp_notifications').where({ user_id: userId }).limit(options.limit ?? 50);
  if (options.unread) q.whereNull('read_at');
  if (options.afterId !== undefined) q.where('id', '>', options.afterId).orderBy('id', 'asc');
  else q.orderBy('id', 'desc');
  return ((await q) as NotificationRow[]).map(presentNotification);
}

/** The newest notification id of a user ('0' when none): where a fresh stream starts. */
export async function latestNotificationId(db: Db, userId: string): Promise<string> {
  const row = await db('inapp_notifications').where({ user_id: userId }).max('id as id').first();
  return row?.id ? String(row.id) : '0';
}

/** Marks the user's notifications read: the given ids, or all of them. Returns how many changed. */
export async function markNotificationsRead(db: Db, userId: string, target: { ids: string[] } | 'all', now: Date): Promise<number> {
  const q = db('inapp_notifications').where({ user_id: userId }).whereNull('read_at');
  if (target !== 'all') q.whereIn('id', target.ids);
  const changed = await q.update({ read_at: now }).returning('id');
  return changed.length;
}
