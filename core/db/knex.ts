import knexPkg, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { PreparedStatementsClient } from './preparedStatements.js';
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
  /** PostgreSQL: name parameterised statements so each is parsed and planned once per connection (default true). */
  preparedStatements?: boolean;
  /**
   * PostgreSQL: let the planner use parallel workers (default false: each connection sets
   * max_parallel_workers_per_gather to 0; starting a worker cost a 4 ms query 30–40 ms).
   */
  parallelQuery?: boolean;
}

/** The connection settings of DATABASE_PREPARED_STATEMENTS and DATABASE_PARALLEL_QUERY. */
export function connectionSettings(config: { DATABASE_PREPARED_STATEMENTS: boolean; DATABASE_PARALLEL_QUERY: boolean }): Pick<CreateDatabaseOptions, 'preparedStatements' | 'parallelQuery'> {
  return { preparedStatements: config.DATABASE_PREPARED_STATEMENTS, parallelQuery: config.DATABASE_PARALLEL_QUERY };
}

type RawConnection = { query(sql: string, callback: (error: Error | null) => void): void };

// int8 (counts, sums) arrives as a string from `pg`; PGlite already gives numbers.
// Our int8 values stay far below 2^53, so both drivers agree on plain numbers.
pg.types.setTypeParser(20, (value: string) => Number(value));

export interface KnexSetup {
  kind: DatabaseKind;
  /** A knex configuration ready to use (knex CLI's knexfile returns it). */
  config: Knex.Config;
  /** The embedded database, when that is what was opened. */
  pglite?: PGlite;
  /** Releases the data directory's lock (embedded only); idempotent. */
  release(): void;
}

/**
 * Opens what a knex instance needs: a `pg` configuration for DATABASE_URL, or the embedded
 * database (PGlite) in `dataDir`, locked to this process and private (0700/0600). Throws
 * DataDirLockedError while another process owns the data directory.
 */
export async function prepareKnexConfig(options: CreateDatabaseOptions): Promise<KnexSetup> {
  if (options.databaseUrl) {
    const config: Knex.Config = {
      client: options.preparedStatements === false ? 'pg' : (PreparedStatementsClient as unknown as typeof Knex.Client),
      dialect: 'postgres',
      connection: { connectionString: options.databaseUrl, application_name: 'yava' },
      pool: {
        min: 0,
        max: options.poolMax ?? 10,
        ...(options.parallelQuery ? {} : { afterCreate: (connection: RawConnection, done: (error: Error | null, connection: RawConnection) => void) => connection.query('SET max_parallel_workers_per_gather = 0', (error) => done(error, connection)) }),
      },
      acquireConnectionTimeout: 10_000,
    };
    return { kind: 'postgres', config, release: () => {} };
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
  const config: Knex.Config = {
    client: ClientPgLite as unknown as typeof Knex.Client,
    dialect: 'postgres',
    connection: (() => ({ pglite })) as unknown as Knex.StaticConnectionConfig,
  };
  return { kind: 'pglite', config, pglite, release: () => lock?.release() };
}

/**
 * Opens the embedded database or a PostgreSQL server. An embedded data directory is
 * locked to this process until `close()` (DataDirLockedError while another process owns
 * it) and kept private (0700/0600).
 */
export async function createDatabase(options: CreateDatabaseOptions): Promise<Database> {
  const setup = await prepareKnexConfig(options);
  const knex = knexPkg.knex(setup.config);
  const { pglite } = setup;
  return {
    knex,
    kind: setup.kind,
    exec: async (sql) => {
      if (pglite) await pglite.exec(sql);
      else await knex.raw(sql);
    },
    // knex-pglite closes the PGlite instance it was handed when the pool is destroyed.
    close: async () => {
      try {
        await knex.destroy();
      } finally {
        setup.release();
      }
    },
  };
}
