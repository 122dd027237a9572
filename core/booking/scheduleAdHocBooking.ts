/**
 * Booking a collective meeting without an event type: the organizer and named users as hosts
 * (the chat bots, the CLI, `POST /api/meetings`).
 */
import { inTransaction, lockHosts, type BookingContext } from './context.js';
import { insertBooking, loadBooking } from './bookingRepository.js';
import { parseInstant, requireDurationMinutes } from './inputs.js';
import { requireUserById, requireUsersByUsername } from './records.js';
import { adHocRules } from './rules.js';
import type { BookingDetails } from './types.js';
import { requireSlot } from './unavailable.js';

export interface ScheduleAdHocBookingInput {
  organizerUserId: string;
  /** Other hosts by username (the organizer is always a host). */
  usernames: string[];
  start: string;
  durationMinutes: number;
  title: string;
  /** Where the request came from: 'slack', 'discord', 'cli', 'api'… */
  source: string;
  notes?: string | null;
  location?: string | null;
}

/**
 * A collective booking with the organizer and the named users as hosts, made only when all
 * are free (working hours, bookings, calendars).
 *
 * Throws user_not_found, validation_failed, slot_unavailable (with `details.reason` and
 * `details.alternatives`, in the organizer's zone).
 *
 * @example scheduleAdHocBooking(ctx, { organizerUserId, usernames: ['bob'], start: '2026-11-25T14:00:00Z', durationMinutes: 30, title: 'Sync', source: 'slack' })
 */
export async function scheduleAdHocBooking(ctx: BookingContext, input: ScheduleAdHocBookingInput): Promise<BookingDetails> {
  const start = parseInstant(input.start, 'start');
  requireDurationMinutes(input.durationMinutes);
  const id = await inTransaction(ctx.db, async (trx) => {
    const organizer = await requireUserById(trx, input.organizerUserId);
    const others = await requireUsersByUsername(trx, input.usernames);
    const hostIds = [...new Set([organizer.id, ...others.map((u) => u.id)])];
    const rules = adHocRules(input.durationMinutes, hostIds.length);
    await lockHosts(trx, hostIds);
    const now = ctx.clock.now();
    const slot = await requireSlot(trx, { rules, hostIds, start, now: now.getTime(), timezone: organizer.timezone });
    const actor = `host:${organizer.username}`;
    const made = await insertBooking(trx, {
      eventType: null,
      title: input.title,
      notes: input.notes ?? null,
      start: slot.start,
      end: slot.end,
      status: 'scheduled',
      location: input.location ?? null,
      source: input.source,
      createdByUserId: organizer.id,
      assignmentReason: null,
      hostIds,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      holdsSlot: true,
      attendees: [],
      actor,
    }, now, ctx.issueManageToken);
    await ctx.notifier.bookingChanged(trx, { type: 'created', bookingId: made.id, manageTokens: made.tokens, actor });
    return made.id;
  });
  return (await loadBooking(ctx.db, id))!;
}
