/**
 * What every booking use case runs with, and the two rules all writes share: a transaction in
 * which an exclusion violation means "slot taken", and per-host advisory locks taken in one
 * stable order.
 *
 * Double booking is impossible by construction: every change runs in one transaction that
 * re-checks the slot and writes booking_hosts rows under the exclusion constraint
 * `EXCLUDE USING gist (user_id WITH =, busy WITH &&) WHERE (active)`; a violation (23P01) becomes
 * `slot_unavailable`. Daily limits hold under concurrency because each transaction that counts
 * something first takes a per-host advisory lock (`pg_advisory_xact_lock`), in host-id order so
 * multi-host bookings never deadlock (scheduleBooking.ts needsHostLock says when a new booking must). Every change is reported to the notifier inside its transaction (outbox).
 */
import type { Knex } from 'knex';
import type { SecretBox } from '../calendars/secretBox.js';
import type { Clock } from '../clock.js';
import { DomainError, PG, sqlState } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AvailabilityCache } from '../cache/availabilityCache.js';
import type { InboxWriter } from '../notify/inbox/store.js';
import type { UnsubscribeTarget } from '../notify/preferences/unsubscribe.js';
import type { BookingNotifier } from '../notify/types.js';
import type { EventTypeRow } from './records.js';
import type { PlanGuard } from '../billing/planGuard.js';
import type { SeatFreer } from './cancelSeat.js';
import type { HostQueue } from './hostQueue.js';
import type { ManageTokenIssuer } from './manageTokens.js';

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
  /** Where a seat an attendee gave up goes (the waitlist); default: back to the public. */
  freeSeat?: SeatFreer;
  /** Paid event types (core/payments): holds until paid, refunds on cancel. Absent: every event type is free. */
  payments?: BookingPaymentHooks;
  /**
   * Signs the attendees' manage tokens (core/booking/manageTokens.ts) so later e-mails can carry
   * them again. Without one, tokens are random and told only at booking.
   */
  manageSecret?: string;
}

/** What the booking use cases ask core/payments, inside their own transactions. */
export interface BookingPaymentHooks {
  /** Whether booking this event type needs a payment first. */
  isPaid(eventType: EventTypeRow): boolean;
  /**
   * Writes the payment row of a new pending_payment booking (its slot is held until paid or expired).
   * `settled`: a discount left nothing to pay and the booking is already `scheduled` (announce it now).
   */
  holdForPayment(trx: Knex.Transaction, input: { bookingId: string; eventType: EventTypeRow; hostIds: string[]; manageTokens: Record<string, string>; promoCode?: string | null; now: Date }): Promise<'held' | 'settled'>;
  /**
   * A booking was moved (inside the move's transaction): an invitee's move made after the meeting's
   * full-refund window closed keeps it closed.
   */
  bookingRescheduled(trx: Knex.Transaction, input: { bookingId: string; previousStartMs: number; actor: string }): Promise<void>;
  /** A booking was canceled: end its hold, or refund by the event type's policy. */
  bookingCanceled(trx: Knex.Transaction, input: { bookingId: string; startMs: number; canceledByHost: boolean; actor: string }): Promise<void>;
}

/** The dependencies of a booking use case, defaults filled in. */
export interface BookingContext {
  db: Knex;
  clock: Clock;
  notifier: BookingNotifier;
  box: SecretBox;
  payments?: BookingPaymentHooks;
  /** Gives each new attendee's manage token. */
  issueManageToken: ManageTokenIssuer;
  /** This process's per-host queue, taken before a booking transaction borrows a connection. */
  hostQueue?: HostQueue;
}

/** The refusal for a slot lost to a concurrent booking: the exclusion constraint said no. */
export function slotTakenMeanwhile(): DomainError {
  return new DomainError('slot_unavailable', 'That time was just taken; pick another time.', { details: { reason: 'taken', alternatives: [] } });
}

const isStalePreparedPlan = (error: unknown) => sqlState(error) === PG.featureNotSupported && /cached plan must not change result type/.test((error as Error).message ?? '');

/**
 * Runs `work` in a transaction; an exclusion violation anywhere in it becomes slot_unavailable.
 * A transaction that met a table changed by a migration under one of its prepared statements
 * (0A000, core/db/preparedStatements.ts) kept nothing, and the pool now prepares afresh: it runs
 * once more, so a deploy that adds a column costs no request an error.
 */
export async function inTransaction<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>, retried = false): Promise<T> {
  try {
    return await db.transaction(work);
  } catch (error) {
    if (sqlState(error) === PG.exclusionViolation) throw slotTakenMeanwhile();
    if (!retried && isStalePreparedPlan(error)) return inTransaction(db, work, true);
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
  /** Paid event types: throws not_configured naming the variables a provider still needs. Absent: prices are refused (not_configured). */
  payments?: { requirePaidEventTypeAllowed(provider: 'stripe' | 'paypal'): void };
  /** What the user's plan allows (core/billing); absent: everything. */
  plans?: PlanGuard;
  /** Where host invitations and their answers are told (core/booking/hostInvitations.ts); absent: in-app notices without live wake-ups, e-mails with 8 attempts and no links. */
  notices?: HostNotices;
}

/** How the scheduling use cases tell people something: in-app notices, and e-mails through the outbox. */
export interface HostNotices {
  inbox: InboxWriter;
  /** The outbox rows' attempts (OUTBOX_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** The server's public address, for links in e-mails; absent: the e-mails name the commands only. */
  publicUrl?: string;
  /** The one-click unsubscribe link for an address and kind (core/notify/preferences/unsubscribe.ts); absent: e-mails carry none. */
  unsubscribeUrl?: (target: UnsubscribeTarget) => string;
}
