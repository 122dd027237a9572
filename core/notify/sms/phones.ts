/**
 * A user's phone number for SMS: E.164 only, verified by a 6-digit code sent by SMS (through
 * the outbox like every message), 10 minutes to enter it, 5 tries. Only a verified number
 * that has not answered STOP gets reminders. Codes are texted at most once a minute and
 * {@link MAX_CODES_PER_HOUR} times an hour per user, so the endpoint cannot be used to pump
 * texts to a number (SMS pumping) or to draw fresh codes for guessing.
 */
import { createHash, randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../../clock.js';
import { DomainError } from '../../errors.js';
import { enqueueOutboxMessages } from '../outbox.js';
import type { ReplanNotices } from '../reminders/replan.js';
import type { SmsPayload } from '../reminders/types.js';

const E164 = /^\+[1-9]\d{6,14}$/;
const CODE_TTL_MS = 10 * 60_000;
const MAX_CODE_ATTEMPTS = 5;
const CODE_INTERVAL_MS = 60_000;
export const MAX_CODES_PER_HOUR = 5;

export interface PhoneState {
  phone: string | null;
  verified: boolean;
  /** The number answered STOP: nothing is sent to it until it answers START. */
  optedOut: boolean;
}

/** "+49 151 2345-6789" → "+4915123456789"; throws validation_failed unless it is E.164. */
export function normalizeE164(input: string): string {
  const compact = input.replace(/[\s().-]/g, '');
  if (!E164.test(compact)) throw new DomainError('validation_failed', 'Give the number in international E.164 form, e.g. +4915123456789', { errors: [{ field: 'phone', message: 'expected E.164: + then country code and number, 7–15 digits' }] });
  return compact;
}

const hashCode = (userId: string, code: string) => createHash('sha256').update(`${userId}:${code}`).digest('hex');

export async function getPhone(db: Knex, userId: string): Promise<PhoneState> {
  const row = await db('user_phones').where({ user_id: userId }).first();
  if (!row) return { phone: null, verified: false, optedOut: false };
  return { phone: row.phone, verified: Boolean(row.verified_at), optedOut: Boolean(await db('sms_opt_outs').where({ phone: row.phone }).first()) };
}

export interface PhoneDeps {
  db: Knex;
  clock: Clock;
  maxAttempts: number;
  /** False without Twilio settings: numbers cannot be verified. */
  smsConfigured: boolean;
  /** Plans the user's SMS reminders of meetings already booked once the number is verified. */
  replan?: ReplanNotices;
}

/** Sets the number (unverified) and texts it a code. Throws validation_failed, not_configured, unprocessable (the number answered STOP). */
export async function setPhone({ db, clock, maxAttempts, smsConfigured }: PhoneDeps, userId: string, input: string): Promise<PhoneState> {
  if (!smsConfigured) throw new DomainError('not_configured', 'SMS is not configured: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER');
  const phone = normalizeE164(input);
  // A number that answered STOP gets no text, the code included: say so instead of waiting for a code that never comes.
  if (await db('sms_opt_outs').where({ phone }).first()) {
    throw new DomainError('unprocessable', `${phone} answered STOP to Yava's texts, so no code can be sent to it: text START from that phone to the number Yava texts from, then ask again`, {
      details: { reason: 'sms_opted_out' },
      errors: [{ field: 'phone', message: 'this number answered STOP; text START from it first' }],
    });
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = clock.now();
  await db.transaction(async (trx) => {
    await requireCodeAllowed(trx, userId, now);
    await trx('user_phones')
      .insert({ user_id: userId, phone, code_hash: hashCode(userId, code), code_expires_at: new Date(now.getTime() + CODE_TTL_MS), code_attempts: 0, verified_at: null, updated_at: now })
      .onConflict('user_id')
      .merge();
    const payload: SmsPayload = { userId, to: phone, body: `Your Yava verification code is ${code}. It expires in 10 minutes.` };
    await enqueueOutboxMessages(trx, [{ channel: 'sms', idempotencyKey: `sms:verify:${userId}:${now.getTime()}`, payload }], { clock, maxAttempts });
  });
  return getPhone(db, userId);
}

/** Refuses a new code within a minute of the last one, or past {@link MAX_CODES_PER_HOUR} in an hour (rate_limited, with when to retry). */
async function requireCodeAllowed(trx: Knex.Transaction, userId: string, now: Date): Promise<void> {
  // The codes sent are the outbox rows keyed sms:verify:<user>:<ms>; the row lock serialises two requests at once.
  await trx('users').where({ id: userId }).forUpdate().first('id');
  const sent: Array<{ created_at: Date | string }> = await trx('outbox')
    .whereLike('idempotency_key', `sms:verify:${userId}:%`)
    .where('created_at', '>', new Date(now.getTime() - 3_600_000))
    .orderBy('created_at', 'desc')
    .select('created_at');
  const last = sent[0] ? new Date(sent[0].created_at).getTime() : null;
  if (last !== null && now.getTime() - last < CODE_INTERVAL_MS) {
    const seconds = Math.ceil((last + CODE_INTERVAL_MS - now.getTime()) / 1000);
    throw new DomainError('rate_limited', `A code was texted to this account moments ago: wait ${seconds} s before asking for another`, { retryAfterSeconds: seconds });
  }
  if (sent.length >= MAX_CODES_PER_HOUR) {
    const seconds = Math.ceil((new Date(sent.at(-1)!.created_at).getTime() + 3_600_000 - now.getTime()) / 1000);
    throw new DomainError('rate_limited', `${sent.length} codes were texted to this account in the last hour: wait ${Math.ceil(seconds / 60)} min before asking for another`, { retryAfterSeconds: seconds });
  }
}

/**
 * Checks the code; the number is verified once it matches, and the meetings already booked get
 * their SMS reminders in the same transaction. A wrong code counts against the 5
 * tries even though the request fails (the count is committed before the refusal). Throws
 * not_found, validation_failed (wrong code, naming the tries left), too_many_attempts, token_expired.
 */
export async function verifyPhone({ db, clock, replan }: Pick<PhoneDeps, 'db' | 'clock' | 'replan'>, userId: string, code: string): Promise<PhoneState> {
  const now = clock.now();
  const triesLeft = await db.transaction(async (trx) => {
    const row = await trx('user_phones').where({ user_id: userId }).forUpdate().first();
    if (!row) throw new DomainError('not_found', 'No phone number to verify: set one first (PUT /api/notifications/phone)');
    if (row.verified_at) return null;
    if (!row.code_hash || row.code_attempts >= MAX_CODE_ATTEMPTS) throw new DomainError('too_many_attempts', 'Too many wrong codes: set the number again for a new code');
    if (new Date(row.code_expires_at).getTime() < now.getTime()) throw new DomainError('token_expired', 'The code has expired: set the number again for a new one');
    if (row.code_hash !== hashCode(userId, code.trim())) {
      await trx('user_phones').where({ user_id: userId }).update({ code_attempts: row.code_attempts + 1 });
      return MAX_CODE_ATTEMPTS - row.code_attempts - 1;
    }
    await trx('user_phones').where({ user_id: userId }).update({ verified_at: now, code_hash: null, code_expires_at: null, updated_at: now });
    await replan?.(trx, { userIds: [userId], emails: [] });
    return null;
  });
  if (triesLeft !== null) {
    const left = triesLeft > 0 ? `${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left` : 'no tries left: set the number again for a new code';
    throw new DomainError('validation_failed', `That code is not right (${left})`, { errors: [{ field: 'code', message: `not the code texted to the number (${left})` }] });
  }
  return getPhone(db, userId);
}

export async function removePhone(db: Knex, userId: string): Promise<void> {
  await db('user_phones').where({ user_id: userId }).delete();
}
