/**
 * How busy a host is, per local day: the number of bookings and the minutes they take.
 */
import { localDateOf } from '../time/zones.js';
import { MINUTE_MS } from '../time/units.js';
import type { BookingContext } from './context.js';
import { requireTimeZone, resolveDateRange } from './inputs.js';
import { requireUserById } from './records.js';
import type { BookingLoadDay } from './types.js';

/**
 * Bookings per local day (count and minutes) where the user is a host and the booking holds
 * time (pending holding its slot, scheduled, completed). A booking counts on the day it starts;
 * its minutes are split across the local days it spans. Default range: a week from today.
 *
 * Throws user_not_found, validation_failed (zone, dates, range).
 *
 * @example getBookingLoad(ctx, userId, { from: '2026-12-01', to: '2026-12-07', timezone: 'Europe/Berlin' })
 */
export async function getBookingLoad(ctx: BookingContext, userId: string, input: { from?: string; to?: string; timezone?: string } = {}): Promise<{ timezone: string; days: BookingLoadDay[] }> {
  const user = await requireUserById(ctx.db, userId);
  const timezone = requireTimeZone(input.timezone ?? user.timezone);
  const range = resolveDateRange({ from: input.from, to: input.to, timezone }, ctx.clock.now().getTime());
  const rows: Array<{ start_at: Date; end_at: Date }> = await ctx.db('bookings as b')
    .join('booking_hosts as h', 'h.booking_id', 'b.id')
    .where('h.user_id', userId)
    .where('h.active', true)
    .where('b.start_at', '<', new Date(range.end))
    .where('b.end_at', '>', new Date(range.start))
    .select('b.start_at', 'b.end_at');
  const dayEnd = (date: string) => resolveDateRange({ from: date, to: date, timezone }, 0).end;
  const days = new Map<string, BookingLoadDay>();
  for (let day = range.from; day <= range.to; day = localDateOf(dayEnd(day), timezone)) days.set(day, { date: day, count: 0, busyMinutes: 0 });
  for (const row of rows) {
    const first = days.get(localDateOf(new Date(row.start_at).getTime(), timezone));
    if (first) first.count += 1;
    const end = Math.min(new Date(row.end_at).getTime(), range.end);
    for (let t = Math.max(new Date(row.start_at).getTime(), range.start); t < end; ) {
      const date = localDateOf(t, timezone);
      const until = Math.min(dayEnd(date), end);
      const entry = days.get(date);
      if (entry) entry.busyMinutes += Math.round((until - t) / MINUTE_MS);
      t = until;
    }
  }
  return { timezone, days: [...days.values()] };
}
