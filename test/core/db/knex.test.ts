import { expect } from 'chai';
import { loadConfig } from '../../../core/config.js';
import { connectionSettings, createDatabase } from '../../../core/db/knex.js';
import { testDatabaseUrl, usingPostgres } from '../../helpers/db.js';

describe('core/db/knex connection settings', () => {
  it('keeps parallel query off by default; DATABASE_PARALLEL_QUERY=on allows it', () => {
    expect(connectionSettings(loadConfig({}))).to.deep.equal({ preparedStatements: true, parallelQuery: false });
    expect(connectionSettings(loadConfig({ DATABASE_PARALLEL_QUERY: 'on', DATABASE_PREPARED_STATEMENTS: 'off' }))).to.deep.equal({ preparedStatements: false, parallelQuery: true });
  });

  describe('on PostgreSQL', () => {
    before(function () {
      if (!usingPostgres()) this.skip();
    });

    const workersPerGather = async (parallelQuery?: boolean): Promise<string> => {
      const database = await createDatabase({ databaseUrl: await testDatabaseUrl(), poolMax: 2, ...(parallelQuery === undefined ? {} : { parallelQuery }) });
      try {
        // Two connections at once: the setting is made on every connection the pool opens.
        const [a, b] = await database.knex.transaction(async (trx) => [await trx.raw('SHOW max_parallel_workers_per_gather'), await database.knex.raw('SHOW max_parallel_workers_per_gather')]);
        expect(a.rows[0].max_parallel_workers_per_gather).to.equal(b.rows[0].max_parallel_workers_per_gather);
        return a.rows[0].max_parallel_workers_per_gather as string;
      } finally {
        await database.close();
      }
    };

    it('sets max_parallel_workers_per_gather to 0 on each connection unless parallel query is asked for', async () => {
      expect(await workersPerGather()).to.equal('0');
      // Connections that allow it keep the server's own value (2 unless its configuration says otherwise).
      const database = await createDatabase({ databaseUrl: await testDatabaseUrl(), poolMax: 1 });
      const { rows } = await database.knex.raw("SELECT reset_val FROM pg_settings WHERE name = 'max_parallel_workers_per_gather'").finally(() => database.close());
      expect(await workersPerGather(true)).to.equal(rows[0].reset_val);
    });
  });
});
