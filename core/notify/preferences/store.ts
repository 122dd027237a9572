/**
 * Reading preferences for many recipients at once (inside the booking's transaction):
 * per user × channel × kind (on unless turned off), quiet hours, and the guests who
 * unsubscribed by e-mail link.
 */
import type { Knex } from 'knex';
import type { QuietHours } from '../reminders/quietHours.js';
import type { NotificationChannel, NotificationKind } from '../reminders/types.js';

export interface PreferenceState {
  /** `${channel}:${kind}` → enabled, per user id; absent = on. */
  prefs: Map<string, Map<string, boolean>>;
  quiet: Map<string, QuietHours>;
  /** Lower-cased addresses of users, to their ids. */
  userByEmail: Map<string, string>;
  /** Guests' lower-cased address → kinds they unsubscribed from. */
  guestOptOuts: Map<string, Set<string>>;
}

/** Loads what `isWanted` needs for these users and addresses (four queries). */
export async function loadPreferenceState(db: Knex | Knex.Transaction, userIds: readonly string[], emails: readonly string[]): Promise<PreferenceState> {
  const lower = [...new Set(emails.map((e) => e.toLowerCase()))];
  const byEmail: Array<{ id: string; email: string }> = lower.length ? await db('users').whereIn(db.raw('lower(email)') as unknown as string, lower).select('id', 'email') : [];
  const ids = [...new Set([...userIds, ...byEmail.map((u) => u.id)])];
  const prefRows: Array<{ user_id: string; channel: string; kind: string; enabled: boolean }> = ids.length ? await db('notification_preferences').whereIn('user_id', ids) : [];
  const quietRows: Array<{ user_id: string; quiet_start_minute: number | null; quiet_end_minute: number | null }> = ids.length ? await db('notification_settings').whereIn('user_id', ids) : [];
  const guestRows: Array<{ email: string; kind: string }> = lower.length ? await db('email_unsubscribes').whereIn('email', lower) : [];
  const state: PreferenceState = { prefs: new Map(), quiet: new Map(), userByEmail: new Map(), guestOptOuts: new Map() };
  for (const u of byEmail) state.userByEmail.set(u.email.toLowerCase(), u.id);
  for (const r of prefRows) {
    if (!state.prefs.has(r.user_id)) state.prefs.set(r.user_id, new Map());
    state.prefs.get(r.user_id)!.set(`${r.channel}:${r.kind}`, r.enabled);
  }
  for (const r of quietRows) {
    if (r.quiet_start_minute !== null && r.quiet_end_minute !== null) state.quiet.set(r.user_id, { startMinute: r.quiet_start_minute, endMinute: r.quiet_end_minute });
  }
  for (const r of guestRows) {
    if (!state.guestOptOuts.has(r.email)) state.guestOptOuts.set(r.email, new Set());
    state.guestOptOuts.get(r.email)!.add(r.kind);
  }
  return state;
}

/** The user an address belongs to, if any. */
export function userOf(state: PreferenceState, who: { userId: string | null; email?: string | null }): string | null {
  return who.userId ?? (who.email ? (state.userByEmail.get(who.email.toLowerCase()) ?? null) : null);
}

/** Whether this person wants `kind` on `channel`: a user's preference (on by default), or a guest's e-mail opt-out. */
export function isWanted(state: PreferenceState, who: { userId: string | null; email?: string | null }, channel: NotificationChannel, kind: NotificationKind): boolean {
  const userId = userOf(state, who);
  if (userId) return state.prefs.get(userId)?.get(`${channel}:${kind}`) ?? true;
  if (channel !== 'email' || !who.email) return false;
  return !state.guestOptOuts.get(who.email.toLowerCase())?.has(kind);
}

/** The quiet hours of whoever this is (guests have none). */
export function quietHoursOf(state: PreferenceState, who: { userId: string | null; email?: string | null }): QuietHours | null {
  const userId = userOf(state, who);
  return userId ? (state.quiet.get(userId) ?? null) : null;
}
