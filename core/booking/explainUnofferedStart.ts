/**
 * Whether a start an invitee came back to (a booking form opened from an old page, the back
 * button) is still one the booking page offers, and if not, why.
 */
import type { DomainError } from '../errors.js';
import { addDays } from '../time/units.js';
import { localDateOf } from '../time/zones.js';
import type { SchedulingContext } from './context.js';
import { hostsPendingError } from './hostInvitations.js';
import { parseInstant } from './inputs.js';
import { listEventTypeHostIds, requireEventTypeBySlug } from './records.js';
import { rulesOfEventType } from './rules.js';
import { sessionFullError } from './seats.js';
import { listSlots } from './slotQueries.js';
import { findSlot } from './slots.js';
import { explainUnavailable } from './unavailable.js';

export interface ExplainUnofferedStartInput {
  user: string;
  eventType: string;
  /** ISO 8601 instant with an offset. */
  start: string;
  /** The visitor's zone: the day listed, and the zone the refusal names times in. */
  timezone: string;
}

/**
 * Null when the booking page lists `start` (the same listSlots of its day the picker shows),
 * else the slot_unavailable error booking it would throw (`details.reason`: in_past, too_soon,
 * off_grid, outside_hours, taken…, `full` for a group session with no seat left, `hosts_pending`
 * while a collective or group event type waits for a named host to accept;
 * `details.alternatives`). Throws event_type_not_found.
 *
 * @example await explainUnofferedStart(ctx, { user: 'hela', eventType: 'intro', start: '2026-11-25T09:00:00Z', timezone: 'UTC' }) // null
 */
export async function explainUnofferedStart(ctx: SchedulingContext, input: ExplainUnofferedStartInput): Promise<DomainError | null> {
  const start = parseInstant(input.start);
  const day = localDateOf(start, input.timezone);
  // Through the next day too: a slot starting late in the visitor's day ends after their midnight, and a
  // one-day list leaves it out although the picker (which asks for the whole month) shows it.
  const listed = await listSlots(ctx, { user: input.user, eventType: input.eventType, from: day, to: addDays(day, 1), timezone: input.timezone });
  if (listed.slots.some((s) => Date.parse(s.start) === start)) return null;
  if (listed.awaitingHosts) return hostsPendingError();
  // A group session listed apart as full: its waitlist is the way in (pages/waitlist.ts asks this).
  const full = listed.full?.find((s) => Date.parse(s.start) === start);
  if (full) return sessionFullError(full.seatsTotal ?? 0);
  const row = await requireEventTypeBySlug(ctx.db, { user: input.user }, input.eventType);
  const check = { rules: rulesOfEventType(row), hostIds: await listEventTypeHostIds(ctx.db, row), start, now: ctx.clock.now().getTime(), timezone: input.timezone };
  const { hosts } = await findSlot(ctx.db, check);
  return explainUnavailable(ctx.db, check, hosts);
}
