/**
 * A user's phone number for SMS: E.164 only, verified by a 6-digit code sent by SMS (through
 * the outbox like every message), 10 minutes to enter it, 5 tries. Only a verified number
 * that has not answered STOP gets reminders.
 */
import { createHash, randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../../clock.js';
import { DomainError } from '../../errors.js';
import { enqueueOutboxMessages } from '../outbox.js';
import type { SmsPayload } from '../reminders/types.js';

const E164 = /^\+[1-9]\d{6,14}$/;
const CODE_TTL_MS = 10 * 60_000;
const MAX_CODE_ATTEMPTS = 5;

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
}

/** Sets the number (unverified) and texts it a code. Throws validation_failed, not_configured. */
export async function setPhone({ db, clock, maxAttempts, smsConfigured }: PhoneDeps, userId: string, input: string): Promise<PhoneState> {
  if (!smsConfigured) throw new DomainError('not_configured', 'SMS is not configured: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER');
  const phone = normalizeE164(input);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = clock.now();
  await db.transaction(async (trx) => {
    await trx('user_phones')
      .insert({ user_id: userId, phone, code_hash: hashCode(userId, code), code_expires_at: new Date(now.getTime() + CODE_TTL_MS), code_attempts: 0, verified_at: null, updated_at: now })
      .onConflict('user_id')
      .merge();
    const payload: SmsPayload = { userId, to: phone, body: `Your Yava verification code is ${code}. It expires in 10 minutes.` };
    await enqueueOutboxMessages(trx, [{ channel: 'sms', idempotencyKey: `sms:verify:${userId}:${now.getTime()}`, payload }], { clock, maxAttempts });
  });
  return getPhone(db, userId);
}

/** Checks the code; the number is verified once it matches. Throws not_found, invalid_token, too_many_attempts, token_expired. */
export async function verifyPhone({ db, clock }: Pick<PhoneDeps, 'db' | 'clock'>, userId: string, code: string): Promise<PhoneState> {
  const now = clock.now();
  await db.transaction(async (trx) => {
    const row = await trx('user_phones').where({ user_id: userId }).forUpdate().first();
    if (!row) throw new DomainError('not_found', 'No phone number to verify: set one first (PUT /api/notifications/phone)');
    if (row.verified_at) return;
    if (!row.code_hash || row.code_attempts >= MAX_CODE_ATTEMPTS) throw new DomainError('too_many_attempts', 'Too many wrong codes: set the number again for a new code');
    if (new Date(row.code_expires_at).getTime() < now.getTime()) throw new DomainError('token_expired', 'The code has expired: set the number again for a new one');
    if (row.code_hash !== hashCode(userId, code.trim())) {
      await trx('user_phones').where({ user_id: userId }).update({ code_attempts: row.code_attempts + 1 });
      throw new DomainError('invalid_token', 'That code is not right');
    }
    await trx('user_phones').where({ user_id: userId }).update({ verified_at: now, code_hash: null, code_expires_at: null, updated_at: now });
  });
  return getPhone(db, userId);
}

export async function removePhone(db: Knex, userId: string): Promise<void> {
  await db('user_phones').where({ user_id: userId }).delete();
}
