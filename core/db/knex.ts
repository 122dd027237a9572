import knexPkg, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { acquireDataDirLock, prepareDataDir, tightenDataDir, type DataDirLock } from './dataDir.js';

export type { Knex };
export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  knex: Knex;
  kind: DatabaseKind;
  /** Runs multi-statement SQL (PGlite's knex dialect takes one statement per call). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface CreateDatabaseOptions {
  /** postgres://… selects a PostgreSQL server through `pg`. */
  databaseUrl?: string;
  /** Embedded data directory; `memory://` (or omitted with no url) keeps it in memory. */
  dataDir?: string;
  poolMax?: number;
}

// int8 (counts, sums) arrives as a string from `pg`; PGlite already gives numbers.
// Our int8 values stay far below 2^53, so both drivers agree on plain numbers.
pg.types.setTypeParser(20, (value: string) => Number(value));

/**
 * Opens the embedded database or a PostgreSQL server. An embedded data directory is
 * locked to this process until `close()` (DataDirLockedError while another process owns
 * it) and kept private (0700/0600).
 */
export async function createDatabase(options: CreateDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const knex = knexPkg.knex({
      client: 'pg',
      connection: { connectionString: options.databaseUrl, application_name: 'yava' },
      pool: { min: 0, max: options.poolMax ?? 10 },
      acquireConnectionTimeout: 10_000,
    });
    return {
      knex,
      kind: 'postgres',
      exec: async (sql) => {
        await knex.raw(sql);
      },
      close: () => knex.destroy(),
    };
  }
  const inMemory = !options.dataDir || options.dataDir.startsWith('memory://');
  let dataDir: string | undefined;
  let lock: DataDirLock | undefined;
  if (!inMemory) {
    dataDir = prepareDataDir(options.dataDir!);
    lock = acquireDataDirLock(dataDir);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir, { extensions: { btree_gist } });
    if (dataDir) tightenDataDir(dataDir);
  } catch (error) {
    lock?.release();
    throw error;
  }
  const knex = knexPkg.knex({
    client: ClientPgLite as unknown as typeof Knex.Client,
    dialect: 'postgres',
    connection: (() => ({ pglite })) as unknown as Knex.StaticConnectionConfig,
  });
  return {
    knex,
    kind: 'pglite',
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    // knex-pglite closes the PGlite instance it was handed when the pool is destroyed.
    close: async () => {
      try {
        await knex.destroy();
      } finally {
        lock?.release();
      }
    },
  };
}
