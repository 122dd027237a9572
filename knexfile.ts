/**
 * knex's own CLI, on the database the server uses: DATABASE_URL when set, else the embedded
 * database in YAVA_DATA_DIR (locked like the server's: stop the server first). The migrations
 * are the server's list (migrations/index.ts), so `npx knex migrate:latest` and the server
 * build the same schema. knex finds knexfile.js first, which loads this file through tsx.
 *
 *   npx knex migrate:latest | migrate:rollback | migrate:status | migrate:list
 *   npx knex migrate:make add_thing     # writes migrations/<timestamp>_add_thing.ts
 */
import type { Knex } from 'knex';
import { loadDatabaseConfig } from './core/config.js';
import { prepareKnexConfig } from './core/db/knex.js';
import { migrationConfig } from './core/db/migrate.js';

export default async function knexConfig(): Promise<Knex.Config> {
  const settings = loadDatabaseConfig();
  const setup = await prepareKnexConfig({ databaseUrl: settings.DATABASE_URL, dataDir: settings.YAVA_DATA_DIR });
  // knex's CLI exits without a hook of ours: free the data directory when it does.
  process.once('exit', () => setup.release());
  return { ...setup.config, migrations: { ...migrationConfig(), extension: 'ts', stub: 'scripts/migration.stub' } };
}
