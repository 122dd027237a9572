/**
 * Waitlists of full group sessions: join one, take up a held seat with the offer's link, and
 * pass lapsed offers on (a periodic job). Who gets a freed seat is decided by row locks: the
 * session row, then the waitlist rows (core/waitlist/offers.ts).
 */
import type { Knex } from 'knex';
import { hashSecret } from '../auth/secrets.js';
import { loadBooking, lockBookingRow } from '../booking/bookingRepository.js';
import { inTransaction } from '../booking/context.js';
import { invalidField, parseInstant, requireTimeZone } from '../booking/inputs.js';
import { requireEventTypeBySlug } from '../booking/records.js';
import { paidGroupBookingError } from '../booking/paidGroups.js';
import { priceOfRow } from '../payments/eventTypePrice.js';
import { rulesOfEventType } from '../booking/rules.js';
import { insertSeat, isSeated, lockOpenSession, OPEN_SESSION_STATUSES, releaseSeat, requireJoinable, requireNotSeated, type SessionRow } from '../booking/seats.js';
import type { BookingDetails } from '../booking/types.js';
import { DomainError } from '../errors.js';
import type { BookingNotifier } from '../notify/types.js';
import { manageTokenIssuer } from '../booking/manageTokens.js';
import { IN_LINE, isPaidGroup, passSeatOn, type WaitlistDeps, type WaitlistRow } from './offers.js';

export interface JoinWaitlistInput {
  user?: string;
  team?: string;
  eventType: string;
  /** The full session's start (ISO 8601 with an offset). */
  start: string;
  invitee: { name: string; email: string; timezone: string };
}

export interface WaitlistEntryDetails {
  id: string;
  start: string;
  status: WaitlistRow['status'];
  /** Place in line (1 = next to be offered a seat). */
  position: number;
  name: string;
  email: string;
  offerExpiresAt: string | null;
  createdAt: string;
}

