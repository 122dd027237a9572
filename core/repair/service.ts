/** Conflict repair, wired: propose alternatives for conflicted bookings, accept one by link. */
import { acceptRepair } from './acceptRepair.js';
import type { RepairContext } from './context.js';
import { findConflictedBookings, findTeamBookingsOf } from './conflictedBookings.js';
import { previewRepairChoice } from './previewRepair.js';
import { proposeRepair } from './proposeRepair.js';

export function createRepairService(ctx: RepairContext) {
  return {
    proposeRepair: (bookingId: string, reason: string) => proposeRepair(ctx, bookingId, reason),
    /** Proposes for each booking; one failure does not stop the others (the caller logs it). */
    async proposeRepairs(bookingIds: readonly string[], reason: string) {
      const results = [];
      for (const id of [...new Set(bookingIds)]) results.push(await proposeRepair(ctx, id, reason));
      return results;
    },
    /** Re-checks a host's upcoming bookings (their hours changed) and proposes new times for those that no longer fit. */
    async repairHostBookings(userId: string, reason: string) {
      const ids = await findConflictedBookings(ctx.db, ctx.clock.now(), userId);
      for (const id of ids) await proposeRepair(ctx, id, reason);
      return ids;
    },
    /** A host left a team: their upcoming bookings of its event types go to other hosts (proposed, or automatic). */
    async repairAfterHostLeft(userId: string, teamId: string) {
      const ids = await findTeamBookingsOf(ctx.db, ctx.clock.now(), userId, teamId);
      for (const id of ids) await proposeRepair(ctx, id, 'the host left the team');
      return ids;
    },
    /** What accepting would do (the link's confirm page); changes nothing. */
    previewRepairChoice: (id: string, choice: number, signature: string) => previewRepairChoice(ctx, id, choice, signature),
    acceptRepair: (id: string, choice: number, signature: string) => acceptRepair(ctx, id, choice, signature),
  };
}

export type RepairService = ReturnType<typeof createRepairService>;
