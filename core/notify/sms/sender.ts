/**
 * Delivers 'sms' outbox rows through the SmsProvider. Twilio has no idempotency key, so
 * every message is first recorded in sms_messages ('submitting', committed), then sent, and
 * its provider id recorded before the outbox row is acknowledged. A retry that finds the
 * record with an id sends nothing; one that finds it still 'submitting' (the process died, or
 * the answer was lost, during the call) asks the provider whether that text went to that
 * number since then, and adopts it instead of sending it twice.
 */
import type { Knex } from 'knex';
import type { Clock } from '../../clock.js';
import type { ChannelSender } from '../dispatcher.js';
import type { SmsPayload } from '../reminders/types.js';
import type { SmsProvider } from './twilioClient.js';

interface SmsMessageRow {
  id: string;
  to: string;
  body: string;
  provider_sid: string | null;
  status: string;
  created_at: Date | string;
}

const RECONCILE_SLACK_MS = 60_000;

/** The number a payload goes to: its own `to` (a verification code), else the user's verified number. */
async function recipientNumber(db: Knex, payload: SmsPayload): Promise<string | null> {
  if (payload.to) return payload.to;
  const phone = await db('user_phones').where({ user_id: payload.userId }).whereNotNull('verified_at').first('phone');
  return phone?.phone ?? null;
}

/** Whether a provider error says the request was refused (so nothing was sent), not lost on the way. */
function wasRefused(error: unknown): boolean {
  const status = (error as { status?: unknown })?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

export function createSmsSender({ db, clock, provider, statusCallbackUrl }: { db: Knex; clock: Clock; provider: SmsProvider; statusCallbackUrl: string | null }): ChannelSender {
  const record = (key: string, to: string, body: string, status: string, errorCode: string | null = null) =>
    db('sms_messages').insert({ idempotency_key: key, to, body, status, error_code: errorCode, created_at: clock.now(), updated_at: clock.now() }).onConflict('idempotency_key').ignore();

  return async (message) => {
    const payload = message.payload as SmsPayload;
    const key = message.idempotencyKey;
    const to = await recipientNumber(db, payload);
    if (!to) return void (await record(key, '', payload.body, 'not_sent', 'no_verified_number'));
    if (await db('sms_opt_outs').where({ phone: to }).first()) return void (await record(key, to, payload.body, 'not_sent', 'opted_out'));
    let row: SmsMessageRow | undefined = await db('sms_messages').where({ idempotency_key: key }).first();
    if (row?.provider_sid) return { providerId: row.provider_sid };
    if (row?.status === 'submitting') {
      const found = await provider.findSent({ to, body: payload.body, since: new Date(new Date(row.created_at).getTime() - RECONCILE_SLACK_MS) });
      if (found) {
        await db('sms_messages').where({ id: row.id }).update({ provider_sid: found.sid, status: found.status, updated_at: clock.now() });
        return { providerId: found.sid };
      }
    }
    if (!row) {
      await record(key, to, payload.body, 'submitting');
      row = await db('sms_messages').where({ idempotency_key: key }).first();
    } else {
      await db('sms_messages').where({ id: row.id }).update({ status: 'submitting', to, updated_at: clock.now() });
    }
    try {
      const sent = await provider.send({ to, body: payload.body, statusCallback: statusCallbackUrl });
      await db('sms_messages').where({ id: row!.id }).update({ provider_sid: sent.sid, status: sent.status, error_code: null, updated_at: clock.now() });
      return { providerId: sent.sid };
    } catch (error) {
      // A refusal sent nothing (send again next time); anything else may have gone out: reconcile first.
      if (wasRefused(error)) await db('sms_messages').where({ id: row!.id }).update({ status: 'failed', error_code: String((error as { code?: unknown }).code ?? 'refused'), updated_at: clock.now() });
      throw error;
    }
  };
}
