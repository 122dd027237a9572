/**
 * Accepting a repair proposal: the invitee clicked one of the alternatives. Exactly once: the
 * proposal row is locked and moves open → accepted in the same transaction that moves the
 * booking, so a second click (or a concurrent one) finds it accepted and changes nothing.
 */
import type { Knex } from 'knex';
import { loadBooking, recordStatus, updateBookingRow } from '../booking/bookingRepository.js';
import { inTransaction, lockHosts } from '../booking/context.js';
import type { BookingDetails } from '../booking/types.js';
import { DomainError } from '../errors.js';
import type { RepairContext } from './context.js';
import type { RepairAlternative } from './findAlternatives.js';
import { requireSignedChoice } from './links.js';

export interface ProposalRow {
  id: string;
  booking_id: string;
  alternatives: RepairAlternative[] | string;
  status: string;
  /** Why the booking needed a repair ("the host left the team"). */
  reason?: string | null;
  chosen: number | null;
  expires_at: Date;
}

export interface AcceptRepairResult {
  /** `accepted` now, or `already_accepted` (the same choice, clicked again). */
  outcome: 'accepted' | 'already_accepted';
  alternative: RepairAlternative;
  booking: BookingDetails;
}

export const alternativesOf = (row: ProposalRow): RepairAlternative[] => (typeof row.alternatives === 'string' ? JSON.parse(row.alternatives) : row.alternatives);

/** Gives a round-robin booking to another host at the same time (the exclusion constraint decides races), and tells everyone. */
async function switchHost(ctx: RepairContext, trx: Knex.Transaction, proposal: ProposalRow, alternative: RepairAlternative, now: Date): Promise<void> {
  const bookingId = proposal.booking_id;
  const current: string[] = (await trx('booking_hosts').where({ booking_id: bookingId }).select('user_id')).map((r: { user_id: string }) => r.user_id);
  const target = alternative.hostIds[0]!;
  await lockHosts(trx, [...current, target]);
  await trx.raw('INSERT INTO booking_hosts (booking_id, user_id, busy, active) SELECT booking_id, ?, busy, active FROM booking_hosts WHERE booking_id = ? AND user_id = ?', [target, bookingId, current[0]]);
  await trx('booking_hosts').where({ booking_id: bookingId }).whereNot({ user_id: target }).delete();
  const booking = await trx('bookings').where({ id: bookingId }).first('status', 'sequence');
  const reason = `conflict repair: reassigned to ${alternative.hosts[0]}`;
  await updateBookingRow(trx, bookingId, { assignment_reason: reason, sequence: booking.sequence + 1, updated_at: now });
  await recordStatus(trx, { bookingId, from: booking.status, to: booking.status, actor: 'system:repair', at: now, reason, details: { assignedTo: alternative.hosts[0] } });
  const previousHosts = await trx('users').whereIn('id', current.filter((id) => id !== target)).orderBy('name').select('id', 'name', 'email', 'timezone');
  await ctx.notifier.bookingChanged(trx, { type: 'reassigned', bookingId, previousHosts, actor: 'system:repair', reason: proposal.reason ?? reason });
}

/** Applies alternative `choice` of a locked, open proposal inside `trx`. */
export async function applyRepairChoice(ctx: RepairContext, trx: Knex.Transaction, proposal: ProposalRow, choice: number): Promise<RepairAlternative> {
  const alternative = alternativesOf(proposal)[choice];
  if (!alternative) throw new DomainError('validation_failed', 'No such choice in this proposal', { errors: [{ field: 'choice', message: 'not one of the proposed times' }] });
  const now = ctx.clock.now();
  if (alternative.kind === 'other_host') await switchHost(ctx, trx, proposal, alternative, now);
  else await ctx.rescheduleIn(trx, proposal.booking_id, alternative.start, { userId: alternative.hostIds[0]! });
  await trx('repair_proposals').where({ id: proposal.id }).update({ status: 'accepted', chosen: choice, resolved_at: now });
  return alternative;
}

/**
 * Accepts choice `choice` of proposal `id`, given the link's signature. Throws forbidden (a
 * signature we did not make), not_found, invalid_transition (another choice was accepted, the
 * proposal was superseded or has expired), slot_unavailable (that time was taken meanwhile:
 * pick another).
 *
 * @example acceptRepair(ctx, proposalId, 1, sig) // { outcome: 'accepted', booking: {…} }
 */
export async function acceptRepair(ctx: RepairContext, id: string, choice: number, signature: string): Promise<AcceptRepairResult> {
  requireSignedChoice(ctx, id, choice, signature);
  return inTransaction(ctx.db, async (trx) => {
    const proposal = await trx<ProposalRow>('repair_proposals').where({ id }).forUpdate().first();
    if (!proposal) throw new DomainError('not_found', 'This proposal was not found');
    if (proposal.status === 'accepted') {
      if (proposal.chosen !== choice) throw new DomainError('invalid_transition', 'Another time was already chosen for this meeting');
      return { outcome: 'already_accepted' as const, alternative: alternativesOf(proposal)[choice]!, booking: (await loadBooking(trx, proposal.booking_id))! };
    }
    if (proposal.status !== 'open' || new Date(proposal.expires_at) <= ctx.clock.now()) throw new DomainError('invalid_transition', 'This proposal is no longer open');
    const alternative = await applyRepairChoice(ctx, trx, proposal, choice);
    return { outcome: 'accepted' as const, alternative, booking: (await loadBooking(trx, proposal.booking_id))! };
  });
}
