/**
 * Creating accounts and listing them. Registration never reveals whether an email has an
 * account: a taken address gets the same answer as a new one, and its owner an e-mail.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { User } from '../db/models.js';
import { DomainError, PG, constraintName, sqlState } from '../errors.js';
import type { AccountEmails } from './accountEmails.js';
import { isEmailAddress } from '../text.js';
import { canonicalTimeZone, isValidTimeZone } from '../time/zones.js';
import { passwordWeakness } from './passwords.js';

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
  username?: string;
  timezone?: string;
}

/** A new account, or `existing: true` when the email was taken (the user is then a stand-in that was never stored). */
export interface CreatedUser {
  user: User;
  existing: boolean;
}

const USERNAME_RE = /^[a-z0-9](?:[a-z0-9_-]{0,38}[a-z0-9])?$/;
const RESERVED_USERNAMES = new Set([
  'api', 'ics', 'meetings', 'health', 'ready', 'slack', 'admin', 'static', 'assets', 'login', 'discord', 'favicon.ico', 'robots.txt', 'verify-email', 'password-reset', 'j', 'waitlist',
]);

export function isValidUsername(username: string): boolean {
  return USERNAME_RE.test(username) && !RESERVED_USERNAMES.has(username);
}

/** Checks what can be checked without the database. Throws weak_password, validation_failed. */
export function validateRegistration(input: RegisterInput): { email: string; timezone: string } {
  const email = input.email.trim().toLowerCase();
  // The same rules as the API's form (every door: the CLI's `yava admin create` too).
  if (!isEmailAddress(email) || email.length > 320) throw new DomainError('validation_failed', `"${input.email}" is not an e-mail address`, { errors: [{ field: 'email', message: 'expected an e-mail address such as ada@example.com' }] });
  if (!input.name.trim() || input.name.trim().length > 200) throw new DomainError('validation_failed', 'A name is needed (1 to 200 characters)', { errors: [{ field: 'name', message: 'expected a name (1 to 200 characters)' }] });
  const weakness = passwordWeakness(input.password, email);
  if (weakness) throw new DomainError('weak_password', weakness, { errors: [{ field: 'password', message: weakness }] });
  const typed = input.timezone ?? 'UTC';
  if (!isValidTimeZone(typed)) {
    throw new DomainError('validation_failed', `Unknown time zone "${typed}"`, { errors: [{ field: 'timezone', message: 'expected an IANA time zone such as Europe/Berlin' }] });
  }
  const timezone = canonicalTimeZone(typed);
  if (input.username !== undefined && !isValidUsername(input.username.toLowerCase())) {
    throw new DomainError('validation_failed', 'Invalid username', {
      errors: [{ field: 'username', message: 'use 1-40 lower-case letters, digits, "-" or "_", starting and ending with a letter or digit (some names are reserved)' }],
    });
  }
  return { email, timezone };
}

async function uniqueUsername(trx: Knex, email: string): Promise<string> {
  let base = email.split('@')[0]!.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|[-_]+$/g, '').slice(0, 30);
  if (base.length < 1 || !isValidUsername(base)) base = `user-${base || 'x'}`.replace(/[-_]+$/g, '');
  for (let i = 0; i < 50; i++) {
    const candidate = i === 0 ? base : `${base}-${i + 1}`;
    const taken = await trx('users').whereRaw('lower(username) = ?', [candidate]).first();
    if (!taken) return candidate;
  }
  return `${base}-${Date.now().toString(36)}`;
}

const usernameTaken = () => new DomainError('username_taken', 'This username is taken; choose another', { errors: [{ field: 'username', message: 'already taken' }] });

export interface InsertUserOptions {
  db: Knex;
  clock: Clock;
  emails: AccountEmails;
  input: RegisterInput;
  passwordHash: string;
  /** 'admin' for `yava admin create`: verified, and a taken email is an error (email_taken). */
  role?: 'admin';
}

/**
 * Stores a new account and queues its verification e-mail; the first account is an admin.
 * A taken email stores nothing: its owner is told by e-mail and a stand-in user comes back.
 * Throws username_taken (and email_taken for admins).
 */
export async function insertUser({ db, clock, emails, input, passwordHash, role }: InsertUserOptions): Promise<CreatedUser> {
  const { email, timezone } = validateRegistration(input);
  try {
    return await db.transaction(async (trx) => {
      // Serialises registrations so exactly one first account becomes admin.
      await trx.raw('SELECT pg_advisory_xact_lock(?)', [7_001]);
      if (input.username && (await trx('users').whereRaw('lower(username) = ?', [input.username.toLowerCase()]).first('id'))) throw usernameTaken();
      const username = input.username ? input.username.toLowerCase() : await uniqueUsername(trx, email);
      const existing = await User.query(trx).whereRaw('lower(email) = ?', [email]).first();
      if (existing) {
        if (role === 'admin') throw new DomainError('email_taken', 'An account with this email already exists');
        await emails.sendRegistrationAttempt(trx, existing);
        return { existing: true, user: standIn({ email, username, name: input.name.trim(), timezone, now: clock.now() }) };
      }
      const { count } = (await trx('users').count<{ count: number }[]>('* as count'))[0]!;
      const user = await User.query(trx)
        .insert({
          email,
          username,
          name: input.name.trim(),
          password_hash: passwordHash,
          role: role ?? (Number(count) === 0 ? 'admin' : 'user'),
          timezone,
          // An admin created on the server machine is vouched for by whoever runs it.
          email_verified_at: role === 'admin' ? clock.now() : null,
        })
        .returning('*');
      if (!user.email_verified_at) await emails.sendVerification(trx, user);
      return { existing: false, user };
    });
  } catch (error) {
    if (sqlState(error) === PG.uniqueViolation && (constraintName(error) ?? '').includes('username')) throw usernameTaken();
    throw error;
  }
}

function standIn(fields: { email: string; username: string; name: string; timezone: string; now: Date }): User {
  return Object.assign(new User(), {
    id: randomUUID(),
    email: fields.email,
    username: fields.username,
    name: fields.name,
    password_hash: '',
    role: 'user' as const,
    timezone: fields.timezone,
    daily_meeting_limit: null,
    feed_token: null,
    email_verified_at: null,
    created_at: fields.now,
    updated_at: fields.now,
  });
}

/** Users ordered by creation, keyset-paginated by (created_at, id). Throws validation_failed for a bad cursor. */
export async function listUsers(db: Knex, options: { limit: number; cursor?: string }): Promise<{ users: User[]; nextCursor: string | null }> {
  const query = User.query(db).orderBy([{ column: 'created_at' }, { column: 'id' }]).limit(options.limit + 1);
  if (options.cursor) {
    // Compare against the row itself: timestamps carry microseconds a JS Date would drop.
    const id = decodeCursor(options.cursor);
    const anchor = await db('users').where({ id }).first('id');
    if (!anchor) throw invalidCursor();
    query.whereRaw('(created_at, id) > (SELECT created_at, id FROM users WHERE id = ?)', [id]);
  }
  const rows = await query;
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return { users: page, nextCursor: rows.length > options.limit && last ? Buffer.from(last.id).toString('base64url') : null };
}

const invalidCursor = () =>
  new DomainError('validation_failed', 'The cursor is not valid; use the nextCursor of a previous page', { errors: [{ field: 'cursor', message: 'invalid cursor' }] });

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw invalidCursor();
  return id;
}
