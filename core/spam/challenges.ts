/**
 * Challenged bookings: the request waits (holding no slot) until the booker opens the link
 * e-mailed to them, within SPAM_CHALLENGE_MINUTES; then it is booked if the time is still free.
 */
import type { Knex } from 'knex';
import { generateSecret, hashSecret } from '../auth/secrets.js';
import type { Clock } from '../clock.js';
import { DomainError } from '../errors.js';
import { html } from '../notify/html.js';
import { enqueueOutboxMessages, type EmailPayload } from '../notify/outbox.js';
import type { ScheduleBookingInput } from '../booking/scheduleBooking.js';
import type { ScheduleSeriesInput } from '../booking/series/scheduleSeries.js';

/** What was asked for: one booking or a series. */
export type PendingBooking = { kind: 'booking'; input: ScheduleBookingInput } | { kind: 'series'; input: ScheduleSeriesInput };

/** The path of the page the e-mailed confirmation link opens. */
export const CONFIRM_BOOKING_PAGE = '/confirm-booking';

export interface ChallengeDeps {
  clock: Clock;
  publicUrl: string;
  maxAttempts: number;
  ttlMinutes: number;
}

/** Stores the request and queues the confirmation e-mail (inside `trx`). */
export async function createChallenge(trx: Knex, deps: ChallengeDeps, decisionId: string, pending: PendingBooking): Promise<{ expiresAt: Date }> {
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.ttlMinutes * 60_000);
  const token = generateSecret('yava_bc_');
  await trx('spam_challenges').insert({ token_hash: hashSecret(token), decision_id: decisionId, input: JSON.stringify(pending), expires_at: expiresAt, created_at: now });
  const link = `${deps.publicUrl}${CONFIRM_BOOKING_PAGE}?token=${encodeURIComponent(token)}`;
  const invitee = pending.input.invitee;
  const text = `Hello ${invitee.name},\n\nPlease confirm your booking request by opening this link within ${deps.ttlMinutes} minutes:\n${link}\n\nThe time is booked when you confirm, if it is still free. If you did not ask for this, ignore this message.\n`;
  const body = html`<p>Hello ${invitee.name},</p><p>Please confirm your booking request within ${deps.ttlMinutes} minutes:</p><p><a href="${link}">Confirm my booking</a></p><p>The time is booked when you confirm, if it is still free. If you did not ask for this, ignore this message.</p>`;
  const payload: EmailPayload = { to: invitee.email, toName: invitee.name, subject: 'Confirm your booking request', text, html: body.value, ics: null, icsMethod: null };
  await enqueueOutboxMessages(trx, [{ channel: 'email', idempotencyKey: `spam-challenge:${decisionId}`, payload }], { clock: deps.clock, maxAttempts: deps.maxAttempts });
  return { expiresAt };
}

/**
 * Claims the challenge of a token: unused and unexpired, or link_revoked. The claim is undone
 * by `releaseChallenge` when the booking then fails (the booker may pick another time).
 */
export async function claimChallenge(db: Knex, token: string, now: Date): Promise<{ id: string; decisionId: string; pending: PendingBooking }> {
  const [row] = await db('spam_challenges').where({ token_hash: hashSecret(token) }).whereNull('confirmed_at').where('expires_at', '>', now).update({ confirmed_at: now }).returning(['id', 'decision_id', 'input']);
  if (!row) throw new DomainError('link_revoked', 'This confirmation link has expired or was already used: book again from the booking page');
  return { id: row.id, decisionId: String(row.decision_id), pending: typeof row.input === 'string' ? JSON.parse(row.input) : row.input };
}

export async function releaseChallenge(db: Knex, id: string): Promise<void> {
  await db('spam_challenges').where({ id }).update({ confirmed_at: null });
}

export async function completeChallenge(db: Knex, id: string, decisionId: string, bookingId: string): Promise<void> {
  await db('spam_challenges').where({ id }).update({ booking_id: bookingId });
  await db('spam_decisions').where({ id: decisionId }).update({ booking_id: bookingId });
}
