/**
 * Email ownership, the one rule wherever something is matched to an account by email
 * (meetings booked with an address, chat accounts with a platform-verified address): an
 * account owns its email only once it has proved it (`users.email_verified_at`). Until
 * then it sees only what it created.
 */
import type { Knex } from 'knex';

/**
 * Narrows `q` to attendee rows (table alias `alias`) that belong to the user: linked to
 * the account, or booked with its email once that email is verified.
 * @example db('booking_attendees as a').where((q) => whereAttendeeIsUser(q, userId, 'a'))
 */
export function whereAttendeeIsUser(q: Knex.QueryBuilder, userId: string, alias: string): Knex.QueryBuilder {
  return q
    .where(`${alias}.user_id`, userId)
    .orWhereRaw(`lower(${alias}.email) = (SELECT lower(owner.email) FROM users owner WHERE owner.id = ? AND owner.email_verified_at IS NOT NULL)`, [userId]);
}

/**
 * The account an attendee row with this email links to: the account that verified the
 * address, or the booking's creator when it booked with its own (unverified) address.
 */
export async function findAttendeeAccountId(db: Knex, email: string, createdByUserId: string | null | undefined): Promise<string | null> {
  const row = await attendeeAccountQuery(db, email, createdByUserId);
  return row?.id ?? null;
}

/** findAttendeeAccountId's query, to use as a subquery (the id, or no row). */
export function attendeeAccountQuery(db: Knex, email: string, createdByUserId: string | null | undefined): Knex.QueryBuilder {
  return db('users')
    .whereRaw('lower(email) = lower(?)', [email])
    .where((q) => {
      q.whereNotNull('email_verified_at');
      if (createdByUserId) q.orWhere('id', createdByUserId);
    })
    .first('id');
}

/** Narrows a users query to accounts that have proved their email. */
export function whereEmailVerified(q: Knex.QueryBuilder, table = 'users'): Knex.QueryBuilder {
  return q.whereNotNull(`${table}.email_verified_at`);
}

/**
 * Marks the user's current email as verified (when `email` is still it) and links the
 * attendee rows booked with that address. Returns false when the account's email changed.
 */
export async function markEmailVerified(trx: Knex, userId: string, email: string, now: Date): Promise<boolean> {
  const updated = await trx('users')
    .where({ id: userId })
    .whereRaw('lower(email) = lower(?)', [email])
    .update({ email_verified_at: trx.raw('COALESCE(email_verified_at, ?)', [now]), updated_at: now })
    .returning('id');
  if (updated.length === 0) return false;
  await trx('booking_attendees').whereNull('user_id').whereRaw('lower(email) = lower(?)', [email]).update({ user_id: userId });
  return true;
}
