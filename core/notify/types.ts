import type { Knex } from 'knex';

/**
 * What changed about a booking. The booking service reports every change to the
 * notifier INSIDE the transaction that makes it, so the messages it causes (emails,
 * calendar pushes, chat messages) commit or roll back with the change (outbox).
 */
export interface BookingChange {
  type: 'created' | 'requested' | 'rescheduled' | 'canceled' | 'approved' | 'declined';
  bookingId: string;
  /** Plain manage tokens by attendee id, known only at creation (the database keeps hashes). */
  manageTokens?: Record<string, string>;
  previousStart?: string;
  previousEnd?: string;
  actor?: string;
  reason?: string | null;
}

export interface BookingNotifier {
  bookingChanged(trx: Knex.Transaction, change: BookingChange): Promise<void>;
}

export const noopNotifier: BookingNotifier = {
  async bookingChanged() {},
};

/** One notifier that reports each change to every given notifier, in order, in the same transaction. */
export function combineNotifiers(...notifiers: BookingNotifier[]): BookingNotifier {
  return {
    async bookingChanged(trx, change) {
      for (const n of notifiers) await n.bookingChanged(trx, change);
    },
  };
}
