/**
 * Plans reminders and follow-ups as outbox rows due at their instants, inside the booking
 * change's own transaction: a new or approved meeting gets its rows, a moved one has every
 * pending row withdrawn and planned again from the new time, a canceled, declined or
 * no-show meeting has them withdrawn. So a canceled or moved meeting never gets a stale
 * reminder: the rows are gone in the same commit as the change (invariant 3).
 */
import type { Knex } from 'knex';
import type { Clock } from '../../clock.js';
import { enqueueOutboxMessages, type EmailPayload, type NewOutboxMessage } from '../outbox.js';
import { loadChangeSnapshot, type MeetingSnapshot } from '../meetingSnapshot.js';
import { isWanted, quietHoursOf } from '../preferences/store.js';
import { unsubscribeUrl } from '../preferences/unsubscribe.js';
import type { BookingChange, BookingNotifier } from '../types.js';
import { meetingLink } from '../../feeds/viewLinks.js';
import { attendeeManageTokens } from '../attendeeTokens.js';
import { planNotifications, type PlannedNotification } from './plan.js';
import { deferPastQuietHours } from './quietHours.js';
import { loadMeetingRecipients, type NoticeRecipient } from './recipients.js';
import { renderNotice, renderNoticeEmail } from './render.js';
import type { ChatPayload, NotificationChannel, PushPayload, SmsPayload } from './types.js';
import { escapeLike } from '../../db/like.js';

export interface CreateReminderNotifierOptions {
  clock: Clock;
  publicUrl: string;
  maxAttempts: number;
  /** Signs unsubscribe links. */
  unsubscribeKey: Buffer;
  /**
   * The server's secret: recomputes the invitees' manage tokens for their links (core/booking/manageTokens.ts),
   * else signs a read-only meeting link (core/feeds/viewLinks.ts); without it the bare page.
   */
  viewSecret?: string;
  /** Channels that can deliver in this deployment ('email' always; 'sms' with Twilio, …). */
  channels: { has(channel: NotificationChannel): boolean };
}

// A reassigned meeting is planned again too: the former host's notices go, the new host's come,
// and the invitees' name the new host (rows already sent keep their keys and are not sent again).
// A video link made after booking is planned again too, so the reminders carry it.
const PLAN_ON = new Set<BookingChange['type']>(['created', 'approved', 'rescheduled', 'reassigned', 'conference_added']);
const WITHDRAW_ON = new Set<BookingChange['type']>(['rescheduled', 'canceled', 'declined', 'no_show', 'reassigned', 'conference_added']);

/** Deletes the bookings' reminder and follow-up rows not sent yet; returns how many. */
export async function withdrawPendingNotices(trx: Knex.Transaction | Knex, bookingIds: string | readonly string[]): Promise<number> {
  const rows = await trx('outbox')
    .whereIn('booking_id', typeof bookingIds === 'string' ? [bookingIds] : [...bookingIds])
    .where({ status: 'pending' })
    .where((q) => q.whereLike('idempotency_key', 'reminder:%').orWhereLike('idempotency_key', 'followup:%'))
    .delete()
    .returning('id');
  return rows.length;
}

/**
 * Deletes the not-yet-sent reminder and follow-up rows of some attendees of a booking (a seat
 * given up): the other attendees keep theirs. Their keys name the address (see buildNotice).
 */
async function withdrawAttendeeNotices(trx: Knex.Transaction | Knex, bookingId: string, attendeeIds: readonly string[]): Promise<void> {
  const emails: string[] = (await trx('booking_attendees').whereIn('id', [...attendeeIds]).pluck('email')).map((e: string) => e.toLowerCase());
  if (!emails.length) return;
  await trx('outbox')
    .where({ booking_id: bookingId, status: 'pending' })
    .where((q) => {
      for (const email of emails) {
        const address = escapeLike(email);
        q.orWhereLike('idempotency_key', `reminder:${bookingId}:%:${address}:%`).orWhereLike('idempotency_key', `followup:${bookingId}:%:${address}:%`);
      }
    })
    .delete();
}

interface BuildContext extends CreateReminderNotifierOptions {
  now: Date;
  /** By attendee id, the manage tokens their links may carry. */
  manageTokens?: Record<string, string>;
}

/** A host's link asks them to sign in; an invitee's carries their manage token when there is one, else the read-only summary. */
function noticeLink(ctx: BuildContext, snapshot: MeetingSnapshot, who: NoticeRecipient): string {
  const page = `${ctx.publicUrl}/meetings/${encodeURIComponent(snapshot.id)}`;
  if (who.role === 'host') return page;
  const token = who.attendeeId ? ctx.manageTokens?.[who.attendeeId] : undefined;
  return token ? `${page}?token=${encodeURIComponent(token)}` : meetingLink(ctx.publicUrl, snapshot.id, ctx.viewSecret);
}

