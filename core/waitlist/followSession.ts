/**
 * A group session's waitlist goes where the session goes. Entries name their session by event type
 * and start (core/waitlist/offers.ts), so when the host moves a session its waiting and offered
 * entries move with it, and when the host cancels it they end (`canceled`) and each person is told.
 *
 * It is a BookingNotifier because every path that moves or cancels a booking (the host, an admin,
 * the host's own calendar, a conflict repair) reports the change to the notifier inside its
 * transaction, after locking the session row: following it here covers them all, in the same
 * transaction, in the lock order of the waitlist (the session row, then waitlist rows).
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { enqueueOutboxMessages } from '../notify/outbox.js';
import type { BookingNotifier } from '../notify/types.js';
import { renderWaitlistCanceledEmail } from './emails.js';
import type { WaitlistRow } from './offers.js';

/** Entries still in line (the unique index allows one of these per address and session). */
const IN_LINE = ['waiting', 'offered'];

interface SessionFacts {
  id: string;
  event_type_id: string | null;
  start_at: Date;
  end_at: Date;
  title: string;
  status: string;
  seats_total: number | null;
}

export interface WaitlistFollowerDeps {
  clock: Clock;
  /** Outbox attempts for the e-mails to people who waited for a canceled session. */
  maxAttempts: number;
}

/** Moves the line of the session that was at `from` to its new start. */
async function moveLine(trx: Knex.Transaction, session: SessionFacts, from: Date, now: Date): Promise<void> {
  const line = () => trx('waitlist_entries').where({ event_type_id: session.event_type_id, start_at: from }).whereIn('status', IN_LINE);
  // An address also in line at the new time holds an entry left over from an older session there
  // (no live session can be where this one moves): that stale entry ends, and the moving one, which
  // may hold an offered seat of this session, keeps its place. One entry per address and session.
  await trx('waitlist_entries')
    .where({ event_type_id: session.event_type_id, start_at: session.start_at })
    .whereIn('status', IN_LINE)
    .whereExists((q) => q.select(trx.raw('1')).from('waitlist_entries as m').where('m.event_type_id', session.event_type_id!).where('m.start_at', from).whereIn('m.status', IN_LINE).whereRaw('lower(m.email) = lower(waitlist_entries.email)'))
    .update({ status: 'canceled', updated_at: now });
  await line().update({ start_at: session.start_at, updated_at: now });
}

/** Ends the line of a canceled session and e-mails each person in it (once: the key is the entry's). */
async function closeLine(deps: WaitlistFollowerDeps, trx: Knex.Transaction, session: SessionFacts, reason: string | null, now: Date): Promise<void> {
  const ended: WaitlistRow[] = await trx('waitlist_entries')
    .where({ event_type_id: session.event_type_id, start_at: session.start_at })
    .whereIn('status', IN_LINE)
    .update({ status: 'canceled', updated_at: now })
    .returning('*');
  const messages = ended.map((entry) => ({ channel: 'email', idempotencyKey: `email:waitlist-canceled:${entry.id}`, payload: renderWaitlistCanceledEmail(entry, session, reason), bookingId: session.id }));
  await enqueueOutboxMessages(trx, messages, { clock: deps.clock, maxAttempts: deps.maxAttempts });
}

/** The notifier that keeps waitlists with their group sessions (see the file's comment). */
export function waitlistSessionFollower(deps: WaitlistFollowerDeps): BookingNotifier {
  return {
    async bookingChanged(trx, change) {
      // One seat taken or given up: the session stays where it is (cancelSeat passes the seat on).
      if (change.attendeeIds || (change.type !== 'rescheduled' && change.type !== 'canceled')) return;
      const session: SessionFacts | undefined = await trx('bookings').where({ id: change.bookingId }).first('id', 'event_type_id', 'start_at', 'end_at', 'title', 'status', 'seats_total');
      if (!session || session.seats_total === null || !session.event_type_id) return;
      const now = deps.clock.now();
      // A change that keeps the start (the host's calendar made the session longer) leaves the line where
      // it is: "moving" it onto its own start would end every entry as a stale copy of itself.
      const from = change.previousStart ? new Date(change.previousStart) : null;
      if (change.type === 'rescheduled' && from && from.getTime() !== new Date(session.start_at).getTime()) await moveLine(trx, session, from, now);
      if (change.type === 'canceled' && session.status === 'canceled') await closeLine(deps, trx, session, change.reason ?? null, now);
    },
  };
}
