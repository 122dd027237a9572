/**
 * Booking a slot of an event type for an invitee (the booking page, `POST /api/meetings/schedule`).
 */
import type { Knex } from 'knex';
import type { BookingStatus } from '../db/models.js';
import { insertBooking, loadBooking } from './bookingRepository.js';
import { inTransaction, lockHosts, type BookingContext } from './context.js';
import { hostsPendingError, isAwaitingHosts } from './hostInvitations.js';
import { claimIdempotencyKey, idempotencyScope, requestHash, storeIdempotentResponse } from './idempotency.js';
import { parseInstant, requireTimeZone } from './inputs.js';
import { listEventTypeHostIds, requireEventTypeBySlug, type EventTypeRow } from './records.js';
import { bookSeat } from './bookSeat.js';
import { paidGroupBookingError } from './paidGroups.js';
import { assignRoundRobinHost } from './roundRobinHost.js';
import { requireTeamBooker } from './teamBooking.js';
import { isFirstTimeInvitee } from './firstTimeInvitee.js';
import { rulesOfEventType } from './rules.js';
import { seatView } from './seats.js';
import type { BookingDetails } from './types.js';
import { requireSlot } from './unavailable.js';

export interface ScheduleBookingInput {
  /** Owner username of a personal event type… */
  user?: string;
  /** …or the team slug of a team event type. */
  team?: string;
  eventType: string;
  /** ISO 8601 instant with an offset. */
  start: string;
  invitee: { name: string; email: string; timezone: string };
  notes?: string | null;
  /** The logged-in user who booked, if any. */
  createdByUserId?: string | null;
  source?: string;
  /** Client-chosen key: a retry with the same key and body returns the first result. */
  idempotencyKey?: string;
  /** The client's address: anonymous callers' idempotency keys are scoped by it. */
  callerAddress?: string | null;
  /** A promo code for a paid event type (applied by billing before payment). */
  promoCode?: string | null;
}

export interface ScheduleBookingResult {
  booking: BookingDetails;
  /** The invitee's secret manage token (shown once; the database keeps its hash). */
  manageToken: string;
  /** True when this is the replay of an earlier request with the same idempotency key. */
  replayed: boolean;
  /** Group sessions: the invitee's own join-link token (shown once; not on a replay). */
  joinToken?: string;
}

/**
 * Whether booking this event type must hold its hosts' advisory locks (context.ts lockHosts): when
 * something is counted across bookings (daily and weekly limits, seats, round-robin fairness,
 * first-time invitees, promo codes of paid bookings). Otherwise the exclusion constraint alone
 * decides, and bookings of one host run side by side instead of one after another.
 */
export function needsHostLock(eventType: EventTypeRow, paid: boolean): boolean {
  const counted = eventType.kind === 'group' || eventType.kind === 'round_robin' || Boolean(eventType.daily_limit) || Boolean(eventType.approval_for_new_invitees);
  // Without the flag (a row not read by requireEventTypeBySlug) the hosts may have limits: lock.
  return counted || paid || eventType.hosts_limited !== false;
}

const ownerOf = (input: ScheduleBookingInput) => (input.team ? { team: input.team } : { user: input.user ?? '' });

