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

interface PreferenceRows {
  users: Array<{ id: string; email: string }>;
  prefs: Array<{ user_id: string; channel: string; kind: string; enabled: boolean }>;
  quiet: Array<{ user_id: string; quiet_start_minute: number | null; quiet_end_minute: number | null }>;
  guests: Array<{ email: string; kind: string }>;
}

/**
 * The rows `isWanted` needs for these users and addresses, in one statement (it runs inside every
 * booking's transaction, where each round trip counts): the users the addresses belong to, and
 * the preferences and quiet hours of those and the given users, and the guests' opt-outs.
 */
const PREFERENCE_ROWS_SQL = `
  WITH by_email AS (SELECT id, email FROM users WHERE lower(email) = ANY(?::text[])),
       ids AS (SELECT unnest(?::uuid[]) AS id UNION SELECT id FROM by_email)
  SELECT (SELECT coalesce(json_agg(json_build_object('id', id, 'email', email)), '[]') FROM by_email) AS users,
         (SELECT coalesce(json_agg(json_build_object('user_id', user_id, 'channel', channel, 'kind', kind, 'enabled', enabled)), '[]')
            FROM notification_preferences WHERE user_id IN (SELECT id FROM ids)) AS prefs,
         (SELECT coalesce(json_agg(json_build_object('user_id', user_id, 'quiet_start_minute', quiet_start_minute, 'quiet_end_minute', quiet_end_minute)), '[]')
            FROM notification_settings WHERE user_id IN (SELECT id FROM ids)) AS quiet,
         (SELECT coalesce(json_agg(json_build_object('email', email, 'kind', kind)), '[]') FROM email_unsubscribes WHERE email = ANY(?::text[])) AS guests`;

/** Loads what `isWanted` needs for these users and addresses (one statement). */
export async function loadPreferenceState(db: Knex | Knex.Transaction, userIds: readonly string[], emails: readonly string[]): Promise<PreferenceState> {
  const lower = [...new Set(emails.map((e) => e.toLowerCase()))];
  const ids = [...new Set(userIds)];
  const rows: PreferenceRows = lower.length || ids.length ? (await db.raw<{ rows: PreferenceRows[] }>(PREFERENCE_ROWS_SQL, [lower, ids, lower])).rows[0]! : { users: [], prefs: [], quiet: [], guests: [] };
  const { users: byEmail, prefs: prefRows, quiet: quietRows, guests: guestRows } = rows;
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
