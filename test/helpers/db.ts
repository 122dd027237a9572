import { randomBytes } from 'node:crypto';
import knexPkg from 'knex';
import { createDatabase, type Database } from '../../core/db/knex.js';
import { migrateLatest } from '../../core/db/migrate.js';

/**
 * One database for the whole mocha run: embedded PGlite in memory by default, or a
 * fresh database created on the server named by TEST_DATABASE_URL (dropped at the end),
 * so runs never collide. Suites call `resetTestDb()` to start from empty tables.
 */
let shared: Promise<Database> | undefined;
let createdUrl: string | undefined;
let adminUrl: string | undefined;

export const usingPostgres = (): boolean => Boolean(process.env.TEST_DATABASE_URL);

/** The URL of this run's own PostgreSQL database (only with TEST_DATABASE_URL). */
export async function testDatabaseUrl(): Promise<string> {
  await getTestDb();
  if (!createdUrl) throw new Error('testDatabaseUrl() needs TEST_DATABASE_URL');
  return createdUrl;
}

async function createFreshPostgresDatabase(baseUrl: string): Promise<string> {
  const name = `yava_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = knexPkg.knex({ client: 'pg', connection: baseUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
  } finally {
    await admin.destroy();
  }
  adminUrl = baseUrl;
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function getTestDb(): Promise<Database> {
  shared ??= (async () => {
    const base = process.env.TEST_DATABASE_URL;
    if (base) createdUrl = await createFreshPostgresDatabase(base);
    const db = await createDatabase({ databaseUrl: createdUrl, poolMax: 20 });
    await migrateLatest(db.knex);
    return db;
  })();
  return shared;
}

const KEEP = new Set(['knex_migrations', 'knex_migrations_lock']);

/** Empties every application table. */
export async function resetTestDb(): Promise<Database> {
  const db = await getTestDb();
  const { rows } = await db.knex.raw<{ rows: Array<{ tablename: string }> }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
  const tables = rows.map((r) => r.tablename).filter((t) => !KEEP.has(t));
  if (tables.length) await db.knex.raw(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`);
  return db;
}

export async function closeTestDb(): Promise<void> {
  if (!shared) return;
  const db = await shared;
  shared = undefined;
  await db.close();
  if (createdUrl && adminUrl) {
    const name = new URL(createdUrl).pathname.slice(1);
    const admin = knexPkg.knex({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
    try {
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.destroy();
    }
    createdUrl = undefined;
  }
}
