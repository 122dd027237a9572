/**
 * Who hears about a meeting and on which channels they can be reached: every attendee and
 * host once (by address), with the user behind the address when there is one, and whether
 * that user has a verified phone, a push subscription or a linked chat account.
 */
import type { Knex } from 'knex';
import type { MeetingSnapshot } from '../meetingSnapshot.js';
import { loadPreferenceState, userOf, type PreferenceState } from '../preferences/store.js';
import type { NotificationChannel } from './types.js';

export interface NoticeRecipient {
  name: string;
  email: string;
  timezone: string;
  role: 'attendee' | 'host';
  userId: string | null;
  /** The attendee row behind an invitee (whose manage token the link may carry). */
  attendeeId?: string;
  /** Channels besides e-mail this person can be reached on now. */
  reachable: Set<NotificationChannel>;
}

export interface MeetingRecipients {
  recipients: NoticeRecipient[];
  preferences: PreferenceState;
}

/** Reads the recipients of a meeting and their preferences with `db` (the change's transaction). */
export async function loadMeetingRecipients(db: Knex | Knex.Transaction, snapshot: MeetingSnapshot): Promise<MeetingRecipients> {
  const people = [
    ...snapshot.hosts.map((h) => ({ name: h.name, email: h.email, timezone: h.timezone, role: 'host' as const, userId: h.id })),
    ...snapshot.attendees.map((a) => ({ name: a.name, email: a.email, timezone: a.timezone, role: 'attendee' as const, userId: a.userId, attendeeId: a.id })),
  ];
  const preferences = await loadPreferenceState(
    db,
    people.flatMap((p) => (p.userId ? [p.userId] : [])),
    people.map((p) => p.email),
  );
  const seen = new Set<string>();
  const unique = people.filter((p) => {
    const key = p.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const withUsers = unique.map((p) => ({ ...p, userId: userOf(preferences, p) }));
  const reach = await loadReachability(db, withUsers.flatMap((p) => (p.userId ? [p.userId] : [])));
  return { recipients: withUsers.map((p) => ({ ...p, reachable: (p.userId && reach.get(p.userId)) || new Set() })), preferences };
}

/** Per user: 'sms' with a verified number that did not answer STOP, 'push' with a device, 'chat' with a linked account. */
export async function loadReachability(db: Knex | Knex.Transaction, userIds: readonly string[]): Promise<Map<string, Set<NotificationChannel>>> {
  const out = new Map<string, Set<NotificationChannel>>();
  if (!userIds.length) return out;
  const add = (id: string, channel: NotificationChannel) => {
    if (!out.has(id)) out.set(id, new Set());
    out.get(id)!.add(channel);
  };
  const phones: Array<{ user_id: string }> = await db('user_phones as p')
    .whereIn('p.user_id', userIds)
    .whereNotNull('p.verified_at')
    .whereNotExists(db('sms_opt_outs as o').whereRaw('o.phone = p.phone'))
    .select('p.user_id');
  for (const r of phones) add(r.user_id, 'sms');
  const devices: Array<{ user_id: string }> = await db('push_subscriptions').whereIn('user_id', userIds).distinct('user_id');
  for (const r of devices) add(r.user_id, 'push');
  const chats: Array<{ user_id: string }> = await db('chat_accounts').whereIn('user_id', userIds).distinct('user_id');
  for (const r of chats) add(r.user_id, 'chat');
  return out;
}
