/** Admin views of every event type and team, and archiving an event type. */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { DomainError } from '../errors.js';
import { recordAudit, type AuditContext } from './audit.js';
import { escapeLike } from '../db/like.js';

export interface AdminEventType {
  id: string;
  slug: string;
  title: string;
  kind: string;
  durationMinutes: number;
  owner: string | null;
  team: string | null;
  archived: boolean;
  bookings: number;
  createdAt: string;
}

export interface AdminTeam {
  id: string;
  slug: string;
  name: string;
  members: Array<{ username: string; role: string; weight: number }>;
  eventTypes: number;
  createdAt: string;
}

const likeOf = (q: string) => `%${escapeLike(q.toLowerCase())}%`;

/** Event types (owner's username or team slug, title, slug) matching `q`, newest first. */
export async function listAllEventTypes(db: Knex, options: { q?: string; archived?: boolean; limit: number }): Promise<AdminEventType[]> {
  const q = db('event_types as e')
    .leftJoin('users as u', 'u.id', 'e.owner_user_id')
    .leftJoin('teams as t', 't.id', 'e.team_id')
    .select('e.id', 'e.slug', 'e.title', 'e.kind', 'e.duration_minutes', 'e.archived_at', 'e.created_at', 'u.username as owner', 't.slug as team', db.raw('(SELECT count(*) FROM bookings b WHERE b.event_type_id = e.id)::int AS bookings'))
    .orderBy([{ column: 'e.created_at', order: 'desc' }, { column: 'e.id' }])
    .limit(options.limit);
  if (options.q) {
    const like = likeOf(options.q);
    q.where((w) => w.whereRaw('lower(e.slug) LIKE ?', [like]).orWhereRaw('lower(e.title) LIKE ?', [like]).orWhereRaw('lower(u.username) LIKE ?', [like]).orWhereRaw('lower(t.slug) LIKE ?', [like]));
  }
  if (options.archived === false) q.whereNull('e.archived_at');
  if (options.archived === true) q.whereNotNull('e.archived_at');
  const rows: Array<{ id: string; slug: string; title: string; kind: string; duration_minutes: number; archived_at: Date | null; created_at: Date; owner: string | null; team: string | null; bookings: number }> = await q;
  return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, kind: r.kind, durationMinutes: r.duration_minutes, owner: r.owner, team: r.team, archived: Boolean(r.archived_at), bookings: Number(r.bookings), createdAt: new Date(r.created_at).toISOString() }));
}

/** Teams matching `q` (slug or name) with their members, by slug. */
export async function listAllTeams(db: Knex, options: { q?: string; limit: number }): Promise<AdminTeam[]> {
  const q = db('teams as t')
    .select(
      't.id', 't.slug', 't.name', 't.created_at',
      db.raw("COALESCE((SELECT json_agg(json_build_object('username', u.username, 'role', m.role, 'weight', m.weight) ORDER BY u.username) FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = t.id), '[]'::json) AS members"),
      db.raw('(SELECT count(*) FROM event_types e WHERE e.team_id = t.id AND e.archived_at IS NULL)::int AS event_types'),
    )
    .orderBy('t.slug')
    .limit(options.limit);
  if (options.q) {
    const like = likeOf(options.q);
    q.where((w) => w.whereRaw('lower(t.slug) LIKE ?', [like]).orWhereRaw('lower(t.name) LIKE ?', [like]));
  }
  const rows: Array<{ id: string; slug: string; name: string; created_at: Date; members: AdminTeam['members'] | string; event_types: number }> = await q;
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, members: typeof r.members === 'string' ? JSON.parse(r.members) : r.members, eventTypes: Number(r.event_types), createdAt: new Date(r.created_at).toISOString() }));
}

/** Archives (hides from booking pages) or restores an event type. Throws event_type_not_found, slug_taken (restoring over a newer one). */
export async function setEventTypeArchived(deps: { db: Knex; clock: Clock }, context: AuditContext, id: string, archived: boolean): Promise<AdminEventType> {
  return deps.db.transaction(async (trx) => {
    const row: { id: string; slug: string; archived_at: Date | null } | undefined = /^[0-9a-f-]{36}$/i.test(id) ? await trx('event_types').where({ id }).forUpdate().first('id', 'slug', 'archived_at') : undefined;
    if (!row) throw new DomainError('event_type_not_found', 'Event type was not found');
    const now = deps.clock.now();
    await trx('event_types').where({ id }).update({ archived_at: archived ? (row.archived_at ?? now) : null, updated_at: now });
    await recordAudit(trx, context, { action: archived ? 'event_type.archive' : 'event_type.restore', targetType: 'event_type', targetId: id, details: { slug: row.slug } }, now);
    const [found] = (await listAllEventTypes(trx, { limit: 1000 })).filter((e) => e.id === id);
    return found!;
  });
}
