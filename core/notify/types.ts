import type { Knex } from 'knex';

/**
 * What changed about a booking. The booking service reports every change to the
 * notifier INSIDE the transaction that makes it, so the messages it causes (emails,
 * calendar pushes, chat messages) commit or roll back with the change (outbox).
 */
export interface BookingChange {
  /**
   * no_show: a host marked a past meeting as a no-show (no e-mail goes out; webhooks and the in-app feed hear of it).
   * reassigned: the meeting has other hosts now, at the same time (a team admin's assignment, an accepted repair);
   * `previousHosts` says who no longer hosts it.
   * conference_added: the meeting's video link (a Zoom meeting, a Google Meet) was made after it was
   * booked; it is the location now, and everyone gets the updated invite (same time, same people).
   */
  type: 'created' | 'requested' | 'rescheduled' | 'canceled' | 'approved' | 'declined' | 'no_show' | 'reassigned' | 'conference_added';
  bookingId: string;
  /** Plain manage tokens by attendee id, known only at creation (the database keeps hashes). */
  manageTokens?: Record<string, string>;
  /** Plain join-link tokens by attendee id (group sessions), known only when the seat is taken. */
  joinTokens?: Record<string, string>;
  /**
   * Set when the change concerns only these attendees' seats of a group session (a seat taken
   * or given up): only they are told; the hosts and the other attendees are not.
   */
  attendeeIds?: string[];
  previousStart?: string;
  previousEnd?: string;
  /** A reassignment (set on 'reassigned' changes only): the hosts who no longer host the meeting (told it is off their calendar). */
  previousHosts?: FormerHost[];
  actor?: string;
  reason?: string | null;
  /**
   * Set when the change is one occurrence of a series change (booking or cancelling a series):
   * per-booking messages (calendar writes, webhooks) go as usual, while e-mail goes once for the
   * whole series through `seriesChanged`.
   */
  seriesId?: string;
}

/** The change's reason as one recipient may read it: why an admin reassigned a meeting is for the hosts, not the invitees. */
export function reasonShownTo(change: Pick<BookingChange, 'type' | 'reason'>, host: boolean): string | null {
  return change.type === 'reassigned' && !host ? null : (change.reason ?? null);
}

/** A host a reassignment took the meeting from. */
export interface FormerHost {
  id: string;
  name: string;
  email: string;
  timezone: string;
}

/**
 * What changed about a whole series (core/booking/series); its occurrences are reported one by one too.
 * canceled: the whole series is off. meetings_canceled: some of its meetings (`bookingIds`) are
 * canceled and the rest of the series stays: a cancellation of those, not of the series.
 */
export interface SeriesChange {
  type: 'created' | 'requested' | 'updated' | 'canceled' | 'meetings_canceled';
  seriesId: string;
  /** meetings_canceled: the meetings canceled, in order. */
  bookingIds?: string[];
  /** The first occurrence booked or changed (e-mail links point at it). */
  firstBookingId: string;
  /** The first occurrence's plain manage tokens by attendee id, known only when the series is booked. */
  manageTokens?: Record<string, string>;
  actor?: string;
  reason?: string | null;
}

export interface BookingNotifier {
  bookingChanged(trx: Knex.Transaction, change: BookingChange): Promise<void>;
  /** A change of a whole series, after its occurrences' bookingChanged calls, in the same transaction. */
  seriesChanged?(trx: Knex.Transaction, change: SeriesChange): Promise<void>;
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
    async seriesChanged(trx, change) {
      for (const n of notifiers) await n.seriesChanged?.(trx, change);
    },
  };
}
