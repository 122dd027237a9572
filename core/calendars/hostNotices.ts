/**
 * E-mails to a host about their calendars: a connection that needs reconnecting, a calendar gone
 * at the provider, an outside event placed over one of their bookings, and a move of one of our
 * events that was put back. Queued in the outbox like every message,
 * each under an idempotency key so the same notice is never sent twice.
 */
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { noticeEmail } from '../notify/email/notice.js';
import { enqueueOutboxMessages } from '../notify/outbox.js';
import type { CalendarContext } from './context.js';
import type { ExternalConflict } from './store.js';

const PROVIDER_NAMES = { google: 'Google Calendar', microsoft: 'Outlook', caldav: 'CalDAV' } as const;

interface Host {
  id: string;
  name: string;
  email: string;
  timezone: string;
}

async function loadHost(db: Knex, userId: string): Promise<Host | undefined> {
  return db<Host>('users').where({ id: userId }).first('id', 'name', 'email', 'timezone');
}

/** Tells the host that `account` needs reconnecting; once per time the connection turned stale. */
export async function queueReconnectNotice(
  ctx: CalendarContext,
  trx: Knex,
  connection: { id: string; user_id: string; provider: keyof typeof PROVIDER_NAMES; account: string },
  at: Date,
): Promise<void> {
  const host = await loadHost(trx, connection.user_id);
  if (!host) return;
  const provider = PROVIDER_NAMES[connection.provider];
  const payload = noticeEmail(host, `Reconnect your calendar: ${provider} (${connection.account})`, [
    `Yava can no longer read your ${provider} calendar ${connection.account}: access was revoked or has expired.`,
    'Until you reconnect it, Yava cannot see busy times in it, and new bookings are not written to it.',
    `Reconnect: run "yava calendars connect ${connection.provider}", or open ${ctx.settings.publicUrl} and connect it again.`,
  ]);
  await enqueueOutboxMessages(
    trx,
    [{ channel: 'email', idempotencyKey: `calendar-reconnect:${connection.id}:${at.toISOString()}`, payload }],
    { clock: ctx.clock, maxAttempts: ctx.settings.outboxMaxAttempts },
  );
}

/**
 * Tells the host that a calendar is gone at the provider and Yava removed it; once per calendar.
 * `destinationOf`: what was written to it (all their bookings, or some event types').
 */
export async function queueCalendarGoneNotice(
  ctx: CalendarContext,
  trx: Knex,
  connection: { user_id: string; provider: keyof typeof PROVIDER_NAMES; account: string },
  calendar: { id: string; name: string },
  destinationOf: { all: boolean; eventTypes: string[] },
): Promise<void> {
  const host = await loadHost(trx, connection.user_id);
  if (!host) return;
  const provider = PROVIDER_NAMES[connection.provider];
  const written = destinationOf.all ? 'New bookings were written to it' : destinationOf.eventTypes.length ? `Bookings of ${destinationOf.eventTypes.map((t) => `"${t}"`).join(', ')} were written to it` : null;
  const payload = noticeEmail(host, `Calendar removed: ${calendar.name} (${provider})`, [
    `Your calendar "${calendar.name}" (${connection.account}) is gone from ${provider}: it was deleted there, or the account can no longer see it.`,
    'Yava has removed it: it no longer blocks your booking times. No booking was canceled.',
    ...(written ? [`${written}; until you choose another calendar for them, they are not written to any: run "yava calendars use NAME", or open ${ctx.settings.publicUrl}/app/calendars.`] : []),
  ]);
  await enqueueOutboxMessages(trx, [{ channel: 'email', idempotencyKey: `calendar-gone:${calendar.id}`, payload }], { clock: ctx.clock, maxAttempts: ctx.settings.outboxMaxAttempts });
}

/** Tells the host about outside events over their bookings; each conflict once. */
export async function queueConflictNotices(
  ctx: CalendarContext,
  trx: Knex,
  userId: string,
  calendarName: string,
  conflicts: ExternalConflict[],
): Promise<void> {
  if (!conflicts.length) return;
  const host = await loadHost(trx, userId);
  if (!host) return;
  const messages = [];
  for (const c of conflicts) {
    const booking = await trx('bookings').where({ id: c.bookingId }).first('id', 'title', 'start_at');
    if (!booking) continue;
    const when = (ms: number) => DateTime.fromMillis(ms, { zone: host.timezone }).toFormat('ccc d LLL yyyy, HH:mm');
    const payload = noticeEmail(host, `Calendar conflict: "${c.summary ?? 'Busy'}" overlaps "${booking.title}"`, [
      `An event in your calendar "${calendarName}", "${c.summary ?? 'Busy'}" (${when(c.start)}–${DateTime.fromMillis(c.end, { zone: host.timezone }).toFormat('HH:mm')}, ${host.timezone}), overlaps your booking "${booking.title}" at ${when(new Date(booking.start_at).getTime())}.`,
      `The booking still stands. To move it: yava reschedule ${booking.id} --to WHEN; to cancel it: yava cancel ${booking.id}.`,
    ]);
    messages.push({
      channel: 'email',
      idempotencyKey: `calendar-conflict:${c.bookingId}:${c.instanceKey}:${c.start}:${c.end}`,
      payload,
      bookingId: c.bookingId,
    });
  }
  await enqueueOutboxMessages(trx, messages, { clock: ctx.clock, maxAttempts: ctx.settings.outboxMaxAttempts });
}

/**
 * Tells the host that moving a booking's event in their calendar was undone: the new time
 * would have double-booked a host, so the event went back to the booking's time. Once per move.
 */
export async function queueMoveRefusedNotice(ctx: CalendarContext, trx: Knex, userId: string, booking: { id: string; title: string; start_at: Date | string; end_at: Date | string }, tried: { start: number; end: number }): Promise<void> {
  const host = await loadHost(trx, userId);
  if (!host) return;
  const at = (ms: number) => DateTime.fromMillis(ms, { zone: host.timezone }).toFormat('ccc d LLL yyyy, HH:mm');
  const until = (ms: number) => DateTime.fromMillis(ms, { zone: host.timezone }).toFormat('HH:mm');
  const [start, end] = [new Date(booking.start_at).getTime(), new Date(booking.end_at).getTime()];
  const payload = noticeEmail(host, `Not moved: "${booking.title}"`, [
    `You moved "${booking.title}" in your calendar to ${at(tried.start)}–${until(tried.end)} (${host.timezone}), but that time is taken by another of your bookings (or another host's).`,
    `The meeting stays at ${at(start)}–${until(end)}, and your calendar shows it there again. Nobody else was told anything.`,
    `To move it to a free time: yava reschedule ${booking.id} --to WHEN, or open ${ctx.settings.publicUrl}/app/meetings/${booking.id}/reschedule.`,
  ]);
  await enqueueOutboxMessages(
    trx,
    [{ channel: 'email', idempotencyKey: `calendar-move-refused:${booking.id}:${userId}:${tried.start}:${tried.end}`, payload, bookingId: booking.id }],
    { clock: ctx.clock, maxAttempts: ctx.settings.outboxMaxAttempts },
  );
}
