/**
 * What every booking use case runs with, and the two rules all writes share: a transaction in
 * which an exclusion violation means "slot taken", and per-host advisory locks taken in one
 * stable order.
 *
 * Double booking is impossible by construction: every change runs in one transaction that
 * re-checks the slot and writes booking_hosts rows under the exclusion constraint
 * `EXCLUDE USING gist (user_id WITH =, busy WITH &&) WHERE (active)`; a violation (23P01) becomes
 * `slot_unavailable`. Daily limits hold under concurrency because each transaction first takes a
 * per-host advisory lock (`pg_advisory_xact_lock`), in host-id order so multi-host bookings never
 * deadlock. Every change is reported to the notifier inside its transaction (outbox).
 */
import type { Knex } from 'knex';
import type { SecretBox } from '../calendars/secretBox.js';
import type { Clock } from '../clock.js';
import { DomainError, PG, sqlState } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AvailabilityCache } from '../cache/availabilityCache.js';
import type { BookingNotifier } from '../notify/types.js';

export interface BookingServiceDeps {
  db: Knex;
  clock: Clock;
  notifier?: BookingNotifier;
  logger?: Logger;
  /**
   * Seals the manage tokens kept for idempotent replays. Without one, a box with a random
   * per-process key is used (replays then work until the process restarts).
   */
  box?: SecretBox;
}

/** The dependencies of a booking use case, defaults filled in. */
export interface BookingContext {
  db: Knex;
  clock: Clock;
  notifier: BookingNotifier;
  box: SecretBox;
}

/** The refusal for a slot lost to a concurrent booking: the exclusion constraint said no. */
export function slotTakenMeanwhile(): DomainError {
  return new DomainError('slot_unavailable', 'That time was just taken; pick another time.', { details: { reason: 'taken', alternatives: [] } });
}

/** Runs `work` in a transaction; an exclusion violation anywhere in it becomes slot_unavailable. */
export async function inTransaction<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(work);
  } catch (error) {
    if (sqlState(error) === PG.exclusionViolation) throw slotTakenMeanwhile();
    throw error;
  }
}

/** Takes the per-host advisory locks in a stable order (sorted ids), so two multi-host bookings never deadlock. */
export async function lockHosts(trx: Knex, hostIds: readonly string[]): Promise<void> {
  for (const id of [...new Set(hostIds)].sort()) await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`yava:host:${id}`]);
}

/** The dependencies of a scheduling use case (schedules, settings, event types, teams, slots). */
export interface SchedulingContext {
  db: Knex;
  clock: Clock;
  /** Computed slot lists keyed by host data versions (with Redis); absent: every query computes. */
  slotCache?: AvailabilityCache;
  /** A read replica (DATABASE_READ_URL) for slot queries that may read slightly old data. */
  readDb?: Knex;
}
