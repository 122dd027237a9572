/**
 * Offering a freed seat to the waitlist: the first person in line gets it, held for them for
 * `holdMinutes`, by e-mail with a confirm link. The seat stays counted in the session's
 * `seats_taken` while it is held, so nobody else can take it; an expired offer passes to the
 * next in line, and with nobody left the seat goes back to the public.
 *
 * Lock order, everywhere: the session row, then waitlist rows. Every function runs inside the
 * caller's transaction.
 */
import type { Knex } from 'knex';
import { generateSecret, hashSecret } from '../auth/secrets.js';
import type { SessionRow } from '../booking/seats.js';
import { releaseSeat } from '../booking/seats.js';
import type { Clock } from '../clock.js';
import { formatMeetingTime } from '../notify/email/render.js';
import { describeLead } from '../notify/reminders/render.js';
import { enqueueOutboxMessages, type EmailPayload } from '../notify/outbox.js';
import { renderWaitlistNotice } from './emails.js';
import { priceOfRow } from '../payments/eventTypePrice.js';
import { MINUTE_MS } from '../time/units.js';

export interface WaitlistDeps {
  db: Knex;
  clock: Clock;
  /** How long an offer holds the seat (WAITLIST_HOLD_MINUTES). */
  holdMinutes: number;
  /** Base URL of the confirm links. */
  publicUrl: string;
  /** Outbox attempts for the offer e-mails. */
  maxAttempts: number;
  /** Signs the manage token of the seat an offer turns into (core/booking/manageTokens.ts). */
  manageSecret?: string;
}

/** A row of `waitlist_entries`. */
/** Entries still in line (the unique index allows one of these per address and session). */
export const IN_LINE = ['waiting', 'offered'];

export interface WaitlistRow {
  id: string;
  /** Order of joining (bigserial; a string from PostgreSQL). */
  seq: string | number;
  event_type_id: string;
  start_at: Date;
  name: string;
  email: string;
  timezone: string;
  /** `canceled`: the host canceled the session (followSession.ts). */
  status: 'waiting' | 'offered' | 'booked' | 'expired' | 'left' | 'canceled';
  offer_token_hash: string | null;
  offered_at: Date | null;
  offer_expires_at: Date | null;
  booking_id: string | null;
  created_at: Date;
}

/** The confirm page of an offer. */
export const offerUrl = (publicUrl: string, token: string) => `${publicUrl}/waitlist/${encodeURIComponent(token)}`;

/** The offer e-mail: the held seat, how long it is held ("1 minute", "2 hours") and until when, and the confirm link. */
export function renderOfferEmail(deps: Pick<WaitlistDeps, 'holdMinutes' | 'publicUrl'>, entry: Pick<WaitlistRow, 'name' | 'email' | 'timezone'>, session: Pick<SessionRow, 'title' | 'start_at' | 'end_at'>, token: string, expiresAt: Date): EmailPayload {
  const when = formatMeetingTime(new Date(session.start_at), new Date(session.end_at), entry.timezone);
  const until = formatMeetingTime(expiresAt, expiresAt, entry.timezone).replace(/–\d\d:\d\d/, '');
  return renderWaitlistNotice(entry, {
    subject: `A seat is free: ${session.title}`,
    lead: `A seat in ${session.title} is free, and you are first on its waitlist. It is held for you for ${describeLead(deps.holdMinutes)}: confirm by ${until} to take it, or it goes to the next person in line.`,
    rows: [['When', when]],
    link: ['Take the seat', offerUrl(deps.publicUrl, token)],
  });
}

/**
 * Offers the session's freed seat to the first person waiting for it: their entry becomes
 * `offered` with a fresh token and a deadline, and the offer e-mail is queued. Returns false
 * when nobody waits (the caller then gives the seat back).
 */
export async function offerSeatToNext(deps: WaitlistDeps, trx: Knex.Transaction, session: SessionRow, now: Date): Promise<boolean> {
  const next: WaitlistRow | undefined = await trx('waitlist_entries')
    .where({ event_type_id: session.event_type_id, start_at: session.start_at, status: 'waiting' })
    .orderBy('seq')
    .forUpdate()
    .first();
  if (!next) return false;
  const token = generateSecret('yava_wl_');
  const expiresAt = new Date(now.getTime() + deps.holdMinutes * MINUTE_MS);
  await trx('waitlist_entries').where({ id: next.id }).update({ status: 'offered', offer_token_hash: hashSecret(token), offered_at: now, offer_expires_at: expiresAt, booking_id: session.id, updated_at: now });
  await enqueueOutboxMessages(trx, [{ channel: 'email', idempotencyKey: `email:waitlist-offer:${next.id}`, payload: renderOfferEmail(deps, next, session, token, expiresAt), bookingId: session.id }], { clock: deps.clock, maxAttempts: deps.maxAttempts });
  return true;
}

/** Whether the session's event type has a price (a paid group stored before they were refused: core/booking/paidGroups.ts). */
export async function isPaidGroup(trx: Knex, eventTypeId: string | null): Promise<boolean> {
  if (!eventTypeId) return false;
  const row = await trx('event_types').where({ id: eventTypeId }).first('price_minor', 'currency', 'payment_provider');
  return Boolean(row && priceOfRow(row));
}

/**
 * A freed seat (an attendee gave it up, or an offer lapsed): to the next in line, else back to
 * the public. A paid group's seat is never offered: taking it up would seat someone for free.
 */
export async function passSeatOn(deps: WaitlistDeps, trx: Knex.Transaction, session: SessionRow, now: Date): Promise<void> {
  const open = ['pending', 'scheduled'].includes(session.status) && new Date(session.start_at).getTime() > now.getTime();
  if (open && !(await isPaidGroup(trx, session.event_type_id)) && (await offerSeatToNext(deps, trx, session, now))) return;
  await releaseSeat(trx, session.id);
}
