import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

let n = 0;

/** Inserts a user straight into the database (no API), for core and route tests. */
export async function insertUser(db: Knex, overrides: Partial<{ name: string; email: string; username: string; timezone: string; role: string }> = {}) {
  n += 1;
  const [row] = await db('users')
    .insert({
      email: overrides.email ?? `host${n}-${randomUUID().slice(0, 8)}@example.com`,
      username: overrides.username ?? `host${n}${randomUUID().slice(0, 6)}`,
      name: overrides.name ?? `Host ${n}`,
      password_hash: 'x',
      role: overrides.role ?? 'user',
      timezone: overrides.timezone ?? 'Europe/Berlin',
    })
    .returning('*');
  return row as { id: string; email: string; username: string; name: string; timezone: string };
}
