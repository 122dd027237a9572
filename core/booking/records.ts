/**
 * Lookups shared by the scheduling and booking services: users by username, event types with
 * their hosts, teams. Every function takes the knex instance or transaction to run on, so a
 * caller inside a transaction never touches the outer pool (PGlite has one connection).
 */
import { priceOfRow } from '../payments/eventTypePrice.js';
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';
import type { EventKind, EventTypeDetails } from './types.js';
import { hostsSql } from './loader.js';

export interface EventTypeRow {
  id: string;
  owner_user_id: string | null;
  team_id: string | null;
  slug: string;
  title: string;
  description: string | null;
  kind: EventKind;
  duration_minutes: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  minimum_notice_minutes: number;
  slot_step_minutes: number | null;
  max_days_ahead: number | null;
  daily_limit: number | null;
  requires_approval: boolean;
  approval_for_new_invitees?: boolean;
  pending_holds_slot: boolean;
  /** Conflict repair: propose alternatives, or reassign a round-robin booking by itself. */
  conflict_repair?: 'propose' | 'automatic';
  location: string | null;
  is_public: boolean;
  seats?: number | null;
  archived_at: Date | null;
  /** Whether invitees may book a series (core/booking/series), and at most how many meetings. */
  allows_series?: boolean;
  series_max_occurrences?: number;
  created_at: Date;
  updated_at: Date;
  /** Host ids ordered by id, when loaded with the row (requireEventTypeBySlug). */
  host_ids?: string[];
  /** Whether a host has a daily or weekly meeting limit, when loaded with the row (requireEventTypeBySlug). */
  hosts_limited?: boolean;
  /** Whether a named host has not answered their invitation yet, when loaded with the row (requireEventTypeBySlug). */
  hosts_pending?: boolean;
  /** The hosts' rows as JSON (loader.ts's hostsSql), when asked for (requireEventTypeBySlug's withHostRows). */
  host_rows?: unknown;
  /** A paid event type's price (core/payments); null when free. */
  price_minor?: number | null;
  currency?: string | null;
  payment_provider?: 'stripe' | 'paypal' | null;
  refund_policy?: unknown;
}

