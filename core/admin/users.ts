/**
 * Admin use cases on accounts: search, change a role, suspend and restore, clear the
 * failed-login throttle. Each change and its audit row commit together.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { User } from '../db/models.js';
import { DomainError } from '../errors.js';
import type { LoginThrottle } from '../auth/throttle.js';
import { recordAudit, type AuditContext } from './audit.js';
import { escapeLike } from '../db/like.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AdminUserDeps {
  db: Knex;
  clock: Clock;
  throttle: LoginThrottle;
}

export interface SearchUsersOptions {
  /** Part of the email, username or name (case-insensitive). */
  q?: string;
  role?: 'admin' | 'user';
  status?: 'active' | 'suspended';
  limit: number;
  cursor?: string;
}

export type AdminUser = User & { suspended_at: Date | null; suspended_reason: string | null };

const invalidCursor = () => new DomainError('validation_failed', 'The cursor is not valid; use the nextCursor of a previous page', { errors: [{ field: 'cursor', message: 'invalid cursor' }] });

/** Users ordered by creation, filtered, keyset-paginated by (created_at, id). Throws validation_failed for a bad cursor. */
export async function searchUsers(db: Knex, options: SearchUsersOptions): Promise<{ users: AdminUser[]; nextCursor: string | null }> {
  const query = db('users').select('*').orderBy([{ column: 'created_at' }, { column: 'id' }]).limit(options.limit + 1);
  if (options.q) {
    const like = `%${escapeLike(options.q.toLowerCase())}%`;
    query.where((w) => w.whereRaw('lower(email) LIKE ?', [like]).orWhereRaw('lower(username) LIKE ?', [like]).orWhereRaw('lower(name) LIKE ?', [like]));
  }
  if (options.role) query.where('role', options.role);
  if (options.status === 'suspended') query.whereNotNull('suspended_at');
  if (options.status === 'active') query.whereNull('suspended_at');
  if (options.cursor) {
    const id = Buffer.from(options.cursor, 'base64url').toString('utf8');
    if (!UUID_RE.test(id) || !(await db('users').where({ id }).first('id'))) throw invalidCursor();
    query.whereRaw('(created_at, id) > (SELECT created_at, id FROM users WHERE id = ?)', [id]);
  }
  const rows: AdminUser[] = await query;
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return { users: page, nextCursor: rows.length > options.limit && last ? Buffer.from(last.id).toString('base64url') : null };
}

/** The account named by id, email or username. Throws user_not_found. */
export async function findUser(db: Knex, ref: string): Promise<AdminUser> {
  const q = db('users').first('*');
  if (UUID_RE.test(ref)) q.where('id', ref.toLowerCase());
  else if (ref.includes('@')) q.whereRaw('lower(email) = lower(?)', [ref.trim()]);
  else q.whereRaw('lower(username) = lower(?)', [ref.trim()]);
  const user: AdminUser | undefined = await q;
  if (!user) throw new DomainError('user_not_found', `No account "${ref}" (give an id, an email or a username)`);
  return user;
}

async function lockUser(trx: Knex, ref: string): Promise<AdminUser> {
  const user = await findUser(trx, ref);
  await trx('users').where({ id: user.id }).forUpdate().first('id');
  return user;
}

/**
 * Gives an account the admin or user role. Refuses to take the role from the last admin
 * who is not suspended (conflict), so the service is never left without one.
 */
export async function setUserRole({ db, clock }: AdminUserDeps, context: AuditContext, ref: string, role: 'admin' | 'user'): Promise<AdminUser> {
  return db.transaction(async (trx) => {
    // One role change at a time, so two admins demoting each other cannot both succeed.
    await trx.raw("SELECT pg_advisory_xact_lock(hashtext('yava:admin-roles'))");
    const user = await lockUser(trx, ref);
    if (user.role === 'admin' && role === 'user') {
      const others = await trx('users').where({ role: 'admin' }).whereNull('suspended_at').whereNot({ id: user.id }).count<{ n: string }[]>({ n: '*' });
      if (Number(others[0]!.n) === 0) throw new DomainError('conflict', 'This is the last active admin: make another account an admin first');
    }
    const now = clock.now();
    // Access tokens carry the role: a new generation makes the holder log in again with the new one.
    await trx('users').where({ id: user.id }).update({ role, updated_at: now, session_generation: trx.raw('session_generation + 1') });
    await recordAudit(trx, context, { action: 'user.role', targetType: 'user', targetId: user.id, details: { email: user.email, from: user.role, to: role } }, now);
    return (await findUser(trx, user.id));
  });
}

/** Suspends an account: it cannot log in and every token it holds stops working. Throws conflict for oneself. */
export async function suspendUser({ db, clock }: AdminUserDeps, context: AuditContext, ref: string, reason: string): Promise<AdminUser> {
  return db.transaction(async (trx) => {
    const user = await lockUser(trx, ref);
    if (user.id === context.actorUserId) throw new DomainError('conflict', 'You cannot suspend your own account');
    const now = clock.now();
    await trx('users').where({ id: user.id }).update({ suspended_at: user.suspended_at ?? now, suspended_reason: reason, updated_at: now, session_generation: trx.raw('session_generation + 1') });
    await recordAudit(trx, context, { action: 'user.suspend', targetType: 'user', targetId: user.id, details: { email: user.email, reason } }, now);
    return findUser(trx, user.id);
  });
}

/** Lifts a suspension; the account logs in again (its personal access tokens work again). */
export async function restoreUser({ db, clock }: AdminUserDeps, context: AuditContext, ref: string): Promise<AdminUser> {
  return db.transaction(async (trx) => {
    const user = await lockUser(trx, ref);
    const now = clock.now();
    await trx('users').where({ id: user.id }).update({ suspended_at: null, suspended_reason: null, updated_at: now });
    await recordAudit(trx, context, { action: 'user.restore', targetType: 'user', targetId: user.id, details: { email: user.email, wasSuspended: Boolean(user.suspended_at) } }, now);
    return findUser(trx, user.id);
  });
}

/** Clears the failed-login throttle of an account (and optionally of an address); returns the entries removed. */
export async function resetLoginThrottle({ db, clock, throttle }: AdminUserDeps, context: AuditContext, ref: string, address?: string): Promise<{ user: AdminUser; cleared: number }> {
  return db.transaction(async (trx) => {
    const user = await findUser(trx, ref);
    const cleared = await throttle.unlock(trx, user.email.toLowerCase(), address);
    await recordAudit(trx, context, { action: 'user.reset_throttle', targetType: 'user', targetId: user.id, details: { email: user.email, address: address ?? null, cleared } }, clock.now());
    return { user, cleared };
  });
}
