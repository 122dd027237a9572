/**
 * Incoming pushes, verified before they act. Google: the channel id must be one of ours and
 * X-Goog-Channel-Token its secret; Microsoft: each notification's subscription must be ours and
 * carry its clientState. A verified push only queues a sync of that calendar (the push content
 * is never trusted as data), which a worker runs shortly after (core/calendars/syncQueue.ts), so
 * the push is answered at once however slow the provider is. Google deliveries are stored by
 * channel and message number in the same transaction, so a redelivery queues nothing (they are
 * forgotten after a week, long after any redelivery). A wrong secret changes and queues nothing,
 * and is logged.
 */
import type { Knex } from 'knex';
import { hashSecret, safeEqual } from '../auth/secrets.js';
import { DAY_MS } from '../time/units.js';
import type { CalendarContext } from './context.js';
import type { CalendarRow } from './records.js';
import { queueCalendarSyncs, requestCalendarSyncs } from './syncQueue.js';

export type PushOutcome = 'queued' | 'duplicate' | 'ignored' | 'rejected';

async function calendarByChannel(ctx: CalendarContext, channelId: string): Promise<CalendarRow | undefined> {
  return channelId ? ctx.db<CalendarRow>('connected_calendars').where({ channel_id: channelId }).first() : undefined;
}

const secretMatches = (calendar: CalendarRow, secret: string) => Boolean(calendar.channel_secret_hash) && safeEqual(hashSecret(secret), calendar.channel_secret_hash!);

/** How long a handled push is remembered: providers redeliver within hours, so after a week none comes again. */
export const PUSH_DELIVERY_RETENTION_MS = 7 * DAY_MS;

/** Forgets pushes handled over {@link PUSH_DELIVERY_RETENTION_MS} ago (one row per push, they would pile up); returns how many. */
export async function purgePushDeliveries(db: Knex, now: Date): Promise<number> {
  const deleted = await db('calendar_push_deliveries')
    .where('created_at', '<', new Date(now.getTime() - PUSH_DELIVERY_RETENTION_MS))
    .delete()
    .returning('delivery_id');
  return deleted.length;
}

/** Records a delivery; false when it was already handled. */
async function firstDelivery(ctx: CalendarContext, trx: Knex.Transaction, provider: string, deliveryId: string): Promise<boolean> {
  const inserted = await trx('calendar_push_deliveries').insert({ provider, delivery_id: deliveryId.slice(0, 300), created_at: ctx.clock.now() }).onConflict(['provider', 'delivery_id']).ignore().returning('delivery_id');
  return inserted.length > 0;
}

export interface GooglePushHeaders {
  channelId: string;
  token: string;
  resourceState: string;
  messageNumber: string;
}

/** Handles one Google push (X-Goog-* headers). */
export async function handleGooglePush(ctx: CalendarContext, push: GooglePushHeaders): Promise<PushOutcome> {
  const calendar = await calendarByChannel(ctx, push.channelId);
  if (!calendar) {
    ctx.logger.warn({ provider: 'google', channelId: push.channelId.slice(0, 80) }, 'push for an unknown channel ignored');
    return 'ignored';
  }
  if (!secretMatches(calendar, push.token)) {
    ctx.logger.warn({ provider: 'google', calendarId: calendar.id }, 'push with a wrong channel token rejected');
    return 'rejected';
  }
  // "sync" only announces a new channel.
  if (push.resourceState === 'sync') return 'ignored';
  const queued = await ctx.db.transaction(async (trx) => {
    if (!(await firstDelivery(ctx, trx, 'google', `${push.channelId}:${push.messageNumber}`))) return false;
    await queueCalendarSyncs(ctx, trx, [calendar.id]);
    return true;
  });
  if (!queued) return 'duplicate';
  ctx.syncQueued?.();
  return 'queued';
}

export interface GraphNotification {
  subscriptionId?: string;
  clientState?: string;
  changeType?: string;
  resource?: string;
  resourceData?: { id?: string };
}

/** Handles a Graph notification batch; the worst outcome decides the answer (a forged one is rejected). */
export async function handleMicrosoftPush(ctx: CalendarContext, notifications: GraphNotification[]): Promise<PushOutcome> {
  const toSync = new Set<string>();
  let rejected = false;
  for (const n of notifications) {
    const calendar = await calendarByChannel(ctx, String(n.subscriptionId ?? ''));
    if (!calendar) {
      ctx.logger.warn({ provider: 'microsoft', subscriptionId: String(n.subscriptionId ?? '').slice(0, 80) }, 'notification for an unknown subscription ignored');
      continue;
    }
    if (!secretMatches(calendar, String(n.clientState ?? ''))) {
      ctx.logger.warn({ provider: 'microsoft', calendarId: calendar.id }, 'notification with a wrong clientState rejected');
      rejected = true;
      continue;
    }
    // Graph notifications carry no delivery id; a repeated one joins the sync already waiting.
    toSync.add(calendar.id);
  }
  if (toSync.size) await requestCalendarSyncs(ctx, [...toSync]);
  if (rejected) return 'rejected';
  return toSync.size ? 'queued' : 'ignored';
}
