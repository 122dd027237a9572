/**
 * Notification preferences of a user: every channel × kind (on unless turned off) and
 * quiet hours in the user's own zone; and the one-click unsubscribe that works without
 * signing in (the signed token names the address and the kind).
 */
import type { Knex } from 'knex';
import type { Clock } from '../../clock.js';
import { DomainError } from '../../errors.js';
import { formatClockTime, parseClockTime } from '../reminders/quietHours.js';
import { OFFERED_PREFERENCES, channelsOfKind, isOfferedOn, type NotificationChannel, type NotificationKind } from '../reminders/types.js';
import { verifyUnsubscribeToken, type UnsubscribeTarget } from './unsubscribe.js';

export interface NotificationPreferences {
  timezone: string;
  /** Local times "HH:MM" in `timezone`; null = none. */
  quietHours: { start: string; end: string } | null;
  preferences: Array<{ channel: NotificationChannel; kind: NotificationKind; enabled: boolean }>;
}

export interface NotificationPreferencesInput {
  quietHours?: { start: string; end: string } | null;
  preferences?: Array<{ channel: NotificationChannel; kind: NotificationKind; enabled: boolean }>;
}

/** The full matrix (every channel × kind it is offered on: OFFERED_PREFERENCES) with the user's quiet hours. Throws user_not_found. */
export async function getNotificationPreferences(db: Knex, userId: string): Promise<NotificationPreferences> {
  const user = await db('users').where({ id: userId }).first('timezone');
  if (!user) throw new DomainError('user_not_found', 'User was not found');
  const rows: Array<{ channel: NotificationChannel; kind: NotificationKind; enabled: boolean }> = await db('notification_preferences').where({ user_id: userId });
  const settings = await db('notification_settings').where({ user_id: userId }).first();
  const set = new Map(rows.map((r) => [`${r.channel}:${r.kind}`, r.enabled]));
  return {
    timezone: user.timezone,
    quietHours: settings && settings.quiet_start_minute !== null && settings.quiet_end_minute !== null ? { start: formatClockTime(settings.quiet_start_minute), end: formatClockTime(settings.quiet_end_minute) } : null,
    preferences: OFFERED_PREFERENCES.map(({ channel, kind }) => ({ channel, kind, enabled: set.get(`${channel}:${kind}`) ?? true })),
  };
}

/** parseClockTime, with the message naming which end of the window was wrong. */
function clockTimeOf(value: string, which: 'start' | 'end'): number {
  try {
    return parseClockTime(value);
  } catch (error) {
    throw new RangeError(`the ${which}: ${(error as Error).message}`);
  }
}

function quietMinutes(quiet: { start: string; end: string }): { start: number; end: number } {
  try {
    const start = clockTimeOf(quiet.start, 'start');
    const end = clockTimeOf(quiet.end, 'end');
    if (start === end) throw new RangeError(`they start and end at ${quiet.start}; give two different times (a window past midnight such as 22:00–07:00 is fine)`);
    return { start, end };
  } catch (error) {
    throw new DomainError('validation_failed', `Quiet hours: ${(error as Error).message}`, { errors: [{ field: 'quietHours', message: (error as Error).message }] });
  }
}

/** Plans again the notices already planned for these people (core/notify/reminders/replan.ts), in the caller's transaction. */
export type ReplanNotices = (trx: Knex.Transaction, who: { userIds: string[]; emails: string[] }) => Promise<unknown>;

/** Throws validation_failed naming each entry for a channel that never carries its kind (`sms`/`host_invitation`). */
function requireOffered(preferences: NonNullable<NotificationPreferencesInput['preferences']>): void {
  const errors = preferences.flatMap((p, i) => (isOfferedOn(p.channel, p.kind) ? [] : [{ field: `preferences.${i}`, message: `${p.kind} is not sent by ${p.channel}, only by ${channelsOfKind(p.kind).join(', ')}: there is nothing to turn on or off` }]));
  if (errors.length) throw new DomainError('validation_failed', `Notification preferences: ${errors.map((e) => e.message).join('; ')}`, { errors });
}

/**
 * Changes the given entries and/or quiet hours (null removes them); returns the whole set.
 * Reminders and follow-ups already planned follow the change (`replan`). Throws validation_failed
 * (also for an entry that is not offered: see isOfferedOn), user_not_found.
 */
export async function updateNotificationPreferences(db: Knex, clock: Clock, userId: string, input: NotificationPreferencesInput, replan?: ReplanNotices): Promise<NotificationPreferences> {
  requireOffered(input.preferences ?? []);
  const now = clock.now();
  await db.transaction(async (trx) => {
    if (input.quietHours !== undefined) {
      const q = input.quietHours ? quietMinutes(input.quietHours) : null;
      await trx('notification_settings')
        .insert({ user_id: userId, quiet_start_minute: q?.start ?? null, quiet_end_minute: q?.end ?? null, updated_at: now })
        .onConflict('user_id')
        .merge();
    }
    for (const p of input.preferences ?? []) {
      await trx('notification_preferences').insert({ user_id: userId, channel: p.channel, kind: p.kind, enabled: p.enabled, updated_at: now }).onConflict(['user_id', 'channel', 'kind']).merge();
    }
    const user: { email: string } | undefined = await trx('users').where({ id: userId }).first('email');
    await replan?.(trx, { userIds: [userId], emails: user ? [user.email] : [] });
  });
  return getNotificationPreferences(db, userId);
}

/**
 * One-click unsubscribe: turns `kind` off for e-mail for the users with that address, or
 * records the guest's opt-out; reminders already planned follow it (`replan`). Idempotent.
 * Throws invalid_token for a forged or broken token.
 */
export async function unsubscribeByToken(db: Knex, clock: Clock, key: Buffer, token: string, replan?: ReplanNotices): Promise<UnsubscribeTarget> {
  const target = verifyUnsubscribeToken(key, token);
  if (!target) throw new DomainError('invalid_token', 'This unsubscribe link is not valid');
  const now = clock.now();
  await db.transaction(async (trx) => {
    const users: Array<{ id: string }> = await trx('users').whereRaw('lower(email) = ?', [target.email]).select('id');
    for (const u of users) {
      await trx('notification_preferences').insert({ user_id: u.id, channel: 'email', kind: target.kind, enabled: false, updated_at: now }).onConflict(['user_id', 'channel', 'kind']).merge();
    }
    if (!users.length) await trx('email_unsubscribes').insert({ email: target.email, kind: target.kind, created_at: now }).onConflict(['email', 'kind']).ignore();
    await replan?.(trx, { userIds: users.map((u) => u.id), emails: [target.email] });
  });
  return target;
}

/**
 * Undoes an unsubscribe link for a guest (its result page's "Undo"): the address gets that kind of
 * e-mail again and its upcoming notices are planned again. An address with an account is left as
 * it is (its setting may have been off before the link was used): it returns `account: true`, and
 * the account holder turns e-mails on in their notification settings. Throws invalid_token.
 */
export async function resubscribeByToken(db: Knex, key: Buffer, token: string, replan?: ReplanNotices): Promise<UnsubscribeTarget & { account: boolean }> {
  const target = verifyUnsubscribeToken(key, token);
  if (!target) throw new DomainError('invalid_token', 'This unsubscribe link is not valid');
  return db.transaction(async (trx) => {
    const account = await trx('users').whereRaw('lower(email) = ?', [target.email]).first('id');
    if (account) return { ...target, account: true };
    await trx('email_unsubscribes').where({ email: target.email, kind: target.kind }).delete();
    await replan?.(trx, { userIds: [], emails: [target.email] });
    return { ...target, account: false };
  });
}
