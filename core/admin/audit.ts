/**
 * The audit log: one row per admin action, written in the same transaction as the change it
 * records, so an action is never done without its row (nor a row kept for an undone action).
 */
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';

/** Who acts and from where; the API builds it from the request. */
export interface AuditContext {
  actorUserId: string;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRow {
  id: string;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown> | string;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  at: Date;
}

/** Writes one audit row inside `trx`; the actor's label is their username at the time. */
export async function recordAudit(trx: Knex, context: AuditContext, entry: AuditEntry, at: Date): Promise<void> {
  const actor: { username: string } | undefined = await trx('users').where({ id: context.actorUserId }).first('username');
  await trx('audit_log').insert({
    actor_user_id: context.actorUserId,
    actor_label: actor ? `admin:${actor.username}` : `user:${context.actorUserId}`,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId ?? null,
    details: JSON.stringify(entry.details ?? {}),
    ip: context.ip ?? null,
    user_agent: context.userAgent?.slice(0, 300) ?? null,
    request_id: context.requestId ?? null,
    at,
  });
}

export interface ListAuditOptions {
  /** Username (or id) of the acting admin. */
  actor?: string;
  /** An exact action (`user.suspend`) or a prefix ending in a dot (`user.`). */
  action?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  /** The `nextCursor` of a previous page. */
  cursor?: string;
}

/** Audit rows newest first, keyset-paginated by id. Throws validation_failed for a bad cursor. */
export async function listAudit(db: Knex, options: ListAuditOptions): Promise<{ entries: AuditRow[]; nextCursor: string | null }> {
  const q = db('audit_log as a').select('a.*').orderBy('a.id', 'desc').limit(options.limit + 1);
  const actor = options.actor;
  if (actor) q.leftJoin('users as u', 'u.id', 'a.actor_user_id').where((w) => w.whereRaw('lower(u.username) = lower(?)', [actor]).orWhereRaw('a.actor_user_id::text = ?', [actor]));
  if (options.action) {
    if (options.action.endsWith('.')) q.whereRaw('left(a.action, ?) = ?', [options.action.length, options.action]);
    else q.where('a.action', options.action);
  }
  if (options.targetId) q.where('a.target_id', options.targetId);
  if (options.from) q.where('a.at', '>=', options.from);
  if (options.to) q.where('a.at', '<', options.to);
  if (options.cursor) {
    if (!/^\d{1,18}$/.test(options.cursor)) throw new DomainError('validation_failed', 'The cursor is not valid; use the nextCursor of a previous page', { errors: [{ field: 'cursor', message: 'invalid cursor' }] });
    q.where('a.id', '<', options.cursor);
  }
  const rows: AuditRow[] = await q;
  const page = rows.slice(0, options.limit);
  return { entries: page, nextCursor: rows.length > options.limit ? String(page[page.length - 1]!.id) : null };
}
