/**
 * A calendar the provider no longer has (deleted there, or the account lost access to it): Yava
 * removes it, so its events stop blocking and no booking is written to it, and tells the host
 * once. The bookings whose events it held stand: a calendar deleted whole is not the host
 * canceling each meeting in it.
 */
import { stopChannel } from './channels.js';
import type { CalendarContext } from './context.js';
import { queueCalendarGoneNotice } from './hostNotices.js';
import type { CalendarRow, ConnectionRow } from './records.js';
import type { CalendarSession } from './types.js';

/** Removes `calendar` (gone at the provider, for `reason`) and e-mails its owner; stops its push channel when a session is open. */
export async function removeGoneCalendar(ctx: CalendarContext, gone: { calendar: CalendarRow; connection: ConnectionRow; session?: CalendarSession }, reason: string): Promise<void> {
  const { calendar, connection, session } = gone;
  await ctx.db.transaction(async (trx) => {
    const eventTypes: string[] = await trx('event_types').where({ destination_calendar_id: calendar.id }).orderBy('title').pluck('title');
    // Cascades to its stored events and its links to our events; event types' override falls back to the destination.
    const removed = await trx('connected_calendars').where({ id: calendar.id }).del().returning('is_destination');
    if (!removed.length) return;
    await queueCalendarGoneNotice(ctx, trx, connection, calendar, { all: Boolean(removed[0].is_destination), eventTypes });
  });
  ctx.logger.warn({ calendarId: calendar.id, provider: connection.provider, reason }, 'calendar gone at the provider; removed');
  if (session) await stopChannel(ctx, session, calendar);
}