export interface UserRef {
  id: string;
  username: string;
  name: string;
  email: string;
  timezone: string;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A user by username (case-insensitive). Throws user_not_found. */
export async function requireUserByUsername(db: Knex, username: string): Promise<UserRef> {
  const user = await db('users').whereRaw('lower(username) = ?', [username.toLowerCase()]).first('id', 'username', 'name', 'email', 'timezone');
  if (!user) throw new DomainError('user_not_found', `No user "${username}"`, { details: { username } });
  return user;
}

/** Users by username, in the order given, without duplicates. Throws user_not_found naming the first unknown one. */
export async function requireUsersByUsername(db: Knex, usernames: readonly string[]): Promise<UserRef[]> {
  const wanted = [...new Set(usernames.map((u) => u.toLowerCase()))];
  if (wanted.length === 0) return [];
  const rows: UserRef[] = await db('users').whereRaw('lower(username) = ANY(?::text[])', [wanted]).select('id', 'username', 'name', 'email', 'timezone');
  const byName = new Map(rows.map((r) => [r.username.toLowerCase(), r]));
  return wanted.map((name) => {
    const row = byName.get(name);
    if (!row) throw new DomainError('user_not_found', `No user "${name}"`, { details: { username: name } });
    return row;
  });
}

export async function requireUserById(db: Knex, id: string): Promise<UserRef & { daily_meeting_limit: number | null }> {
  const user = await db('users').where({ id }).first('id', 'username', 'name', 'email', 'timezone', 'daily_meeting_limit');
  if (!user) throw new DomainError('user_not_found', 'User was not found');
  return user;
}

export async function requireTeamBySlug(db: Knex, slug: string): Promise<{ id: string; slug: string; name: string }> {
  const team = await db('teams').whereRaw('lower(slug) = ?', [slug.toLowerCase()]).first('id', 'slug', 'name');
  if (!team) throw new DomainError('team_not_found', `No team "${slug}"`, { details: { team: slug } });
  return team;
}

/** Where an event type lives: a user's or a team's, by slug. */
export type EventTypeOwner = { user: string; team?: undefined } | { team: string; user?: undefined };

/**
 * A live (not archived) event type by owner and slug, with its host ids, whether any host has a
 * meeting limit and whether a named host has yet to accept, in one query.
 * Throws user_not_found, team_not_found, event_type_not_found.
 */
export async function requireEventTypeBySlug(db: Knex, owner: EventTypeOwner, slug: string, options: { withHostRows?: boolean } = {}): Promise<EventTypeRow> {
  const byTeam = owner.team !== undefined;
  // The hosts' own rows (loader.ts's hostsSql) for a slot query, which would otherwise read them next.
  const hostRows = options.withHostRows
    ? `(SELECT coalesce(json_agg(r), '[]') FROM (${hostsSql("coalesce(nullif(ARRAY(SELECT h.user_id FROM event_type_hosts h WHERE h.event_type_id = e.id), '{}'), ARRAY[e.owner_user_id])")}) r) AS host_rows,`
    : '';
  const { rows } = await db.raw<{ rows: EventTypeRow[] }>(
    `SELECT e.*, ${hostRows} ARRAY(SELECT h.user_id::text FROM event_type_hosts h WHERE h.event_type_id = e.id ORDER BY h.user_id) AS host_ids,
            EXISTS (SELECT 1 FROM users hu
                     WHERE (hu.daily_meeting_limit IS NOT NULL OR hu.weekly_meeting_limit IS NOT NULL)
                       AND (hu.id IN (SELECT h.user_id FROM event_type_hosts h WHERE h.event_type_id = e.id)
                            OR (hu.id = e.owner_user_id AND NOT EXISTS (SELECT 1 FROM event_type_hosts h WHERE h.event_type_id = e.id)))) AS hosts_limited,
            EXISTS (SELECT 1 FROM event_type_host_invitations i WHERE i.event_type_id = e.id) AS hosts_pending
       FROM event_types e JOIN ${byTeam ? 'teams o ON o.id = e.team_id AND lower(o.slug) = ?' : 'users o ON o.id = e.owner_user_id AND lower(o.username) = ?'}
      WHERE lower(e.slug) = ? AND e.archived_at IS NULL
      LIMIT 1`,
    [(byTeam ? owner.team! : owner.user!).toLowerCase(), slug.toLowerCase()],
  );
  const row = rows[0];
  if (row) return row;
  // Say which part was unknown.
  if (byTeam) await requireTeamBySlug(db, owner.team!);
  else await requireUserByUsername(db, owner.user!);
  throw new DomainError('event_type_not_found', `No event type "${slug}"`, { details: { eventType: slug } });
}

/** Host ids of an event type, ordered by id (the order advisory locks are taken in). */
export async function listEventTypeHostIds(db: Knex, eventType: EventTypeRow): Promise<string[]> {
  if (eventType.host_ids && eventType.host_ids.length > 0) return [...eventType.host_ids];
  const rows: Array<{ user_id: string }> = await db('event_type_hosts').where({ event_type_id: eventType.id }).orderBy('user_id').select('user_id');
  if (rows.length > 0) return rows.map((r) => r.user_id);
  return eventType.owner_user_id ? [eventType.owner_user_id] : [];
}

/** Maps rows to the service's plain object. */
export async function presentEventTypes(db: Knex, rows: EventTypeRow[]): Promise<EventTypeDetails[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const hosts: Array<{ event_type_id: string; id: string; username: string; name: string }> = await db('event_type_hosts as h')
    .join('users as u', 'u.id', 'h.user_id')
    .whereIn('h.event_type_id', ids)
    .orderBy('u.username')
    .select('h.event_type_id', 'u.id', 'u.username', 'u.name');
  const pending: Array<{ event_type_id: string; id: string; username: string; name: string }> = await db('event_type_host_invitations as i')
    .join('users as u', 'u.id', 'i.user_id')
    .whereIn('i.event_type_id', ids)
    .orderBy('u.username')
    .select('i.event_type_id', 'u.id', 'u.username', 'u.name');
  const ownerIds = [...new Set(rows.map((r) => r.owner_user_id).filter((v): v is string => Boolean(v)))];
  const teamIds = [...new Set(rows.map((r) => r.team_id).filter((v): v is string => Boolean(v)))];
  const owners: Array<{ id: string; username: string }> = ownerIds.length ? await db('users').whereIn('id', ownerIds).select('id', 'username') : [];
  const teams: Array<{ id: string; slug: string }> = teamIds.length ? await db('teams').whereIn('id', teamIds).select('id', 'slug') : [];
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    description: r.description,
    kind: r.kind as EventKind,
    durationMinutes: r.duration_minutes,
    bufferBeforeMinutes: r.buffer_before_minutes,
    bufferAfterMinutes: r.buffer_after_minutes,
    minimumNoticeMinutes: r.minimum_notice_minutes,
    slotStepMinutes: r.slot_step_minutes,
    maxDaysAhead: r.max_days_ahead,
    dailyLimit: r.daily_limit,
    requiresApproval: r.requires_approval,
    requiresApprovalForNewInvitees: Boolean(r.approval_for_new_invitees),
    pendingHoldsSlot: r.pending_holds_slot,
    conflictRepair: r.conflict_repair ?? 'propose',
    location: r.location,
    isPublic: r.is_public,
    allowsSeries: r.allows_series ?? false,
    seriesMaxOccurrences: r.series_max_occurrences ?? 12,
    seats: r.kind === 'group' ? (r.seats ?? null) : null,
    owner: owners.find((o) => o.id === r.owner_user_id)?.username ?? null,
    team: teams.find((t) => t.id === r.team_id)?.slug ?? null,
    price: priceOfRow(r),
    hosts: hosts.filter((h) => h.event_type_id === r.id).map((h) => ({ userId: h.id, username: h.username, name: h.name })),
    pendingHosts: pending.filter((h) => h.event_type_id === r.id).map((h) => ({ userId: h.id, username: h.username, name: h.name })),
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
}

/** Team members' round-robin settings by user id (priority 0, weight 100 outside a team). */
export async function loadMemberSettings(db: Knex, teamId: string | null, userIds: readonly string[]): Promise<Map<string, { priority: number; weight: number }>> {
  const out = new Map<string, { priority: number; weight: number }>(userIds.map((id) => [id, { priority: 0, weight: 100 }]));
  if (!teamId) return out;
  const rows: Array<{ user_id: string; priority: number; weight: number }> = await db('team_members').where({ team_id: teamId }).whereIn('user_id', userIds as string[]).select('user_id', 'priority', 'weight');
  for (const r of rows) out.set(r.user_id, { priority: r.priority, weight: r.weight });
  return out;
}
