/**
 * One sync at a time per calendar, whoever starts it: a queued sync (the outbox), the 5-minute
 * job, `POST /api/calendars/sync`, a settings change. Two syncs from the same cursor would each
 * read the provider, and the batch committed second would be dropped with the change only it saw.
 *
 * A claim is a pair of columns with an end (connected_calendars.sync_claimed_by and
 * sync_claimed_until), not a lock held open: the provider calls run outside any transaction (and
 * PGlite has one connection), and it holds across processes alike. The holder renews it while the
 * sync runs, however long that takes; a process that dies keeps it until it runs out, when the
 * next sync takes it over.
 */
import { randomUUID } from 'node:crypto';
import { keepRenewing } from './claimRenewal.js';
import type { CalendarContext } from './context.js';

/** How long a claim holds unless renewed: well past a provider call's timeout (15 s). */
export const SYNC_CLAIM_MS = 120_000;
/** How often a running sync renews its claim. */
const RENEW_EVERY_MS = SYNC_CLAIM_MS / 4;

type ClaimContext = Pick<CalendarContext, 'db' | 'clock' | 'logger'>;

/** Takes the calendar's claim when it is free or its holder's time is up; false while another sync holds it (or no such calendar). */
async function takeSyncClaim(ctx: ClaimContext, calendarId: string, owner: string): Promise<boolean> {
  const now = ctx.clock.now();
  const taken = await ctx
    .db('connected_calendars')
    .where({ id: calendarId })
    .where((q) => q.whereNull('sync_claimed_until').orWhere('sync_claimed_until', '<=', now))
    .update({ sync_claimed_by: owner, sync_claimed_until: new Date(now.getTime() + SYNC_CLAIM_MS) })
    .returning('id');
  return taken.length === 1;
}

/** Moves the end of `owner`'s claim on; false (changing nothing) when the claim ran out and another sync took it. */
async function renewSyncClaim(ctx: ClaimContext, calendarId: string, owner: string): Promise<boolean> {
  const count = await ctx
    .db('connected_calendars')
    .where({ id: calendarId, sync_claimed_by: owner })
    .update({ sync_claimed_until: new Date(ctx.clock.now().getTime() + SYNC_CLAIM_MS) });
  return Number(count) === 1;
}

export interface WithSyncClaimOptions {
  /** How often the claim is renewed while `sync` runs (tests shorten it). */
  renewEveryMs?: number;
}

/**
 * Runs `sync` as the only sync of calendar `calendarId`, renewing the claim while it runs and
 * giving it back when it ends, failed or not. Resolves `null` at once, without running `sync`,
 * when another sync holds the calendar (or there is no such calendar): the caller decides whether
 * to try again later (a queued sync) or leave it to the running one (the 5-minute job).
 *
 * @example const outcome = await withSyncClaim(ctx, calendar.id, () => readAndApply(...));
 */
export async function withSyncClaim<T>(ctx: ClaimContext, calendarId: string, sync: () => Promise<T>, options: WithSyncClaimOptions = {}): Promise<T | null> {
  const owner = randomUUID();
  if (!(await takeSyncClaim(ctx, calendarId, owner))) return null;
  const stopRenewing = keepRenewing(() => renewSyncClaim(ctx, calendarId, owner), options.renewEveryMs ?? RENEW_EVERY_MS, {
    onLost: () => ctx.logger.warn({ calendarId }, 'calendar sync claim ran out and another sync took it over'),
    onError: (error) => ctx.logger.warn({ calendarId, error: (error as Error)?.message }, 'calendar sync claim not renewed'),
  });
  try {
    return await sync();
  } finally {
    await stopRenewing();
    await ctx
      .db('connected_calendars')
      .where({ id: calendarId, sync_claimed_by: owner })
      .update({ sync_claimed_by: null, sync_claimed_until: null })
      // The claim then ends on its own at sync_claimed_until; the sync's own outcome is what counts.
      .catch((error: unknown) => ctx.logger.warn({ calendarId, error: (error as Error)?.message }, 'calendar sync claim not given back'));
  }
}
