/**
 * What accepting a repair link would do, without doing it: the confirm page a GET of the link
 * shows (a mail scanner that pre-fetches links must not move a meeting), with a button that
 * POSTs the same signed choice to acceptRepair.
 */
import { loadBooking } from '../booking/bookingRepository.js';
import type { BookingDetails } from '../booking/types.js';
import { DomainError } from '../errors.js';
import { type ProposalRow, alternativesOf } from './acceptRepair.js';
import type { RepairContext } from './context.js';
import type { RepairAlternative } from './findAlternatives.js';
import { requireSignedChoice } from './links.js';

export interface RepairChoicePreview {
  /**
   * `open`: accepting moves the meeting; `accepted`: this choice was already accepted;
   * `taken`: another choice was accepted; `closed`: superseded or expired.
   */
  state: 'open' | 'accepted' | 'taken' | 'closed';
  alternative: RepairAlternative;
  /** The meeting as it is now. */
  booking: BookingDetails;
}

/**
 * Reads proposal `id` and its choice `choice` for the link's confirm page; changes nothing.
 * Throws forbidden (a signature we did not make), not_found (no such proposal or booking),
 * validation_failed (no such choice).
 *
 * @example previewRepairChoice(ctx, proposalId, 1, sig) // { state: 'open', alternative, booking }
 */
export async function previewRepairChoice(ctx: RepairContext, id: string, choice: number, signature: string): Promise<RepairChoicePreview> {
  requireSignedChoice(ctx, id, choice, signature);
  const proposal = await ctx.db<ProposalRow>('repair_proposals').where({ id }).first();
  const booking = proposal ? await loadBooking(ctx.db, proposal.booking_id) : null;
  if (!proposal || !booking) throw new DomainError('not_found', 'This proposal was not found');
  const alternative = alternativesOf(proposal)[choice];
  if (!alternative) throw new DomainError('validation_failed', 'No such choice in this proposal', { errors: [{ field: 'choice', message: 'not one of the proposed times' }] });
  const expired = new Date(proposal.expires_at) <= ctx.clock.now();
  const state = proposal.status === 'accepted' ? (proposal.chosen === choice ? 'accepted' : 'taken') : proposal.status !== 'open' || expired ? 'closed' : 'open';
  return { state, alternative, booking };
}
