/**
 * Reminders and follow-ups already planned follow a person's later choices: turning a kind or a
 * channel off (in settings or by an e-mail's unsubscribe link), turning it on again, or moving
 * their quiet hours. Every meeting still ahead of them — or with a notice of theirs still to
 * send — has its pending notices withdrawn and planned again, in the transaction that records
 * the choice. Notices already sent keep their idempotency keys and are not sent again.
 */
import type { Knex } from 'knex';
import { recoverManageTokens } from '../../booking/manageTokens.js';
import { enqueueOutboxMessages } from '../outbox.js';
import { loadMeetingSnapshots } from '../meetingSnapshot.js';
import { type CreateReminderNotifierOptions, planMeetingNotices, withdrawPendingNotices } from './notifier.js';

/** Whose choices changed: their user ids and e-mail addresses (a guest's opt-out has only the address). */
export interface NoticeRecipients {
  userIds: readonly string[];
  emails: readonly string[];
}

/** replanNoticesFor bound to its options: what a change of someone's reach (a number verified, START, a push device) calls. */
export type ReplanNotices = (trx: Knex.Transaction, who: NoticeRecipients) => Promise<unknown>;

/** Plans again the notices of every meeting the person is in that is still ahead, or still owes them a notice. */
export async function replanNoticesFor(trx: Knex.Transaction, options: CreateReminderNotifierOptions, who: NoticeRecipients): Promise<number> {
  const now = options.clock.now();
  const userIds = [...who.userIds];
  const emails = who.emails.map((e) => e.toLowerCase());
  const pending = trx('outbox')
    .where({ status: 'pending' })
    .where((q) => q.whereLike('idempotency_key', 'reminder:%').orWhereLike('idempotency_key', 'followup:%'))
    .where((q) => q.whereIn(trx.raw("lower(payload->>'to')") as never, emails).orWhereIn(trx.raw("payload->>'userId'") as never, userIds))
    .whereNotNull('booking_id')
    .select('booking_id');
  const ahead = trx('bookings as b')
    .where('b.status', 'scheduled')
    .where('b.start_at', '>', now)
    .where((q) =>
      q
        .whereExists(trx('booking_hosts as h').whereRaw('h.booking_id = b.id').whereIn('h.user_id', userIds))
        .orWhereExists(trx('booking_attendees as a').whereRaw('a.booking_id = b.id').whereNull('a.canceled_at').where((w) => w.whereIn('a.user_id', userIds).orWhereIn(trx.raw('lower(a.email)') as never, emails))),
    )
    .select('b.id');
  const snapshots = await loadMeetingSnapshots(trx, trx('bookings').where((q) => q.whereIn('id', pending).orWhereIn('id', ahead)));
  // Every attendee's token in one statement, not one per meeting.
  const manageTokens = await recoverManageTokens(trx, options.viewSecret, snapshots.flatMap((s) => s.attendees.map((a) => a.id)));
  await withdrawPendingNotices(trx, snapshots.map((s) => s.id));
  const planned = [];
  for (const snapshot of snapshots) planned.push(...(await planMeetingNotices(trx, { ...options, now, manageTokens }, snapshot)));
  await enqueueOutboxMessages(trx, planned, { clock: options.clock, maxAttempts: options.maxAttempts });
  return snapshots.length;
}
