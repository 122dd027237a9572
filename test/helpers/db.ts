import { randomBytes } from 'node:crypto';
import knexPkg from 'knex';
import { createDatabase, type Database } from '../../core/db/knex.js';
import { migrateLatest } from '../../core/db/migrate.js';

/**
 * One database for the whole mocha run: embedded PGlite in memory by default, or a
 * fresh database created on the server named by TEST_DATABASE_URL (dropped at the end),
 * so runs never collide. Suites call `resetTestDb()` to start from empty tables.
 */
// Kept on globalThis: mocha's root hook (test/setup.ts) may load this module through
// another loader than the suites do, and both must see the same database.
interface SharedState {
  db?: Promise<Database>;
  createdUrl?: string;
  adminUrl?: string;
}
const state: SharedState = ((globalThis as { __yavaTestDb?: SharedState }).__yavaTestDb ??= {});

export const usingPostgres = (): boolean => Boolean(process.env.TEST_DATABASE_URL);

/** The URL of this run's own PostgreSQL database (only with TEST_DATABASE_URL). */
export async function testDatabaseUrl(): Promise<string> {
  await getTestDb();
  if (!state.createdUrl) throw new Error('testDatabaseUrl() needs TEST_DATABASE_URL');
  return state.createdUrl;
}

async function createFreshPostgresDatabase(baseUrl: string): Promise<string> {
  const name = `yava_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = knexPkg.knex({ client: 'pg', connection: baseUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
  } finally {
    await admin.destroy();
  }
  state.adminUrl = baseUrl;
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function getTestDb(): Promise<Database> {
  state.db ??= (async () => {
    const base = process.env.TEST_DATABASE_URL;
    if (base) state.createdUrl = await createFreshPostgresDatabase(base);
    const db = await createDatabase({ databaseUrl: state.createdUrl, poolMax: 20 });
    await migrateLatest(db.knex);
    return db;
  })();
  return state.db;
}

const KEEP = new Set(['knex_migrations', 'knex_migrations_lock']);

/** Empties every application table. */
export async function resetTestDb(): Promise<Database> {
  const db = await getTestDb();
  const { rows } = await db.knex.raw<{ rows: Array<{ tablename: string }> }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
  const tables = rows.map((r) => r.tablename).filter((t) => !KEEP.has(t));
  if (!tables.length) return db;
  const truncate = `TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`;
  for (let attempt = 1; ; attempt++) {
    try {
      await db.knex.raw(truncate);
      return db;
    } catch (error) {
      // A statement a previous suite left running (PostgreSQL only) can deadlock the TRUNCATE,
      // which then changed nothing: say so, since it is that suite's leak, and try again.
      if ((error as { code?: string }).code !== '40P01' || attempt >= 3) throw error;
      console.warn(`resetTestDb: TRUNCATE deadlocked with a statement still running from an earlier test (try ${attempt}); trying again`);
    }
  }
}

export async function closeTestDb(): Promise<void> {
  if (!state.db) return;
  const db = await state.db;
  state.db = undefined;
  await db.close();
  if (state.createdUrl && state.adminUrl) {
    const name = new URL(state.createdUrl).pathname.slice(1);
    const admin = knexPkg.knex({ client: 'pg', connection: state.adminUrl, pool: { min: 0, max: 1 } });
    try {
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.destroy();
    }
    state.createdUrl = undefined;
  }
}
