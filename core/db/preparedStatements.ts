/**
 * Named prepared statements for knex on PostgreSQL.
 *
 * knex sends every query unnamed, so PostgreSQL parses and plans it again each time: for the
 * short statements of a booking that is most of the server's work (bench/load: parse and bind,
 * which plans, took three times as long as executing). Giving each parameterised statement a
 * name derived from its text lets `pg` parse it once per connection, and lets PostgreSQL keep
 * its plan (a generic plan once it costs no more than the custom ones, plan_cache_mode auto).
 *
 * Bounded: a connection prepares at most `maxPerConnection` statements; others run unnamed.
 * A prepared statement over `SELECT *` breaks when a migration adds a column while the
 * connection lives ("cached plan must not change result type", SQLSTATE 0A000): every connection
 * of the pool then prepares its statements afresh under new names (the first to meet the change
 * tells them all), and the query runs again, unless it was inside a transaction (already aborted
 * by the error): that transaction fails with 0A000 and nothing of it is kept, so the caller may
 * run it again (core/booking/context.ts inTransaction does, once).
 * DATABASE_PREPARED_STATEMENTS=off turns it off (PgBouncer in transaction mode before 1.21).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Knex } from 'knex';


interface QueryObject {
  sql: string;
  bindings?: unknown[];
  options?: Record<string, unknown>;
}

/** What this module keeps on a `pg` connection. */
interface Tracked {
  yavaPrepared?: { generation: number; names: Set<string> };
  /** Set by knex while the connection runs a transaction. */
  __knexTxId?: string;
}

interface PgError {
  code?: string;
}

/** Text hashes of recent statements: hashing each query's text anew cost more than a Map lookup. */
const hashes = new Map<string, string>();
const MAX_HASHES = 2000;

/** The statement name for `sql` on a connection: stable text hash, changed per generation. */
export function statementName(sql: string, generation: number): string {
  let hash = hashes.get(sql);
  if (hash === undefined) {
    hash = createHash('sha1').update(sql).digest('base64url').slice(0, 20);
    if (hashes.size >= MAX_HASHES) hashes.clear();
    hashes.set(sql, hash);
  }
  return `y${generation}_${hash}`;
}

/** Whether a statement is worth naming: it has parameters and is one statement. */
export function preparable(query: QueryObject): boolean {
  return Boolean(query.bindings?.length) && !query.options?.name && !/;\s*\S/.test(query.sql);
}

/** Each pool's generation of statement names, by its knex config (see PreparedStatementsClient). */
const generations = new WeakMap<object, { generation: number }>();

type PgClientClass = new (config: Knex.Config) => Knex.Client & { _query(connection: unknown, obj: QueryObject): Promise<unknown> };
const ClientPG = createRequire(import.meta.url)('knex/lib/dialects/postgres/index.js') as PgClientClass;

/** knex's PostgreSQL client, naming each parameterised statement (see the module comment). */
export class PreparedStatementsClient extends ClientPG {
  /** How many statements one connection prepares at most (a setting for tests). */
  static maxPerConnection = 500;

  /**
   * The pool's generation of statement names: a table changed under one moves them all on. Kept
   * by the pool's config object, which knex's transaction clients share (they copy no fields).
   */
  private get statementGeneration(): { generation: number } {
    let shared = generations.get(this.config);
    if (!shared) {
      shared = { generation: 0 };
      generations.set(this.config, shared);
    }
    return shared;
  }

  override async _query(connection: Tracked, obj: QueryObject): Promise<unknown> {
    if (!preparable(obj)) return super._query(connection, obj);
    const pool = this.statementGeneration;
    // A connection still on an older generation starts afresh (its old statements stay unused).
    if (connection.yavaPrepared?.generation !== pool.generation) connection.yavaPrepared = { generation: pool.generation, names: new Set() };
    const state = connection.yavaPrepared;
    const name = statementName(obj.sql, state.generation);
    if (!state.names.has(name) && state.names.size >= PreparedStatementsClient.maxPerConnection) return super._query(connection, obj);
    state.names.add(name);
    try {
      return await super._query(connection, { ...obj, options: { ...obj.options, name } });
    } catch (error) {
      if ((error as PgError).code !== '0A000') throw error;
      // The table changed under a prepared statement: every connection prepares afresh under new
      // names. Outside a transaction the query simply runs again; inside one it is already aborted.
      if (state.generation === pool.generation) pool.generation += 1;
      connection.yavaPrepared = { generation: pool.generation, names: new Set() };
      if (connection.__knexTxId) throw error;
      const fresh = statementName(obj.sql, pool.generation);
      connection.yavaPrepared.names.add(fresh);
      return super._query(connection, { ...obj, options: { ...obj.options, name: fresh } });
    }
  }
}
