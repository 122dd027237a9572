/**
 * One writer at a time per booking and host (calendar_write_claims): two writes of the same
 * booking at once (the outbox's created and rescheduled rows taken by two workers, a seat taken
 * while the session's event is being made) would each look for the event, find none and create
 * it. A write takes the (booking, host) row first; whoever comes second waits, then finds the
 * event id the first stored and updates that event.
 *
 * A claim is a row with an end, not a lock held open: the provider calls run outside any
 * transaction (and PGlite has one connection), and it holds across processes alike. A writer
 * that dies keeps its claim until `claimed_until`; the next writer takes it over then. A running
 * writer pushes that end on while it works, so only one that has stopped (dead, or stalled past
 * the whole lease) is taken over; and what it stores afterwards is fenced: a statement of the
 * write's that changes the link runs only while the claim is still its own ({@link isClaimHeld}).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import { keepRenewing } from './claimRenewal.js';
import type { CalendarContext } from './context.js';

/**
 * How long a claim lasts from when it was taken or last renewed: a writer that stops renewing it
 * (dead, or stalled) is taken over after this. Longer than the slowest write (each provider call
 * times out after 15 s), so a pause between two renewals does not cost a live writer its claim.
 */
export const WRITE_CLAIM_MS = 120_000;
/** How often a running write pushes its claim's end on: a few times within each lease. */
const RENEW_EVERY_MS = WRITE_CLAIM_MS / 4;
/** How often, and how many times, a second writer looks whether the first has finished (20 s). */
const WAIT_STEP_MS = 50;
const WAIT_STEPS = 400;

export interface WriteClaimKey {
  bookingId: string;
  userId: string;
}

/** A claim taken: its key and the writer's token in `claimed_by`. */
export interface WriteClaim extends WriteClaimKey {
  owner: string;
}

export interface WithWriteClaimOptions {
  /** How often the claim is renewed while the write runs (tests shorten it). */
  renewEveryMs?: number;
}

type ClaimContext = Pick<CalendarContext, 'db' | 'clock' | 'logger'>;

/** Takes the claim when it is free or its holder's time is up; false while another writer holds it. */
async function takeClaim(ctx: Pick<CalendarContext, 'db' | 'clock'>, key: WriteClaimKey, owner: string): Promise<boolean> {
  const now = ctx.clock.now();
  const { rows } = await ctx.db.raw<{ rows: unknown[] }>(
    `INSERT INTO calendar_write_claims AS c (booking_id, user_id, claimed_by, claimed_until) VALUES (?, ?, ?, ?)
     ON CONFLICT (booking_id, user_id) DO UPDATE SET claimed_by = EXCLUDED.claimed_by, claimed_until = EXCLUDED.claimed_until
       WHERE c.claimed_until <= ?
     RETURNING claimed_by`,
    [key.bookingId, key.userId, owner, new Date(now.getTime() + WRITE_CLAIM_MS), now],
  );
  return rows.length === 1;
}

/** Pushes the claim's end on by a lease from now; false once it is no longer this writer's. */
async function renewClaim(ctx: Pick<CalendarContext, 'db' | 'clock'>, claim: WriteClaim): Promise<boolean> {
  const count = await ctx
    .db('calendar_write_claims')
    .where({ booking_id: claim.bookingId, user_id: claim.userId, claimed_by: claim.owner })
    .update({ claimed_until: new Date(ctx.clock.now().getTime() + WRITE_CLAIM_MS) });
  return Number(count) === 1;
}

/**
 * SQL for a WHERE: true while `claim` is still its writer's. It also locks the claim row (FOR
 * SHARE) for the statement's transaction, so a takeover either committed before the statement
 * (which then sees it and changes nothing) or waits until the statement is done.
 *
 * @example db('calendar_event_links').where(...).whereRaw('?', [isClaimHeld(db, claim)]).update(...)
 */
export function isClaimHeld(db: Knex, claim: WriteClaim): Knex.Raw {
  return db.raw('EXISTS (SELECT 1 FROM calendar_write_claims c WHERE c.booking_id = ? AND c.user_id = ? AND c.claimed_by = ? FOR SHARE)', [claim.bookingId, claim.userId, claim.owner]);
}

/**
 * Runs `write` as the only writer of the booking's event in the host's calendar, waiting up to
 * 20 seconds for a write already under way to finish. Throws (for the outbox to retry later)
 * when that one is still running; a failed write gives the claim back like a finished one. The
 * claim is renewed while `write` runs; `write` gets it, to fence what it stores with
 * {@link isClaimHeld} (a writer stalled past the lease may have been taken over).
 *
 * @example await withWriteClaim(ctx, { bookingId, userId }, (claim) => writeEvent(claim, ...))
 */
export async function withWriteClaim<T>(ctx: ClaimContext, key: WriteClaimKey, write: (claim: WriteClaim) => Promise<T>, options: WithWriteClaimOptions = {}): Promise<T> {
  const claim: WriteClaim = { bookingId: key.bookingId, userId: key.userId, owner: randomUUID() };
  for (let step = 0; !(await takeClaim(ctx, key, claim.owner)); step++) {
    if (step >= WAIT_STEPS) throw new Error('another write of this meeting to the calendar is still running; trying again later');
    await sleep(WAIT_STEP_MS);
  }
  const stopRenewing = keepRenewing(() => renewClaim(ctx, claim), options.renewEveryMs ?? RENEW_EVERY_MS, {
    onLost: () => ctx.logger.warn({ ...key }, 'calendar write claim taken over by another writer; this write will not store its result'),
    onError: (error) => ctx.logger.warn({ ...key, error: (error as Error)?.message }, 'calendar write claim not renewed'),
  });
  try {
    return await write(claim);
  } finally {
    await stopRenewing();
    await ctx
      .db('calendar_write_claims')
      .where({ booking_id: key.bookingId, user_id: key.userId, claimed_by: claim.owner })
      .delete()
      // The claim then ends on its own at claimed_until; the write's own outcome is what counts.
      .catch((error: unknown) => ctx.logger.warn({ ...key, error: (error as Error)?.message }, 'calendar write claim not given back'));
  }
}
