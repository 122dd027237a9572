/**
 * Old slugs of renamed event types, so links people already shared keep working: the booking
 * page answers an old `/<owner>/<old-slug>` with a 301 to the current slug.
 */
import type { Knex } from 'knex';

const ownerKeyOf = (row: { owner_user_id?: string | null; team_id?: string | null }) => (row.team_id ? `team:${row.team_id}` : `user:${row.owner_user_id}`);

/**
 * Inside the renaming transaction: remembers `oldSlug` for the event type and forgets a redirect
 * from its new slug (renamed back, the slug is live again).
 */
export async function recordSlugRename(trx: Knex.Transaction, row: { id: string; owner_user_id?: string | null; team_id?: string | null }, oldSlug: string, newSlug: string): Promise<void> {
  if (oldSlug === newSlug) return;
  const ownerKey = ownerKeyOf(row);
  await trx('event_type_slug_redirects').where({ owner_key: ownerKey, old_slug: newSlug }).delete().returning('id');
  await trx('event_type_slug_redirects').insert({ event_type_id: row.id, owner_key: ownerKey, old_slug: oldSlug }).onConflict(['owner_key', 'old_slug']).merge({ event_type_id: row.id });
}

/** The current slug an old slug of a user's event type points to, or null (never renamed, or archived since). */
export async function findRenamedSlug(db: Knex, username: string, oldSlug: string): Promise<string | null> {
  const user = await db('users').whereRaw('lower(username) = lower(?)', [username]).first('id');
  if (!user) return null;
  const row = await db('event_type_slug_redirects as r')
    .join('event_types as e', 'e.id', 'r.event_type_id')
    .where({ 'r.owner_key': `user:${user.id}`, 'r.old_slug': oldSlug.toLowerCase() })
    .whereNull('e.archived_at')
    .first('e.slug');
  return row?.slug ?? null;
}
