/**
 * What Twilio posts to us, each verified by its X-Twilio-Signature against the exact public
 * URL before it acts: delivery reports (recorded on the message) and incoming texts, where
 * the STOP and START keywords opt a number out of and back into every SMS.
 */
import type { Knex } from 'knex';
import type { Clock } from '../../clock.js';
import type { ReplanNotices } from '../reminders/replan.js';
import type { SmsProvider } from './twilioClient.js';

const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const START_WORDS = new Set(['START', 'YES', 'UNSTOP', 'OPTIN']);
/** Final delivery states: a late "sent" or "queued" report never overwrites them. */
const FINAL = ['delivered', 'undelivered', 'failed', 'read', 'canceled'];

export type WebhookOutcome = 'ok' | 'rejected' | 'ignored';

export interface TwilioWebhookDeps {
  db: Knex;
  clock: Clock;
  provider: SmsProvider;
  /** Plans the SMS reminders of a number's users again once it answers START. */
  replan?: ReplanNotices;
}

/** Records a status callback (MessageSid, MessageStatus, ErrorCode) on the message. */
export async function handleStatusCallback({ db, clock, provider }: TwilioWebhookDeps, url: string, signature: string, params: Record<string, string>): Promise<WebhookOutcome> {
  if (!signature || !provider.isValidSignature(signature, url, params)) return 'rejected';
  const sid = params.MessageSid ?? params.SmsSid;
  const status = params.MessageStatus ?? params.SmsStatus;
  if (!sid || !status) return 'ignored';
  const updated = await db('sms_messages')
    .where({ provider_sid: sid })
    .where((q) => q.whereNotIn('status', FINAL).orWhereIn('status', [status]))
    .update({ status, error_code: params.ErrorCode || null, updated_at: clock.now() });
  return Number(updated) ? 'ok' : 'ignored';
}

/**
 * Honours STOP / START (and their synonyms) from an incoming text; anything else is ignored.
 * START also plans the reminders the number's users were not planned while it was opted out.
 */
export async function handleInboundSms({ db, clock, provider, replan }: TwilioWebhookDeps, url: string, signature: string, params: Record<string, string>): Promise<WebhookOutcome> {
  if (!signature || !provider.isValidSignature(signature, url, params)) return 'rejected';
  const from = (params.From ?? '').trim();
  const word = (params.Body ?? '').trim().toUpperCase();
  if (!from) return 'ignored';
  if (STOP_WORDS.has(word)) {
    await db('sms_opt_outs').insert({ phone: from, created_at: clock.now() }).onConflict('phone').ignore();
    return 'ok';
  }
  if (START_WORDS.has(word)) {
    await db.transaction(async (trx) => {
      await trx('sms_opt_outs').where({ phone: from }).delete();
      const userIds: string[] = await trx('user_phones').where({ phone: from }).whereNotNull('verified_at').pluck('user_id');
      if (userIds.length) await replan?.(trx, { userIds, emails: [] });
    });
    return 'ok';
  }
  return 'ignored';
}