/** What the offer page shows. */
export interface WaitlistOffer {
  status: WaitlistRow['status'];
  title: string;
  start: string;
  end: string;
  name: string;
  timezone: string;
  expiresAt: string | null;
  /** Whether the seat can be taken now (offered, not lapsed, session still on). */
  open: boolean;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

async function positionOf(db: Knex, entry: WaitlistRow): Promise<number> {
  const row = await db('waitlist_entries')
    .where({ event_type_id: entry.event_type_id, start_at: entry.start_at })
    .whereIn('status', IN_LINE)
    .where('seq', '<=', entry.seq)
    .count<{ n: number | string }>('* as n')
    .first();
  return Number(row?.n ?? 0);
}

/**
 * Puts the invitee on the waitlist of the full session of an event type at `start`.
 * Throws validation_failed (not a group event type, bad zone or start), event_type_not_found,
 * slot_unavailable (in_past, too_soon), conflict (no session yet or seats left: book instead;
 * already on this waitlist), unprocessable (a group with a price: paid seats are not supported).
 */
export async function joinWaitlist(deps: WaitlistDeps, input: JoinWaitlistInput): Promise<WaitlistEntryDetails> {
  const start = parseInstant(input.start, 'start');
  const timezone = requireTimeZone(input.invitee.timezone, 'invitee.timezone');
  return deps.db.transaction(async (trx) => {
    const eventType = await requireEventTypeBySlug(trx, input.team ? { team: input.team } : { user: input.user ?? '' }, input.eventType);
    if (eventType.kind !== 'group') throw invalidField('eventType', 'waitlists are for group event types (sessions with seats)');
    // Its offers would seat people for free (paidGroups.ts).
    if (priceOfRow(eventType)) throw paidGroupBookingError();
    const now = deps.clock.now();
    const session = await lockOpenSession(trx, eventType.id, start);
    if (session) requireJoinable(session, rulesOfEventType(eventType), now.getTime());
    if (!session || session.seats_taken < session.seats_total) throw new DomainError('conflict', 'That session still has seats left: book one instead of waiting', { details: { reason: 'seats_left' } });
    await requireNotSeated(trx, session.id, input.invitee.email);
    const [row]: WaitlistRow[] = await trx('waitlist_entries')
      .insert({ event_type_id: eventType.id, start_at: new Date(start), name: input.invitee.name, email: input.invitee.email.toLowerCase(), timezone, status: 'waiting', created_at: now, updated_at: now })
      .onConflict()
      .ignore()
      .returning('*');
    if (!row) throw new DomainError('conflict', 'You are already on the waitlist of this session', { details: { reason: 'already_waiting' } });
    return { id: row.id, start: iso(row.start_at)!, status: row.status, position: await positionOf(trx, row), name: row.name, email: row.email, offerExpiresAt: null, createdAt: iso(row.created_at)! };
  });
}

async function requireOffer(db: Knex, token: string): Promise<{ id: string; booking_id: string | null }> {
  const row = await db('waitlist_entries').where({ offer_token_hash: hashSecret(token) }).first('id', 'booking_id');
  if (!row) throw new DomainError('not_found', 'This waitlist offer does not exist. Use the link from your e-mail.');
  return row;
}

/** The offer behind a token, for its page. Throws not_found. */
export async function getWaitlistOffer(deps: WaitlistDeps, token: string): Promise<WaitlistOffer> {
  const { id } = await requireOffer(deps.db, token);
  const row = await deps.db('waitlist_entries as w').leftJoin('bookings as b', 'b.id', 'w.booking_id').where('w.id', id).first('w.*', 'b.title', 'b.end_at', 'b.status as session_status');
  const open = row.status === 'offered' && new Date(row.offer_expires_at).getTime() > deps.clock.now().getTime() && OPEN_SESSION_STATUSES.includes(row.session_status);
  return { status: row.status, title: row.title ?? 'Session', start: iso(row.start_at)!, end: iso(row.end_at ?? row.start_at)!, name: row.name, timezone: row.timezone, expiresAt: iso(row.offer_expires_at), open };
}

/**
 * Takes up a held seat: the offered entry's person is seated in the session (own manage token and
 * join link) and the entry is `booked`. The entry's row lock decides: of any number of parallel
 * confirmations exactly one seats someone, the others are refused.
 * Throws not_found (unknown token), invalid_transition (already taken up, session canceled),
 * link_revoked (the offer lapsed and passed on).
 */
export async function confirmWaitlistOffer(deps: WaitlistDeps & { notifier: BookingNotifier }, token: string): Promise<{ booking: BookingDetails; manageToken: string; joinToken: string }> {
  const taken = await inTransaction(deps.db, async (trx) => {
    const peek = await requireOffer(trx, token);
    const session = peek.booking_id ? ((await lockBookingRow(trx, peek.booking_id)) as SessionRow | undefined) : undefined;
    const entry: WaitlistRow = await trx('waitlist_entries').where({ id: peek.id }).forUpdate().first();
    const now = deps.clock.now();
    if (entry.status === 'booked') throw new DomainError('invalid_transition', 'This seat was already taken up with this link', { details: { status: entry.status } });
    if (entry.status !== 'offered' || new Date(entry.offer_expires_at!).getTime() <= now.getTime()) {
      throw new DomainError('link_revoked', 'This offer has lapsed and the seat went to the next person in line. You can join the waitlist again.');
    }
    if (!session || !(OPEN_SESSION_STATUSES as readonly string[]).includes(session.status)) throw new DomainError('invalid_transition', 'The session was canceled by the host', { details: { status: session?.status ?? null } });
    // An offer sent before the group got a price (stored before paid groups were refused) seats nobody
    // for free: it ends here, and the seat it held goes back (booking it is refused the same way).
    if (await isPaidGroup(trx, entry.event_type_id)) {
      await trx('waitlist_entries').where({ id: entry.id }).update({ status: 'expired', updated_at: now });
      await releaseSeat(trx, session.id);
      return paidGroupBookingError();
    }
    // Seated meanwhile another way (one seat per address): the held seat goes to the next in line.
    if (await isSeated(trx, session.id, entry.email)) {
      await trx('waitlist_entries').where({ id: entry.id }).update({ status: 'left', updated_at: now });
      await passSeatOn(deps, trx, session, now);
      return new DomainError('conflict', 'You already have a seat in this session; the seat held for you went to the next person in line', { details: { reason: 'seated' } });
    }
    const seat = await insertSeat(trx, session.id, entry, { createdByUserId: null, now, issueManageToken: manageTokenIssuer(deps.manageSecret) });
    await trx('waitlist_entries').where({ id: entry.id }).update({ status: 'booked', updated_at: now });
    await deps.notifier.bookingChanged(trx, { type: 'created', bookingId: session.id, manageTokens: { [seat.attendeeId]: seat.manageToken }, joinTokens: { [seat.attendeeId]: seat.joinToken }, attendeeIds: [seat.attendeeId], actor: `attendee:${entry.email}` });
    const booking = (await loadBooking(trx, session.id))!;
    return { booking: { ...booking, attendees: booking.attendees.filter((a) => a.id === seat.attendeeId) }, manageToken: seat.manageToken, joinToken: seat.joinToken };
  });
  if (taken instanceof DomainError) throw taken;
  return taken;
}

/**
 * Lapses the offers whose hold ended by `now` and passes each seat to the next in line (or back
 * to the public). Safe in any number of workers at once: each offer is re-checked under its locks.
 * Returns how many offers lapsed.
 */
export async function expireWaitlistOffers(deps: WaitlistDeps, now = deps.clock.now()): Promise<number> {
  const due: Array<{ id: string; booking_id: string | null }> = await deps.db('waitlist_entries').where({ status: 'offered' }).where('offer_expires_at', '<=', now).orderBy('offer_expires_at').limit(500).select('id', 'booking_id');
  let lapsed = 0;
  for (const { id, booking_id: sessionId } of due) {
    await deps.db.transaction(async (trx) => {
      const session = sessionId ? ((await lockBookingRow(trx, sessionId)) as SessionRow | undefined) : undefined;
      const entry: WaitlistRow | undefined = await trx('waitlist_entries').where({ id }).forUpdate().first();
      if (!entry || entry.status !== 'offered' || new Date(entry.offer_expires_at!).getTime() > now.getTime()) return;
      await trx('waitlist_entries').where({ id }).update({ status: 'expired', updated_at: now });
      lapsed += 1;
      if (session) await passSeatOn(deps, trx, session, now);
    });
  }
  return lapsed;
}