/** The outbox row for one planned notice to one recipient, or null when they cannot or do not want it. */
function buildNotice(ctx: BuildContext, snapshot: MeetingSnapshot, plan: PlannedNotification, who: NoticeRecipient, wanted: boolean, dueAt: Date): NewOutboxMessage | null {
  const { rule } = plan;
  if (!wanted || !ctx.channels.has(rule.channel)) return null;
  if (rule.channel !== 'email' && !who.reachable.has(rule.channel)) return null;
  if (rule.channel !== 'email' && !who.userId) return null;
  const link = noticeLink(ctx, snapshot, who);
  const notice = renderNotice({ kind: rule.kind, meeting: snapshot, recipient: who, offsetMinutes: rule.offsetMinutes, template: rule.template, link });
  const prefix = rule.kind === 'reminder' ? 'reminder' : 'followup';
  const idempotencyKey = `${prefix}:${snapshot.id}:${rule.id}:${who.email.toLowerCase()}:${snapshot.start.toISOString()}`;
  const base = { idempotencyKey, bookingId: snapshot.id, dueAt, channel: rule.channel };
  const userId = who.userId!;
  switch (rule.channel) {
    case 'email': {
      const url = unsubscribeUrl(ctx.publicUrl, ctx.unsubscribeKey, { email: who.email, kind: rule.kind });
      const payload: EmailPayload = { to: who.email, toName: who.name, ...renderNoticeEmail(notice, who.name, url), ics: null, icsMethod: null, unsubscribeUrl: url };
      return { ...base, payload };
    }
    case 'sms':
      return { ...base, payload: { userId, body: notice.text } satisfies SmsPayload };
    case 'push':
      return { ...base, payload: { userId, title: notice.subject, body: notice.text, url: link } satisfies PushPayload };
    case 'chat':
      return { ...base, payload: { userId, text: `${notice.subject}\n${notice.text}` } satisfies ChatPayload };
  }
}

/** Every reminder and follow-up row of a scheduled meeting, each due at its instant (after the recipient's quiet hours). */
export async function planMeetingNotices(trx: Knex.Transaction | Knex, ctx: BuildContext, snapshot: MeetingSnapshot): Promise<NewOutboxMessage[]> {
  if (snapshot.status !== 'scheduled') return [];
  const rules = snapshot.notificationRules;
  const planned = planNotifications(rules, { start: snapshot.start, end: snapshot.end, now: ctx.now });
  if (!planned.length) return [];
  const { recipients, preferences } = await loadMeetingRecipients(trx, snapshot);
  const out: NewOutboxMessage[] = [];
  for (const plan of planned) {
    for (const who of recipients) {
      const dueAt = deferPastQuietHours(plan.dueAt, who.timezone, quietHoursOf(preferences, who));
      // A reminder held back by quiet hours past the start has nothing left to remind of.
      if (plan.rule.kind === 'reminder' && dueAt.getTime() >= snapshot.start.getTime() && dueAt.getTime() !== plan.dueAt.getTime()) continue;
      const message = buildNotice(ctx, snapshot, plan, who, isWanted(preferences, who, plan.rule.channel, plan.rule.kind), dueAt);
      if (message) out.push(message);
    }
  }
  return out;
}

/** The BookingNotifier that keeps a meeting's reminder and follow-up rows in step with it. */
export function createReminderNotifier(options: CreateReminderNotifierOptions): BookingNotifier {
  return {
    async bookingChanged(trx, change) {
      // A seat given up: only that attendee's notices go; the session and its other attendees keep theirs.
      if (change.type === 'canceled' && change.attendeeIds?.length) return withdrawAttendeeNotices(trx, change.bookingId, change.attendeeIds);
      if (WITHDRAW_ON.has(change.type)) await withdrawPendingNotices(trx, change.bookingId);
      if (!PLAN_ON.has(change.type)) return;
      const snapshot = await loadChangeSnapshot(trx, change);
      if (!snapshot) return;
      const manageTokens = snapshot.status === 'scheduled' && snapshot.notificationRules.length ? await attendeeManageTokens(trx, change, snapshot, options.viewSecret) : undefined;
      const ctx = { ...options, now: options.clock.now(), manageTokens };
      await enqueueOutboxMessages(trx, await planMeetingNotices(trx, ctx, snapshot), { clock: options.clock, maxAttempts: options.maxAttempts });
    },
  };
}