/** Books the slot inside `trx`: re-check, round-robin pick, insert, notify. `known`: the event type, when already read. */
async function bookSlot(ctx: BookingContext, trx: Knex.Transaction, input: ScheduleBookingInput, start: number, known?: EventTypeRow): Promise<{ id: string; manageToken: string; joinToken?: string; attendeeId?: string }> {
  const eventType = known ?? (await requireEventTypeBySlug(trx, ownerOf(input), input.eventType));
  await requireTeamBooker(trx, eventType, input.createdByUserId ?? null);
  if (await isAwaitingHosts(trx, eventType)) throw hostsPendingError();
  const hostIds = await listEventTypeHostIds(trx, eventType);
  const rules = rulesOfEventType(eventType);
  const paid = ctx.payments?.isPaid(eventType) ?? false;
  if (needsHostLock(eventType, paid)) await lockHosts(trx, hostIds);
  if (eventType.kind === 'group') {
    // A seat has no payment hold yet (paidGroups.ts): a paid group from before is refused, never seated for free.
    if (paid) throw paidGroupBookingError();
    const seat = await bookSeat(ctx, trx, { eventType, hostIds, start, invitee: input.invitee, notes: input.notes ?? null, source: input.source ?? 'api', createdByUserId: input.createdByUserId ?? null });
    return { id: seat.id, manageToken: seat.manageToken, joinToken: seat.joinToken, attendeeId: seat.attendeeId };
  }
  const now = ctx.clock.now();
  const slot = await requireSlot(trx, { rules, hostIds, start, now: now.getTime(), timezone: input.invitee.timezone });
  let chosen = slot.hostIds;
  let assignmentReason: string | null = null;
  if (rules.kind === 'round_robin') {
    const pick = await assignRoundRobinHost(trx, eventType, slot.hostIds, now);
    chosen = [pick.hostId];
    assignmentReason = pick.reason;
  }
  // A paid event type holds the slot (busy range active) until the provider confirms the payment.
  const needsApproval = eventType.requires_approval || (Boolean(eventType.approval_for_new_invitees) && (await isFirstTimeInvitee(trx, chosen, input.invitee.email)));
  const status: BookingStatus = paid ? 'pending_payment' : needsApproval ? 'pending' : 'scheduled';
  const invitee = `attendee:${input.invitee.email.toLowerCase()}`;
  const { id, tokens } = await insertBooking(trx, {
    eventType,
    title: eventType.title,
    notes: input.notes ?? null,
    start: slot.start,
    end: slot.end,
    status,
    location: eventType.location,
    source: input.source ?? 'api',
    createdByUserId: input.createdByUserId ?? null,
    assignmentReason,
    hostIds: chosen,
    bufferBeforeMinutes: rules.bufferBeforeMinutes,
    bufferAfterMinutes: rules.bufferAfterMinutes,
    holdsSlot: status !== 'pending' || eventType.pending_holds_slot,
    attendees: [input.invitee],
    actor: input.createdByUserId ? `user:${input.createdByUserId}` : invitee,
  }, now, ctx.issueManageToken);
  const held = paid && (await ctx.payments!.holdForPayment(trx, { bookingId: id, eventType, hostIds: chosen, manageTokens: tokens, promoCode: input.promoCode ?? null, now })) === 'held';
  // A paid booking is confirmed (and announced) once the payment arrives; one with nothing left to pay, now.
  if (!held) await ctx.notifier.bookingChanged(trx, { type: status === 'pending' ? 'requested' : 'created', bookingId: id, manageTokens: tokens, actor: invitee });
  return { id, manageToken: Object.values(tokens)[0]! };
}

/**
 * Books a slot of an event type for an invitee. Re-checks the slot (working hours, busy,
 * notice, horizon, daily limits) under per-host advisory locks, picks the round-robin host,
 * and writes under the exclusion constraint. `requiresApproval` → `pending`; so does
 * `requiresApprovalForNewInvitees` for an invitee with no scheduled or completed booking with the host.
 *
 * Throws user_not_found, team_not_found, event_type_not_found, validation_failed,
 * slot_unavailable (with `details.reason` — in_past, too_soon, beyond_horizon, off_grid,
 * outside_hours, limit_reached, taken — and the nearest free times in `details.alternatives`;
 * hosts_pending, with none, for a collective or group event type not every named host has accepted yet),
 * idempotency_conflict (same key, different body), promo_code_invalid, promo_code_used_up,
 * unprocessable (a group event type with a price: paid seats are not supported).
 *
 * @example scheduleBooking(ctx, { user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: { name: 'Bo', email: 'bo@x.org', timezone: 'Europe/Paris' } })
 */
export async function scheduleBooking(ctx: BookingContext, typed: ScheduleBookingInput): Promise<ScheduleBookingResult> {
  const start = parseInstant(typed.start, 'start');
  // The zone is kept as the tz database spells it; a retry is recognised by what was sent.
  const input = { ...typed, invitee: { ...typed.invitee, timezone: requireTimeZone(typed.invitee.timezone, 'invitee.timezone') } };
  const { idempotencyKey, createdByUserId, source: _s, callerAddress, ...body } = typed;
  const where = idempotencyKey ? { scope: idempotencyScope('meetings.schedule', { userId: createdByUserId, address: callerAddress }), key: idempotencyKey, box: ctx.box } : null;
  const book = (known?: EventTypeRow) => inTransaction(ctx.db, async (trx) => {
    if (where) {
      const first = await claimIdempotencyKey(trx, { ...where, hash: requestHash(body), now: ctx.clock.now() });
      if (first) return { ...first, replayed: true };
    }
    const made = await bookSlot(ctx, trx, input, start, known);
    const loaded = (await loadBooking(trx, made.id))!;
    const booking = made.attendeeId ? seatView(loaded, made.attendeeId) : loaded;
    if (where) await storeIdempotentResponse(trx, where, { booking, manageToken: made.manageToken });
    return { booking, manageToken: made.manageToken, replayed: false, ...(made.joinToken ? { joinToken: made.joinToken } : {}) };
  });
  if (!ctx.hostQueue) return book();
  // Read before the transaction, so this process queues for the hosts without holding a
  // connection; the transaction books with this row rather than reading it again (the host lock,
  // when taken, guards the hosts' bookings, never the event type row).
  const eventType = await requireEventTypeBySlug(ctx.db, ownerOf(input), input.eventType).catch(() => null);
  const hostIds = eventType ? await listEventTypeHostIds(ctx.db, eventType) : [];
  // An unknown event type queues for nothing; the transaction then gives the right error.
  return ctx.hostQueue.run(hostIds, () => book(eventType ?? undefined));
}
