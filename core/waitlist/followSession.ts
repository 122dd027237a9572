/**
 * A group session's waitlist goes where the session goes. Entries name their session by event type
 * and start (core/waitlist/offers.ts), so when the host moves a session its waiting and offered
 * entries move with it and each person is told the new time, and when the host cancels it they end
 * (`canceled`) and each person is told.
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
import { renderWaitlistCanceledEmail, renderWaitlistMovedEmail } from './emails.js';
import { IN_LINE, type WaitlistRow } from './offers.js';

interface SessionFacts {
  id: string;
  event_type_id: string | null;
  start_at: Date;
  end_at: Date;
  title: string;
  status: string;
  seats_total: number | null;
  sequence: number;
}

/** The session's times before a move (a change without its previous end kept the duration). */
function previousTimes(session: SessionFacts, previousStart: string, previousEnd: string | undefined): { start: Date; end: Date } {
  const start = new Date(previousStart);
  const end = previousEnd ? new Date(previousEnd) : new Date(start.getTime() + new Date(session.end_at).getTime() - new Date(session.start_at).getTime());
  return { start, end };
}

export interface WaitlistFollowerDeps {
  clock: Clock;
  /** Outbox attempts for the e-mails to people waiting for a session the host moved or canceled. */
  maxAttempts: number;
}

/** Moves the line of the session that was at `from` to its new start; returns the entries moved. */
async function moveLine(trx: Knex.Transaction, session: SessionFacts, from: Date, now: Date): Promise<WaitlistRow[]> {
  const line = () => trx('waitlist_entries').where({ event_type_id: session.event_type_id, start_at: from }).whereIn('status', IN_LINE);
  // An address also in line at the new time holds an entry left over from an older session there
  // (no live session can be where this one moves): that stale entry ends, and the moving one, which
  // may hold an offered seat of this session, keeps its place. One entry per address and session.
  await trx('waitlist_entries')
    .where({ event_type_id: session.event_type_id, start_at: session.start_at })
    .whereIn('status', IN_LINE)
    .whereExists((q) => q.select(trx.raw('1')).from('waitlist_entries as m').where('m.event_type_id', session.event_type_id!).where('m.start_at', from).whereIn('m.status', IN_LINE).whereRaw('lower(m.email) = lower(waitlist_entries.email)'))
    .update({ status: 'canceled', updated_at: now });
  return line().update({ start_at: session.start_at, updated_at: now }).returning('*');
}

/**
 * Follows a session to its new time: the line moves with its start, and everyone still waiting or
 * holding an open offer is told the new time and the one they joined for, once per entry and move
 * (the key names the session's sequence, which every move bumps). A change naming the session's
 * own times moves and tells nobody. A change that keeps the start (the host's calendar made the
 * session longer) leaves the line where it is: "moving" it onto its own start would end every
 * entry as a stale copy of itself.
 */
async function followMove(deps: WaitlistFollowerDeps, trx: Knex.Transaction, session: SessionFacts, previous: { start: Date; end: Date }, now: Date): Promise<void> {
  const [start, end] = [new Date(session.start_at).getTime(), new Date(session.end_at).getTime()];
  if (previous.start.getTime() === start && previous.end.getTime() === end) return;
  const line: WaitlistRow[] =
    previous.start.getTime() === start
      ? await trx('waitlist_entries').where({ event_type_id: session.event_type_id, start_at: session.start_at }).whereIn('status', IN_LINE)
      : await moveLine(trx, session, previous.start, now);
  // An offer that lapsed (and waits for the job to pass it on) holds nothing any more.
  const told = line.filter((e) => e.status === 'waiting' || new Date(e.offer_expires_at!).getTime() > now.getTime());
  const messages = told.map((entry) => ({ channel: 'email', idempotencyKey: `email:waitlist-moved:${entry.id}:${session.sequence}`, payload: renderWaitlistMovedEmail(entry, session, previous), bookingId: session.id }));
  await enqueueOutboxMessages(trx, messages, { clock: deps.clock, maxAttempts: deps.maxAttempts });
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
      const session: SessionFacts | undefined = await trx('bookings').where({ id: change.bookingId }).first('id', 'event_type_id', 'start_at', 'end_at', 'title', 'status', 'seats_total', 'sequence');
      if (!session || session.seats_total === null || !session.event_type_id) return;
      const now = deps.clock.now();
      if (change.type === 'rescheduled' && change.previousStart) await followMove(deps, trx, session, previousTimes(session, change.previousStart, change.previousEnd), now);
      if (change.type === 'canceled' && session.status === 'canceled') await closeLine(deps, trx, session, change.reason ?? null, now);
    },
  };
}
