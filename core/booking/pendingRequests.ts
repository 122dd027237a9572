/**
 * The queue of requests waiting for approval: a host's own, and (for team admins, whom the team
 * policy allows `manage_bookings`) every pending booking of their teams' event types; approved or
 * declined in bulk, each request on its own so one failure never undoes the others.
 */
import { DomainError } from '../errors.js';
import { teamsWhere } from '../teams/policy.js';
import { loadBookings } from './bookingRepository.js';
import type { BookingContext } from './context.js';
import { approveBooking, declineBooking } from './transitions.js';
import type { BookingDetails } from './types.js';

/** The most requests one answer lists, and one bulk decision takes. */
export const MAX_PENDING = 500;

export interface PendingRequest {
  booking: BookingDetails;
  /** The team whose event type it was booked through, or null. */
  team: string | null;
  /** True when the user is one of its hosts (false: seen as a team admin). */
  mine: boolean;
}

/** One id's outcome in a bulk decision. */
export type DecisionResult = { id: string; ok: true; booking: BookingDetails } | { id: string; ok: false; error: { code: string; message: string } };

/**
 * Pending requests the user may decide, soonest first: theirs as host, and their admin teams'.
 * @example await listPendingRequests(ctx, userId) // [{ booking, team: 'sales', mine: false }, …]
 */
export async function listPendingRequests(ctx: BookingContext, userId: string): Promise<PendingRequest[]> {
  const { db } = ctx;
  const teamIds = await teamsWhere(db, userId, 'manage_bookings');
  const rows: Array<{ id: string; team: string | null; mine: boolean }> = await db('bookings as b')
    .leftJoin('event_types as e', 'e.id', 'b.event_type_id')
    .leftJoin('teams as t', 't.id', 'e.team_id')
    .where('b.status', 'pending')
    .where((q) => {
      q.whereExists(db('booking_hosts as h').whereRaw('h.booking_id = b.id').where('h.user_id', userId));
      if (teamIds.length) q.orWhereIn('e.team_id', teamIds);
    })
    .orderBy([{ column: 'b.start_at' }, { column: 'b.id' }])
    .limit(MAX_PENDING)
    .select('b.id', 't.slug as team', db.raw('EXISTS (SELECT 1 FROM booking_hosts h WHERE h.booking_id = b.id AND h.user_id = ?) AS mine', [userId]));
  const bookings = new Map((await loadBookings(db, rows.map((r) => r.id))).map((b) => [b.id, b]));
  return rows.flatMap((r) => (bookings.has(r.id) ? [{ booking: bookings.get(r.id)!, team: r.team, mine: Boolean(r.mine) }] : []));
}

export interface DecideRequestsInput {
  ids: string[];
  decision: 'approve' | 'decline';
  /** Told to the invitee on a decline. */
  reason?: string | null;
}

/**
 * Approves or declines each request (by id or unique prefix) in its own transaction, in the
 * order given; a refused one (not found, not theirs, no longer pending, its slot taken
 * meanwhile) is reported with its error code and the others still go through.
 * Throws validation_failed for no ids or more than MAX_PENDING.
 */
export async function decideRequests(ctx: BookingContext, userId: string, input: DecideRequestsInput): Promise<DecisionResult[]> {
  const ids = [...new Set(input.ids)];
  if (ids.length === 0 || ids.length > MAX_PENDING) {
    throw new DomainError('validation_failed', `Give 1 to ${MAX_PENDING} request ids`, { errors: [{ field: 'ids', message: `expected 1 to ${MAX_PENDING} ids` }] });
  }
  const results: DecisionResult[] = [];
  for (const id of ids) {
    try {
      const booking = input.decision === 'approve' ? await approveBooking(ctx, id, { userId }) : await declineBooking(ctx, id, { reason: input.reason ?? null }, { userId });
      results.push({ id, ok: true, booking });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results.push({ id, ok: false, error: { code: error.code, message: error.message } });
    }
  }
  return results;
}
