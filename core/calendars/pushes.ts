/**
 * Incoming pushes, verified before they act. Google: the channel id must be one of ours and
 * X-Goog-Channel-Token its secret; Microsoft: each notification's subscription must be ours and
 * carry its clientState. A push only triggers a sync of that calendar (the push content is never
 * trusted as data); Google deliveries are stored by channel and message number first, so a
 * redelivery syncs once. A wrong secret changes nothing and is logged.
 */
import { hashSecret, safeEqual } from '../auth/secrets.js';
import type { CalendarContext } from './context.js';
import type { CalendarRow } from './records.js';
import { syncCalendar } from './syncCalendar.js';

export type PushOutcome = 'synced' | 'duplicate' | 'ignored' | 'rejected';

async function calendarByChannel(ctx: CalendarContext, channelId: string): Promise<CalendarRow | undefined> {
  return channelId ? ctx.db<CalendarRow>('connected_calendars').where({ channel_id: channelId }).first() : undefined;
}

const secretMatches = (calendar: CalendarRow, secret: string) => Boolean(calendar.channel_secret_hash) && safeEqual(hashSecret(secret), calendar.channel_secret_hash!);

/** Records a delivery; false when it was already handled. */
async function firstDelivery(ctx: CalendarContext, provider: string, deliveryId: string): Promise<boolean> {
  const inserted = await ctx.db('calendar_push_deliveries').insert({ provider, delivery_id: deliveryId.slice(0, 300), created_at: ctx.clock.now() }).onConflict(['provider', 'delivery_id']).ignore().returning('delivery_id');
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
  if (!(await firstDelivery(ctx, 'google', `${push.channelId}:${push.messageNumber}`))) return 'duplicate';
  await syncCalendar(ctx, calendar.id);
  return 'synced';
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
  const toSync = new Map<string, CalendarRow>();
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
    // Graph notifications carry no delivery id; a repeated one only repeats an idempotent sync.
    toSync.set(calendar.id, calendar);
  }
  for (const calendar of toSync.values()) await syncCalendar(ctx, calendar.id);
  if (rejected) return 'rejected';
  return toSync.size ? 'synced' : 'ignored';
}
