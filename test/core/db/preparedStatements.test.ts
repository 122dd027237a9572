import { expect } from 'chai';
import type { Knex } from 'knex';
import { loadConfig } from '../../../core/config.js';
import { createDatabase, type Database } from '../../../core/db/knex.js';
import { PreparedStatementsClient, preparable, statementName } from '../../../core/db/preparedStatements.js';
import { inTransaction } from '../../../core/booking/context.js';
import { testDatabaseUrl, usingPostgres } from '../../helpers/db.js';

describe('core/db/preparedStatements', () => {
  it('names one parameterised statement by its text, and leaves plain and multi-statement SQL unnamed', () => {
    expect(statementName('select $1', 0)).to.equal(statementName('select $1', 0));
    expect(statementName('select $1', 0)).to.not.equal(statementName('select $2', 0));
    expect(statementName('select $1', 0)).to.not.equal(statementName('select $1', 1));
    expect(preparable({ sql: 'select * from users where id = ?', bindings: ['x'] })).to.equal(true);
    expect(preparable({ sql: 'BEGIN;', bindings: [] })).to.equal(false);
    expect(preparable({ sql: 'select ?; select 2', bindings: [1] })).to.equal(false);
    expect(preparable({ sql: 'select ?', bindings: [1], options: { name: 'mine' } })).to.equal(false);
  });

  it('is on by default and DATABASE_PREPARED_STATEMENTS=off turns it off', () => {
    expect(loadConfig({}).DATABASE_PREPARED_STATEMENTS).to.equal(true);
    expect(loadConfig({ DATABASE_PREPARED_STATEMENTS: 'off' }).DATABASE_PREPARED_STATEMENTS).to.equal(false);
  });

  describe('on PostgreSQL', () => {
    let database: Database;
    const table = `prepared_${process.pid}`;
    before(async function () {
      if (!usingPostgres()) this.skip();
      // One connection, so every query below runs on the session whose statements we read.
      database = await createDatabase({ databaseUrl: await testDatabaseUrl(), poolMax: 1 });
      await database.knex.raw(`CREATE TABLE ${table} (id int PRIMARY KEY, name text)`);
      await database.knex(table).insert([{ id: 1, name: 'one' }, { id: 2, name: 'two' }]);
    });
    after(async () => {
      if (!database) return;
      await database.knex.raw(`DROP TABLE IF EXISTS ${table}`);
      await database.close();
    });

    const prepared = async (): Promise<string[]> => {
      const { rows } = await database.knex.raw<{ rows: Array<{ statement: string }> }>('SELECT statement FROM pg_prepared_statements ORDER BY prepare_time');
      return rows.map((r) => r.statement);
    };

    it('prepares a parameterised query once per connection and answers it as before', async () => {
      const before = (await prepared()).length;
      for (const id of [1, 2, 1]) {
        const row = await database.knex(table).where({ id }).first('name');
        expect(row.name).to.equal(id === 1 ? 'one' : 'two');
      }
      const statements = await prepared();
      expect(statements.filter((s) => s.includes(`from "${table}"`))).to.have.length(1);
      expect(statements.length - before).to.equal(1);
    });

    it('prepares no more than the cap on one connection; the rest run unnamed', async () => {
      const saved = PreparedStatementsClient.maxPerConnection;
      const start = (await prepared()).length;
      PreparedStatementsClient.maxPerConnection = start + 2;
      try {
        for (const n of [1, 2, 3, 4]) expect((await database.knex.raw(`SELECT ?::int + ${n} AS v`, [1])).rows[0].v).to.equal(1 + n);
        expect((await prepared()).length).to.equal(start + 2);
      } finally {
        PreparedStatementsClient.maxPerConnection = saved;
      }
    });

    it('a table changed under a prepared SELECT *: a lone query runs again; a transaction fails once, then it is prepared afresh', async () => {
      const read = (db: typeof database.knex = database.knex) => db(table).where({ id: 1 }).select('*');
      expect(await read()).to.deep.equal([{ id: 1, name: 'one' }]);
      await database.knex.raw(`ALTER TABLE ${table} ADD COLUMN extra int DEFAULT 7`);
      expect(await read()).to.deep.equal([{ id: 1, name: 'one', extra: 7 }]);
      await database.knex.raw(`ALTER TABLE ${table} ADD COLUMN more int DEFAULT 8`);
      const failed = await database.knex.transaction((trx) => read(trx)).then(
        () => null,
        (error: { code?: string }) => error,
      );
      expect(failed?.code).to.equal('0A000');
      expect(await database.knex.transaction((trx) => read(trx))).to.deep.equal([{ id: 1, name: 'one', extra: 7, more: 8 }]);
    });

    it('after one connection meets the change, every connection of the pool prepares afresh; inTransaction runs a failed transaction once more', async () => {
      const pool = await createDatabase({ databaseUrl: await testDatabaseUrl(), poolMax: 2 });
      try {
        const read = (db: Knex) => db(table).where({ id: 2 }).select('*');
        // Both connections prepare the read (two transactions at once hold one connection each).
        const both = async () => {
          let release!: () => void;
          const gate = new Promise<void>((ok) => (release = ok));
          const one = async () =>
            pool.knex.transaction(async (trx) => {
              const rows = await read(trx);
              await gate;
              return rows;
            });
          const runs = [one(), one()];
          setTimeout(release, 50);
          return Promise.allSettled(runs);
        };
        expect((await both()).map((r) => r.status)).to.deep.equal(['fulfilled', 'fulfilled']);
        await database.knex.raw(`ALTER TABLE ${table} ADD COLUMN third int DEFAULT 3`);
        // The first connection to meet it fails (inside a transaction); the other one then
        // does not, though its statement was prepared before the change too.
        const failed = await pool.knex.transaction((trx) => read(trx)).then(
          () => null,
          (error: { code?: string }) => error,
        );
        expect(failed?.code).to.equal('0A000');
        expect((await both()).map((r) => r.status)).to.deep.equal(['fulfilled', 'fulfilled']);
        await database.knex.raw(`ALTER TABLE ${table} ADD COLUMN fourth int DEFAULT 4`);
        const rows = await inTransaction(pool.knex, (trx) => read(trx));
        expect(rows).to.deep.equal([{ id: 2, name: 'two', extra: 7, more: 8, third: 3, fourth: 4 }]);
      } finally {
        await pool.close();
      }
    });
  });
});
